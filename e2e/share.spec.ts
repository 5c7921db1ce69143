import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { iteration, iterationAbove, readout, SCREENSHOTS } from './helpers';

const query = (page: Page) => new URL(page.url()).searchParams;

test('a malformed link says what it ignored and why, and the defaults run', async ({ page }) => {
  await page.goto(`/?target=nope&chains=abc&z=%25%25broken&bogus=1&v=5,5&mode=sideways&panels=nd,maps&${'k'.repeat(5000)}=1`);
  const notice = page.getByTestId('notice').filter({ hasText: 'Some settings in the link were ignored' });
  for (const reason of ['Unknown target "nope"', 'Ignored "chains=abc": not a number', 'Ignored the compressed settings (z=…)',
    'no parameter "bogus"', 'Ignored "view"', 'Ignored "mode": expected one of run, explain, compare, got "sideways"',
    'Ignored panel "maps"', '(5000 characters)']) {
    await expect(notice).toContainText(reason);
  }
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue('banana');
  await iterationAbove(page, 5);
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
  // What is running replaces the bad link in the address bar.
  await expect.poll(() => query(page).get('target')).toBe('banana');
  expect(query(page).has('bogus')).toBe(false);
  await page.screenshot({ path: join(SCREENSHOTS, 'share-bad-link.png') });
});

test('a link restores mode, the view of an N-D target and the panels', async ({ page }) => {
  await page.goto('/?target=ill-conditioned-nd&d=8&sampler=rwm&sigma=0.5&chains=1024&seed=3&v=2,5&panels=nd&traced=16&mode=explain');
  await expect(page.getByTestId('mode-explain')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('notice').filter({ hasText: 'ignored' })).toHaveCount(0);
  await expect.poll(() => query(page).get('mode')).toBe('explain');
  expect(Object.fromEntries(query(page))).toMatchObject({ target: 'ill-conditioned-nd', d: '8', v: '2,5', panels: 'nd', traced: '16', seed: '3' });

  await page.getByTestId('mode-run').click();
  await expect(page.getByTestId('view-x')).toHaveValue('2');
  await expect(page.getByTestId('view-y')).toHaveValue('5');
  await expect(page.getByRole('button', { name: 'N-D views' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: 'Diagnostics' })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '1024');
  // Leaving explain mode leaves the link too.
  await expect.poll(() => query(page).has('mode')).toBe(false);
  await page.screenshot({ path: join(SCREENSHOTS, 'share-full-link.png') });
});

const STEPS = 4;
const SHOWN = ['iteration', 'mean-0', 'mean-1', 'variance-0', 'variance-1'];

/** Presses Step STEPS times on a page opened paused (each press once the previous one is read
 * back: a warm-up round's length is its own), then reads the readouts. */
async function stepAndRead(page: Page, chains: number): Promise<number[]> {
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', String(chains));
  await expect(page.getByTestId('status')).toHaveText('paused');
  let last = 0;
  for (let k = 1; k <= STEPS; k++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => iteration(page)).toBeGreaterThan(last);
    last = await iteration(page);
  }
  return Promise.all(SHOWN.map((id) => readout(page, id)));
}

test('Copy link gives a page that makes the same numbers', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?target=banana&sampler=hmc&eps=0.2&L=7&chains=2048&seed=11&steps=3&play=0');
  const before = await stepAndRead(page, 2048);

  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(Object.fromEntries(new URL(link).searchParams)).toMatchObject({ seed: '11', chains: '2048', eps: '0.2', L: '7', steps: '3', play: '0' });

  const copy = await context.newPage();
  await copy.goto(link);
  const after = await stepAndRead(copy, 2048);
  expect(after).toEqual(before);
  expect(before[0]).toBeGreaterThanOrEqual(STEPS * 3);
  expect(before.every(Number.isFinite)).toBe(true);
  await copy.screenshot({ path: join(SCREENSHOTS, 'share-copied-link.png') });
});

test('where the clipboard is refused, the link is shown to copy by hand', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.goto('/?target=donut&sampler=rwm&seed=5');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'The clipboard was refused' })).toBeVisible();
  const shown = page.getByLabel('Link to this page');
  await expect(shown).toBeFocused();
  expect(await shown.inputValue()).toBe(page.url());
  expect(new URL(await shown.inputValue()).searchParams.get('seed')).toBe('5');
});

test('the Embed dialog writes an iframe and a custom element for what is on screen', async ({ page }) => {
  await page.goto('/?target=donut&sampler=mala&h=0.2&chains=2048&seed=5');
  await iterationAbove(page, 0);
  await page.getByRole('button', { name: 'Embed', exact: true }).click();
  const dialog = page.getByTestId('embed-dialog');
  await expect(dialog).toBeVisible();
  const iframe = await page.getByTestId('embed-iframe').inputValue();
  expect(iframe).toMatch(/^<iframe /);
  const src = new URL(iframe.match(/src="([^"]+)"/)![1].replaceAll('&amp;', '&'));
  expect(Object.fromEntries(src.searchParams)).toMatchObject({ target: 'donut', sampler: 'mala', h: '0.2', chains: '2048', seed: '5', embed: '1' });
  const element = await page.getByTestId('embed-element').inputValue();
  expect(element).toContain('<script src="');
  expect(element).toMatch(/<sampling-playground [^>]*target="donut"[^>]*sampler="mala"/);
  expect(element).toMatch(/seed="5"/);
  await dialog.screenshot({ path: join(SCREENSHOTS, 'share-embed-dialog.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
