import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { iterationAbove, SCREENSHOTS } from './helpers';

/** A summary-table cell's raw number. */
async function cell(page: Page, variable: string, col: string): Promise<number> {
  const v = await page.getByTestId(`summary-row-${variable}`).locator(`[data-col="${col}"]`).getAttribute('data-value');
  return v === null || v === '' ? NaN : Number(v);
}

test('HMC on the Gaussian: the summary table shows R-hat < 1.01 and ESS > 400 per coordinate, and every plot renders', async ({ page }) => {
  await page.goto('/?target=gaussian&sampler=hmc&chains=1024&seed=3');
  await iterationAbove(page, 0);
  await expect(page.getByTestId('readout-phase')).toHaveAttribute('data-value', 'sampling', { timeout: 90_000 });
  const table = page.getByTestId('summary-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect.poll(async () => {
    // The all-chain table has one ESS (of the mean, from every chain): no tail ESS to read.
    const rows = await Promise.all(['x0', 'x1'].map(async (v) => [await cell(page, v, 'nrhat'), await cell(page, v, 'ess')]));
    return rows.every(([rhat, ess]) => rhat < 1.01 && ess > 400);
  }, { message: 'nested R-hat < 1.01 and all-chain ESS > 400 for x0 and x1', timeout: 150_000 }).toBe(true);
  // The mean agrees with the truth (0) within a few of its own MCSEs.
  const [mean, mcse] = [await cell(page, 'x0', 'mean'), await cell(page, 'x0', 'mcse_mean')];
  expect(mcse).toBeGreaterThan(0);
  expect(Math.abs(mean)).toBeLessThan(5 * mcse);
  for (const id of ['plot-trace', 'plot-acf', 'plot-convergence', 'plot-ranks', 'plot-energy', 'plot-health', 'plot-truth-error']) {
    await expect(page.locator(`[data-testid="${id}"] .main-svg`).first(), `${id} renders`).toBeVisible({ timeout: 60_000 });
  }
  await page.getByRole('region', { name: 'Diagnostics' }).screenshot({ path: join(SCREENSHOTS, 'diagnostics.png') });

  // The traced chains' draws as CSV: one row per chain and draw, with the energy column for HMC.
  // (The all-chain diagnostics can pass within a few draws: wait for 60 past the 500 of warm-up.)
  await iterationAbove(page, 560);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Draws (CSV)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('chain,iteration,x0,x1,energy');
  expect(csv.length - 1).toBeGreaterThan(8 * 50);
  expect(csv.slice(1).every((line) => line.split(',').length === 5)).toBe(true);
});

test('closing the diagnostics panel stops its plots; reopening brings them back', async ({ page }) => {
  // A short warm-up and fewer chains: the table appears once sampling starts.
  await page.goto('/?target=banana&sampler=hmc&chains=1024&warmup=100');
  await iterationAbove(page, 0);
  const toggle = page.getByRole('button', { name: 'Diagnostics' });
  await expect(page.getByTestId('summary-table')).toBeVisible({ timeout: 120_000 });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('summary-table')).toHaveCount(0);
  await toggle.click();
  await expect(page.getByTestId('summary-table')).toBeVisible({ timeout: 60_000 });
});
