import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { iteration, iterationAbove, SCREENSHOTS } from './helpers';

const status = (page: Page) => page.getByTestId('status');
const overlay = (page: Page) => page.getByTestId('help-overlay');
const rootBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Serious and critical accessibility violations, one line each (element and rule). */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

test('Space plays and pauses, s steps, r resets, and typing in a field is left alone', async ({ page }) => {
  await page.goto('/');
  await iterationAbove(page, 0);
  await expect(status(page)).toHaveText('running');
  const scrollY = await page.evaluate(() => window.scrollY);

  await page.keyboard.press('Space');
  await expect(status(page)).toHaveText('paused');
  expect(await page.evaluate(() => window.scrollY), 'Space must not scroll the page').toBe(scrollY);
  await page.keyboard.press('Space');
  await expect(status(page)).toHaveText('running');
  await page.keyboard.press('Space');
  await expect(status(page)).toHaveText('paused');

  // Paused, s advances every chain by one frame.
  const paused = await iteration(page);
  await page.keyboard.press('s');
  await iterationAbove(page, paused);
  await expect(status(page)).toHaveText('paused');

  // r starts again from the initial positions.
  const beforeReset = await iteration(page);
  await page.keyboard.press('r');
  await expect.poll(() => iteration(page), { message: 'reset should drop the iteration' }).toBeLessThan(beforeReset);

  // In a number field, s is a keystroke, not a step.
  const seed = page.getByLabel('Seed', { exact: true });
  await seed.focus();
  const still = await iteration(page);
  await page.keyboard.press('s');
  await page.keyboard.press('Space');
  await page.waitForTimeout(1000);
  expect(await iteration(page)).toBe(still);
  await expect(status(page)).toHaveText('paused');
  await expect(seed).toHaveValue('1');

  // The buttons name their shortcuts.
  await expect(page.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-keyshortcuts', 'Space');
  await expect(page.getByRole('button', { name: 'Step' })).toHaveAttribute('aria-keyshortcuts', 'S');
  await expect(page.getByRole('button', { name: 'Reset' })).toHaveAttribute('aria-keyshortcuts', 'R');
});

test('? opens the help with every sampler and its parameters; Escape closes it and focus returns', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Play' }).or(page.getByRole('button', { name: 'Pause' }))).toBeEnabled();
  await expect(overlay(page)).toBeHidden();

  await page.keyboard.press('?');
  await expect(overlay(page)).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close' })).toBeFocused();

  // Every sampler of the menu has its section, by name.
  const names = await page.locator('#input-sampler option').allTextContents();
  expect(names.length).toBeGreaterThan(10);
  const sections = overlay(page).locator('[data-testid^="help-sampler-"]');
  await expect(sections).toHaveCount(names.length);
  const titles = await sections.locator('h5').allTextContents();
  for (const name of names) expect(titles.some((t) => t.startsWith(name)), name).toBe(true);

  // The selected sampler (HMC) is highlighted, with one line per input the controls show for it.
  const current = overlay(page).locator('[aria-current="true"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('data-testid', 'help-sampler-hmc');
  const inputs = await page.getByRole('group', { name: 'Sampler' }).locator('input').count();
  await expect(current.getByTestId('help-param')).toHaveCount(inputs);
  const targets = await page.locator('#input-target option').count();
  // The menu adds "your density" to the declared targets.
  await expect(overlay(page).getByTestId('help-target')).toHaveCount(targets - 1);
  await page.screenshot({ path: join(SCREENSHOTS, 'ui-help.png') });

  // Shortcuts do nothing behind the modal help.
  const shown = await status(page).textContent();
  await page.keyboard.press('Space');
  await expect(status(page)).toHaveText(shown!);

  await page.keyboard.press('Escape');
  await expect(overlay(page)).toBeHidden();

  // Opened from the button, focus comes back to it.
  const help = page.getByRole('button', { name: 'Help' });
  await help.click();
  await expect(overlay(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(overlay(page)).toBeHidden();
  await expect(help).toBeFocused();
  await help.click();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(overlay(page)).toBeHidden();
  await expect(help).toBeFocused();
});

test('the dark theme recolours the page and its plots and persists; reduced motion stops transitions', async ({ page }) => {
  await page.goto('/');
  await iterationAbove(page, 0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await rootBackground(page);
  const plotBackground = () => page.evaluate(() =>
    (document.querySelector('[data-testid="plot-marginal-0"] .js-plotly-plot') as unknown as { _fullLayout?: { plot_bgcolor: string } } | null)
      ?._fullLayout?.plot_bgcolor);
  await expect.poll(plotBackground).toBeTruthy();
  const lightPlot = await plotBackground();

  await page.getByLabel('Dark theme').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await rootBackground(page);
  expect(dark).not.toBe(light);
  await expect.poll(plotBackground).not.toBe(lightPlot);

  const transition = () => page.getByRole('button', { name: 'Help' }).evaluate((b) => getComputedStyle(b).transitionDuration);
  expect(await transition()).not.toMatch(/^0s(, 0s)*$/);
  await page.getByLabel('Reduce motion').check();
  await expect(page.locator('html')).toHaveAttribute('data-reduced-motion', '');
  expect(await transition()).toMatch(/^0s(, 0s)*$/);

  await page.reload();
  await iterationAbove(page, 0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByLabel('Dark theme')).toBeChecked();
  await expect(page.getByLabel('Reduce motion')).toBeChecked();
  expect(await rootBackground(page)).toBe(dark);
  // Not in the link: preferences are the reader's, not the run's.
  expect(page.url()).not.toMatch(/theme|motion/);

  await iterationAbove(page, 40);
  await expect(page.locator('[data-testid="plot-marginal-0"] .main-svg').first()).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'ui-desktop-dark.png'), fullPage: true });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

  test('nothing overflows sideways, the view comes before the settings and every control is a 40 px target', async ({ page }) => {
    await page.goto('/');
    await iterationAbove(page, 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const canvas = page.getByTestId('particle-canvas');
    await expect(canvas).toBeInViewport();
    const view = (await canvas.boundingBox())!;
    const settings = (await page.getByRole('form', { name: 'Run configuration' }).boundingBox())!;
    expect(view.y + view.height).toBeLessThanOrEqual(settings.y);
    expect(view.width).toBeGreaterThan(300);

    // A checkbox's target is its label.
    const small = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
      .map((e) => e.closest('label') ?? e)
      .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 40)
      .map((e) => e.outerHTML.slice(0, 80)));
    expect(small).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-phone-light.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-phone-light-full.png'), fullPage: true });

    // The settings fold away under their toggle.
    const toggle = page.getByRole('button', { name: 'Settings' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await toggle.click();
    await expect(page.getByLabel('Sampler', { exact: true })).toBeHidden();
    await toggle.click();
    await expect(page.getByLabel('Sampler', { exact: true })).toBeVisible();
  });
});

test.describe('on a projector', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('type grows with the width, and axe finds no serious violations in either theme or any mode', async ({ page }) => {
    await page.goto('/');
    await iterationAbove(page, 40);
    const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(rootPx).toBeGreaterThan(16);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expect(page.locator('[data-testid="plot-marginal-0"] .main-svg').first()).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'ui-projector.png') });

    expect(await axeViolations(page), 'run mode, light').toEqual([]);
    await page.getByLabel('Dark theme').check();
    expect(await axeViolations(page), 'run mode, dark').toEqual([]);
    await page.keyboard.press('?');
    await expect(overlay(page)).toBeVisible();
    expect(await axeViolations(page), 'help, dark').toEqual([]);
    await page.keyboard.press('Escape');
    for (const mode of ['explain', 'compare'] as const) {
      await page.getByTestId(`mode-${mode}`).click();
      await expect(page.getByTestId(`mode-${mode}`)).toHaveAttribute('aria-selected', 'true');
      expect(await axeViolations(page), `${mode} mode, dark`).toEqual([]);
    }
  });
});
