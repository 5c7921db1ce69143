import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillNumber, SCREENSHOTS } from './helpers';

/** Explain mode, one sampler of each family: press "Next transition", find the family's drawing
 * and words. Reduced motion shows each transition complete at once (no waiting on animations). */

async function explain(page: Page, sampler: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByLabel('Sampler', { exact: true }).selectOption(sampler);
  for (const [label, value] of Object.entries(fields)) await fillNumber(page, label, value);
  const next = page.getByRole('button', { name: 'Next transition' });
  await expect(next).toBeEnabled();
  await next.click();
  await expect(page.getByTestId('explain-summary')).toBeVisible();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('section.explain').screenshot({ path: join(SCREENSHOTS, `explain-${name}.png`) });
}

test('explain mode draws what each sampler family does in one transition', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/?target=banana&chains=1024&seed=4');
  await page.getByTestId('mode-explain').click();
  const svg = page.getByTestId('explain-svg');
  const text = page.getByTestId('explain-text');
  await expect(svg).toBeVisible();

  await explain(page, 'rwm');
  await expect(svg.getByTestId('proposal')).toHaveCount(1);
  await expect(svg.locator('[data-testid=accept], [data-testid=reject]')).toHaveCount(1);
  await expect(text).toContainText(/Proposal (accepted: log u = .* < log α|rejected: log α = .* ≤ log u)/);
  await shoot(page, 'rwm');

  await explain(page, 'mala', { 'Warm-up iterations': '0' });
  await expect(svg.getByTestId('drift-arrow')).toHaveCount(1);
  await expect(svg.getByTestId('noise-arrow')).toHaveCount(1);
  await shoot(page, 'mala');

  // Warm-up off, so the L in force is the field's (ChEES would retune it).
  await explain(page, 'hmc', { 'Warm-up iterations': '0', 'Leapfrog steps L': '12' });
  const L = Number(await page.getByLabel('Leapfrog steps L', { exact: true }).inputValue());
  await expect(svg.getByTestId('leapfrog-path').locator('circle')).toHaveCount(L);
  await expect(svg.getByTestId('momentum-arrow')).toHaveCount(1);
  await expect(text).toContainText(/Proposal (accepted|rejected)/);
  await page.getByRole('button', { name: 'Next transition' }).click();
  await expect(text).toContainText('Transition 2');
  await expect(svg.getByTestId('leapfrog-path').locator('circle')).toHaveCount(L);
  await expect(svg.getByTestId('trail')).toHaveCount(1);
  await shoot(page, 'hmc');

  await explain(page, 'nuts', { 'Warm-up iterations': '0' });
  await expect(svg.getByTestId('nuts-tree').locator('circle').first()).toBeVisible();
  await expect(svg.getByTestId('uturn')).toHaveCount(1);
  await shoot(page, 'nuts');

  await explain(page, 'slice');
  await expect(svg.getByTestId('slice-level')).toHaveCount(1);
  await expect(svg.getByTestId('slice-interval')).toHaveCount(1);
  // A systematic scan: one point taken per coordinate of the 2-D banana.
  await expect(svg.locator('[data-testid=shrink-point][data-inside=true]')).toHaveCount(2);
  await expect(text).toContainText(/inside the slice: log f = .* > log y/);
  await shoot(page, 'slice');

  await explain(page, 'flow-imh', { 'Training iterations': '40', 'Training batch': '64' });
  await expect(svg.getByTestId('flow-grid').locator('polyline')).toHaveCount(18);
  await expect(svg.getByTestId('proposal')).toHaveCount(1);
  await shoot(page, 'flow-imh');

  await explain(page, 'svgd');
  await expect(svg.getByTestId('stein-force')).toHaveCount(48);
  await expect(text).toContainText('All 48 particles moved by ε·φ');
  await shoot(page, 'svgd');
});

test('animated: events appear one by one at the chosen speed, "Finish transition" completes at once', async ({ page }) => {
  await page.goto('/?target=banana&chains=1024&seed=4&sampler=hmc&warmup=0&L=20');
  await page.getByTestId('mode-explain').click();
  const speed = page.getByLabel('Speed (events per second)');
  await speed.focus();
  await speed.press('Home');
  for (let k = 1; k < 5; k++) await speed.press('ArrowRight');
  await expect(speed).toHaveValue('5');
  await page.getByRole('button', { name: 'Next transition' }).click();
  const circles = page.getByTestId('leapfrog-path').locator('circle');
  await expect(page.getByTestId('explain-event')).toContainText(/Leapfrog step \d+ of 20: energy error/);
  const partial = await circles.count();
  expect(partial).toBeLessThan(20);
  await expect(page.getByRole('button', { name: 'Next transition' })).toBeDisabled();
  await page.getByRole('button', { name: 'Finish transition' }).click();
  await expect(circles).toHaveCount(20);
  await expect(page.getByTestId('explain-summary')).toBeVisible();
});
