import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { iterationAbove, SCREENSHOTS } from './helpers';

/** Seconds of engine time each side gets, and chains: on SwiftShader 1024 chains let HMC finish
 * its warm-up in a fraction of the budget and then draw thousands of times, while the whole test
 * stays near a minute. */
const BUDGET_S = 20;
const CHAINS = 1024;

const cell = async (page: Page, metric: string, side: 'a' | 'b') =>
  Number(await page.getByTestId(`compare-${metric}-${side}`).getAttribute('data-value'));

test('compare mode: HMC beats random-walk Metropolis in ESS per second on the correlated target', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await iterationAbove(page, 0);
  await page.getByLabel('Target', { exact: true }).selectOption('correlated');
  await page.getByLabel('Sampler', { exact: true }).selectOption('hmc');
  await page.getByLabel('Chains', { exact: true }).fill(String(CHAINS));
  await page.getByTestId('mode-compare').click();

  await page.getByLabel('Sampler B', { exact: true }).selectOption('rwm');
  await page.getByLabel('Budget', { exact: true }).selectOption('seconds');
  await page.getByLabel('Amount each', { exact: true }).fill(String(BUDGET_S));
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-running.png'), fullPage: true });
  await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('compare-error')).toHaveCount(0);
  // RWM's burn-in is a sliver of its budget: no call-out that it spent most of it before sampling.
  await expect(page.getByTestId('compare-setup-warning-b')).toHaveCount(0);

  // Both sides spent their budget, within one round (rounds aim at 0.3 s).
  for (const side of ['a', 'b'] as const) {
    const seconds = await cell(page, 'seconds', side);
    expect(seconds).toBeGreaterThanOrEqual(BUDGET_S);
    expect(seconds).toBeLessThan(BUDGET_S + 2);
    expect(await cell(page, 'draws', side)).toBeGreaterThan(100);
  }
  // Per second of engine time, everything paid (warm-up included), and per evaluation. (In Node on
  // Dawn, 1024 chains, 20 s each: 244k against 49k ESS/s, 69 against 20 ESS per 1000 evaluations.)
  const essPerSecond = [await cell(page, 'ess-per-second', 'a'), await cell(page, 'ess-per-second', 'b')];
  expect(essPerSecond[0]).toBeGreaterThan(essPerSecond[1]);
  await expect(page.getByTestId('compare-ess-per-second-a')).toHaveClass(/better/);
  const [hmc, rwm] = [await cell(page, 'ess-per-kilo-eval', 'a'), await cell(page, 'ess-per-kilo-eval', 'b')];
  expect(hmc).toBeGreaterThan(rwm);
  // Two panels, two sets of numbers.
  expect(await cell(page, 'ess-bulk', 'a')).not.toBe(await cell(page, 'ess-bulk', 'b'));
  expect(await cell(page, 'evaluations', 'a')).not.toBe(await cell(page, 'evaluations', 'b'));
  await expect(page.getByTestId('plot-compare-error').locator('.scatterlayer .trace')).toHaveCount(2);
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-done.png'), fullPage: true });
  console.log(`ESS per 1000 evaluations HMC ${hmc.toFixed(1)}, RWM ${rwm.toFixed(1)}; ESS/s HMC ${essPerSecond[0].toFixed(0)}, RWM ${essPerSecond[1].toFixed(0)}`);
});
