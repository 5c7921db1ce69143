import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cpuEngineName, expectBananaCloud, expectGaussianCloud, expectMoments, fillNumber, iteration, iterationAbove, pixelStats, SCREENSHOTS } from './helpers';

// Runs in the 'cpu-fallback' project: Chromium without WebGPU (no adapter).
test('without WebGPU the CPU reference runs in a worker and says so', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('fallback-banner'))
    .toContainText('WebGPU unavailable — running the CPU reference in Web Workers');
  await expect(page.getByTestId('readout-adapter')).toHaveAttribute('data-value', await cpuEngineName(page));
  const it0 = await iterationAbove(page, 0);
  await iterationAbove(page, it0 + 10);

  await page.getByLabel('Target', { exact: true }).selectOption('gaussian');
  await expectMoments(page, 0, 0.1, 1, 0.15);
  // The worker engine records the sampling phase too: the diagnostics follow.
  await expect(page.getByTestId('summary-row-x1').locator('[data-col="ess"]')).not.toHaveAttribute('data-value', /^(NaN)?$/);
  await expect(page.locator('[data-testid="plot-trace"] .main-svg').first()).toBeVisible();
  const it1 = await iteration(page);
  await iterationAbove(page, it1 + 10);

  // The worker's rejections reach the page with their fields, and the run goes on.
  await fillNumber(page, 'Chains', '-5');
  await fillNumber(page, /^Step size/, '1e9');
  await expect(page.getByTestId('error-chains')).toHaveText(/Number of chains.*-5/);
  await expect(page.getByTestId('error-eps')).toHaveText(/Step size.*got 1000000000/);
  const it2 = await iteration(page);
  await iterationAbove(page, it2 + 10);
  await fillNumber(page, 'Chains', '4096');
  await fillNumber(page, /^Step size/, '0.25');
  await expect(page.locator('[data-testid^="error-"]')).toHaveCount(0);

  await page.screenshot({ path: join(SCREENSHOTS, 'app-cpu-fallback.png'), fullPage: true });
  const png = await page.getByTestId('particle-canvas').screenshot({ path: join(SCREENSHOTS, 'canvas-cpu-fallback.png') });
  expect((await pixelStats(page, png)).lumaVariance).toBeGreaterThan(100);
  await expectGaussianCloud(page);
});

test('without WebGPU the worker trains the flow too, and NeuTra HMC samples in its latent space', async ({ page }) => {
  await page.goto('/?target=banana&sampler=neutra-hmc&chains=512&seed=4&trainIterations=60&trainBatch=256&warmup=50');
  await expect(page.getByTestId('readout-adapter')).toHaveAttribute('data-value', await cpuEngineName(page));
  await expect.poll(() => page.getByTestId('readout-phase').getAttribute('data-value')).toBe('training');
  await expect(page.getByTestId('readout-elbo')).not.toHaveAttribute('data-value', '');
  // The Canvas 2D view draws the flow's draws while it trains, then the chains, on the banana.
  expect((await pixelStats(page, await page.getByTestId('particle-canvas').screenshot())).orangePixels).toBeGreaterThan(500);
  await expect.poll(() => page.getByTestId('readout-phase').getAttribute('data-value'), { timeout: 180_000 }).toBe('sampling');
  await iterationAbove(page, 20);
  await expectBananaCloud(page);
  expect(Number(await page.getByTestId('readout-elbo').getAttribute('data-value'))).toBeLessThan(Math.log(4 * Math.PI) + 0.2);
  await expect(page.locator('.notice.error')).toHaveCount(0);
});
