import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { iterationAbove, pixelStats, SCREENSHOTS } from './helpers';

/** Plotly's subplots in a plot (one `g.subplot` per pair of axes). */
const subplots = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] g.cartesianlayer > g.subplot`);

/** The y-axis titles of a diagnostics plot. */
const yTitles = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] g[class^="g-y"][class$="title"]`).allTextContents();

test('N-D views of the ill-conditioned Gaussian at d = 10; switching the view to (x2, x7) redraws the swarm and relabels the plots', async ({ page }) => {
  await page.goto('/?target=ill-conditioned-nd&d=10&sampler=elliptical&chains=1024&seed=2');
  // Elliptical slice has no warm-up: it samples from the first transition.
  await iterationAbove(page, 20);
  const canvas = page.getByTestId('particle-canvas');
  const caption = page.getByTestId('view-caption');
  await expect(caption).toContainText('x0 ∈');
  await expect(caption).toContainText('x1 ∈');
  await expect(caption).toContainText('sliced through the true mean in the other 8 coordinates');
  await expect(page.getByLabel('Horizontal coordinate')).toHaveValue('0');
  const swarm = page.locator('.swarm .stage');
  await swarm.screenshot({ path: join(SCREENSHOTS, 'nd-view-x0-x1.png') });
  const before = await pixelStats(page, await canvas.screenshot());

  // Closed by default; opened, it shows the pair plot (k = 4 of 10: 16 panels), ten marginals and ten rows.
  const toggle = page.getByRole('button', { name: 'N-D views' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('plot-pairs')).toHaveCount(0);
  await toggle.click();
  await expect(subplots(page, 'plot-pairs')).toHaveCount(16, { timeout: 60_000 });
  await expect(subplots(page, 'plot-marginals')).toHaveCount(10, { timeout: 60_000 });
  const rows = page.locator('[data-testid="nd-table"] tbody tr');
  await expect(rows).toHaveCount(10, { timeout: 90_000 });
  for (let i = 0; i < 10; i++) await expect(page.getByTestId(`nd-row-${i}`)).toBeVisible();
  await expect.poll(async () => {
    const values = await page.locator('[data-testid="nd-table"] td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    // Seven columns: mean, sd, true mean, true sd, z, nested R-hat, ESS.
    return values.length === 70 && values.every(Number.isFinite);
  }, { message: 'every cell of the N-D table holds a finite number', timeout: 90_000 }).toBe(true);
  // A k of 3 gives 9 panels.
  await page.getByLabel('Coordinates in the pair plot').selectOption('3');
  await expect(subplots(page, 'plot-pairs')).toHaveCount(9);
  await page.getByLabel('Coordinates in the pair plot').selectOption('4');
  await expect(subplots(page, 'plot-pairs')).toHaveCount(16);
  await page.getByRole('region', { name: 'N-D views' }).screenshot({ path: join(SCREENSHOTS, 'nd-panel.png') });

  // The view: x2 horizontally, x7 vertically (the same coordinate cannot be picked twice).
  await page.getByLabel('Horizontal coordinate').selectOption('2');
  await expect(page.getByLabel('Vertical coordinate').locator('option[value="2"]')).toBeDisabled();
  await page.getByLabel('Vertical coordinate').selectOption('7');
  await expect(caption).toContainText('x2 ∈');
  await expect(caption).toContainText('x7 ∈');
  await expect.poll(async () => {
    const [trace, ranks] = [await yTitles(page, 'plot-trace'), await yTitles(page, 'plot-ranks')];
    return [...trace, ...ranks].join(' ');
  }, { message: 'the trace and rank plots relabel to x2 and x7', timeout: 60_000 }).toBe('x2 x7 x2 x7');
  await expect(page.locator('[data-testid="plot-acf"] .legendtext')).toHaveText(['x2', 'x7'], { timeout: 60_000 });
  const after = await pixelStats(page, await canvas.screenshot());
  await swarm.screenshot({ path: join(SCREENSHOTS, 'nd-view-x2-x7.png') });
  // A square canvas now (the two coordinates' ranges differ thirteenfold), and a different image.
  expect(after.width / after.height).toBeCloseTo(1, 1);
  expect(before.width / before.height).toBeCloseTo(2 / 3, 1);
  expect(after.orangePixels).toBeGreaterThan(0);
  expect(Math.abs(after.lumaVariance - before.lumaVariance)).toBeGreaterThan(0.05 * before.lumaVariance);
  await page.getByRole('group', { name: 'Coordinates shown' }).screenshot({ path: join(SCREENSHOTS, 'nd-view-picker.png') });
  // The page's marginal plots follow the view: x2's recorded draws against its exact marginal.
  await expect(page.locator('[data-testid="plot-marginal-0"] .gtitle')).toHaveText('Marginal of x2', { timeout: 30_000 });
  await expect(page.locator('[data-testid="plot-marginal-1"] .legendtext')).toContainText([/chains × .* draws/, 'truth'], { timeout: 30_000 });
  await page.getByRole('region', { name: 'Diagnostics' }).screenshot({ path: join(SCREENSHOTS, 'nd-diagnostics-x2-x7.png') });
});
