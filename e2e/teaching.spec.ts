import { expect, test } from '@playwright/test';
import { expectMoments, iteration, iterationAbove } from './helpers';

test('a user-written density: errors inline while typing, the last valid one keeps running, the link carries it', async ({ page }) => {
  await page.goto('/?sampler=hmc&eps=0.2&L=10');
  await iterationAbove(page, 0);
  await page.getByLabel('Target', { exact: true }).selectOption('custom');
  const editor = page.getByLabel(/^log p\(x, y\)/);
  await expect(editor).toBeVisible();

  // A correlated Gaussian centred at (1, −2) with unit variances.
  await editor.fill('-((x - 1)^2 - (x - 1)*(y + 2) + (y + 2)^2) / 1.5');
  await expect(page.getByTestId('expression-error')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('expr')).toBe('-((x - 1)^2 - (x - 1)*(y + 2) + (y + 2)^2) / 1.5');
  await expect.poll(async () => Number(await page.getByTestId('readout-mean-0').getAttribute('data-value')), { timeout: 120_000 })
    .toBeGreaterThan(0.8);

  // Broken text: the message is inline, nothing is sent to the GPU, the previous density runs on.
  await editor.fill('-((x - 1)^2 +* y');
  await expect(page.getByTestId('expression-error').first()).toBeVisible();
  await expect(page.getByTestId('expression-stale')).toBeVisible();
  const it0 = await iteration(page);
  await iterationAbove(page, it0 + 10);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('expr')).toBe('-((x - 1)^2 - (x - 1)*(y + 2) + (y + 2)^2) / 1.5');

  // Unknown names and non-finite values at the centre are explained too.
  await editor.fill('-(x^2 + z^2)/2');
  await expect(page.getByTestId('expression-error').first()).toContainText('z');
  await editor.fill('log(x)');
  await expect(page.getByTestId('expression-error').first()).toContainText(/centre|center/);
});

test('a link with an expression opens it running', async ({ page }) => {
  const expr = '-(x^2 + y^2)/2';
  await page.goto(`/?target=custom&expr=${encodeURIComponent(expr)}&sampler=hmc&eps=0.3&L=8&chains=4096`);
  await iterationAbove(page, 0);
  await expect(page.getByLabel(/^log p\(x, y\)/)).toHaveValue(expr);
  await expectMoments(page, 0, 0.1, 1, 0.15);
});

test('a density that is NaN in part of the box and one that is improper: warnings, divergences counted, the page runs on', async ({ page }) => {
  await page.goto('/?sampler=hmc&eps=0.4&L=10&chains=1024');
  await iterationAbove(page, 0);
  await page.getByLabel('Target', { exact: true }).selectOption('custom');
  const editor = page.getByLabel(/^log p\(x, y\)/);
  await editor.fill('-(x^2 + y^2)/2 + log(x + 1)');
  await expect(page.getByTestId('expression-warning').first()).toContainText(/NaN/);
  await expect(page.locator('.notice', { hasText: 'divergent transitions' })).toBeVisible();
  const it0 = await iteration(page);
  await iterationAbove(page, it0 + 10);

  const before = await iteration(page);
  await editor.fill('-x^2/2');
  await expect(page.getByTestId('expression-warning').first()).toContainText(/integrable|improper/);
  // The new density restarts the run: count its iterations, not the old run's.
  await expect.poll(() => iteration(page), { message: 'the improper density starts a new run' }).toBeLessThan(before);
  await iterationAbove(page, (await iteration(page)) + 10);
  await expect(page.locator('.notice.error')).toHaveCount(0);
});
