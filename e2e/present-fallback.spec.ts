import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectBananaCloud, iterationAbove, SCREENSHOTS } from './helpers';

// Runs in the 'no-vulkan-compositor' project: Chromium with WebGPU but without a Vulkan
// compositor, where presenting the WebGPU canvas destroys the device every time.
test('where the WebGPU canvas cannot present, the chains stay on WebGPU and the view draws their read-backs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('notice').filter({ hasText: 'could not show the WebGPU canvas' })).toBeVisible();
  await expect(page.getByTestId('particle-canvas')).toHaveAttribute('data-canvas', '2d');
  // Still the WebGPU engine, not the CPU fallback.
  await expect(page.getByTestId('readout-adapter')).toHaveAttribute('data-value', /SwiftShader/);
  await expect(page.getByTestId('fallback-banner')).toHaveCount(0);
  await expect(page.getByTestId('readout-phase')).toHaveAttribute('data-value', 'sampling');
  const it0 = await iterationAbove(page, 0);
  await iterationAbove(page, it0 + 50);
  // The device survives once the canvas no longer presents: no new loss, and what the losses
  // broke on the way is not left on screen as an error.
  await expect(page.getByTestId('notice').filter({ hasText: 'Restoring' })).toHaveCount(0);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await page.getByTestId('particle-canvas').screenshot({ path: join(SCREENSHOTS, 'canvas-no-present.png') });
  await expectBananaCloud(page);
});
