import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type FrameLocator, type Page, test } from '@playwright/test';
import { EMBED_KEYS } from '../src/embed/embed-options';
import { iteration, iterationAbove, SCREENSHOTS } from './helpers';

/** What scripts/bundle-size.mjs reports of the build under test. */
interface BundleSizes {
  readonly modes: Record<'full' | 'embed', { files: string[]; gzipBytes: number; mentionsPlotly: boolean }>;
  readonly chunks: Record<string, string>;
  readonly workers: string[];
}

const OUT_DIR = process.env.PW_OUT_DIR ?? 'dist';
const sizes: BundleSizes = JSON.parse(execFileSync('node', ['scripts/bundle-size.mjs', OUT_DIR, '--json'], { encoding: 'utf8' }));
const chunkOf = (key: string) => {
  const file = sizes.chunks[key];
  if (!file) throw new Error(`${key} is not a chunk of ${OUT_DIR}`);
  return file;
};
const PLOTLY = chunkOf(Object.keys(sizes.chunks).find((k) => /plotly/.test(k)) ?? 'plotly');
/** What only the full page or a shown panel may load. */
const NOT_IN_WIDGET = [
  'src/ui/App.tsx', 'src/ui/Controls.tsx', 'src/ui/PlotPanel.tsx', 'src/ui/diagnostics/DiagnosticsPanel.tsx', 'src/ui/nd/NdPanel.tsx',
].map(chunkOf).concat(PLOTLY);

/** The JavaScript files (`assets/…`) the page requests, from now on. */
function scriptRequests(page: Page): Set<string> {
  const files = new Set<string>();
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname.replace(/^\//, '');
    if (path.endsWith('.js')) files.add(path);
  });
  return files;
}

const status = (scope: Page | FrameLocator) => scope.getByTestId('status');

test('the widget downloads less than the full page, and no plot code', () => {
  const { full, embed } = sizes.modes;
  console.log(`initial JS (gzip): full ${(full.gzipBytes / 1024).toFixed(1)} kB, embed ${(embed.gzipBytes / 1024).toFixed(1)} kB`);
  expect(embed.gzipBytes).toBeLessThan(full.gzipBytes);
  expect(embed.mentionsPlotly, 'the widget\'s initial JS should not even name the Plotly chunk').toBe(false);
  expect(full.mentionsPlotly).toBe(true);
  expect(embed.files.filter((f) => NOT_IN_WIDGET.includes(f))).toEqual([]);
});

test('?embed=1: the running view, a compact bar and a link to the full playground with the same run', async ({ page }) => {
  const requested = scriptRequests(page);
  await page.goto('/?embed=1&target=donut&sampler=rwm&seed=7&chains=2048');
  await iterationAbove(page, 5);
  await expect(status(page)).toHaveText('running');
  await expect(page.getByTestId('particle-canvas')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Run controls' }).getByRole('button')).toHaveText(['Pause', 'Step', 'Reset']);
  // The full page's parts are absent.
  await expect(page.getByRole('heading', { name: 'Sampling playground' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Run configuration' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toHaveCount(0);

  const link = page.getByRole('link', { name: /Open in the full playground/ });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener');
  const href = new URL((await link.getAttribute('href'))!, page.url());
  expect(href.pathname).toBe('/');
  expect(Object.fromEntries(href.searchParams)).toMatchObject({ target: 'donut', sampler: 'rwm', seed: '7', chains: '2048' });
  expect(EMBED_KEYS.filter((k) => href.searchParams.has(k))).toEqual([]);

  // The bar's buttons act on the run.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('paused');
  const paused = await iteration(page);
  await page.getByRole('button', { name: 'Step' }).click();
  await iterationAbove(page, paused);

  // Only the widget's own chunks (and the workers) were fetched: no panel, no Plotly, no full page.
  const allowed = new Set([...sizes.modes.embed.files, ...sizes.workers]);
  expect([...requested].filter((f) => !allowed.has(f))).toEqual([]);
  expect([...requested].filter((f) => NOT_IN_WIDGET.includes(f))).toEqual([]);
});

test('autoplay=0 starts paused; Play starts it', async ({ page }) => {
  await page.goto('/?embed=1&autoplay=0');
  await expect(status(page)).toHaveText('paused');
  await page.waitForTimeout(1500);
  // No frame has run: no snapshot yet (the readout is empty, which reads as 0).
  expect(await iteration(page)).toBe(0);
  await page.getByRole('button', { name: 'Play' }).click();
  await iterationAbove(page, 0);
  await expect(status(page)).toHaveText('running');
});

test('controls=1 folds the settings under the view; they change the run', async ({ page }) => {
  await page.goto('/?embed=1&controls=1');
  await iterationAbove(page, 0);
  const form = page.getByRole('form', { name: 'Run configuration' });
  await expect(form).toBeHidden();
  await page.locator('summary', { hasText: 'Settings' }).click();
  await expect(form).toBeVisible();
  await form.getByLabel('Target', { exact: true }).selectOption('donut');
  const link = page.getByRole('link', { name: /Open in the full playground/ });
  await expect.poll(async () => new URL((await link.getAttribute('href'))!, page.url()).searchParams.get('target')).toBe('donut');
});

test('panel=marginals shows the marginal plots (Plotly loads); panel=diagnostics opens the diagnostics', async ({ page }) => {
  const requested = scriptRequests(page);
  await page.goto('/?embed=1&panel=marginals');
  await expect(page.getByTestId('plot-marginal-0').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('plot-marginal-1').locator('.main-svg').first()).toBeVisible();
  expect(requested.has(PLOTLY)).toBe(true);
  expect(requested.has(chunkOf('src/ui/diagnostics/DiagnosticsPanel.tsx'))).toBe(false);

  requested.clear();
  await page.goto('/?embed=1&panel=diagnostics');
  await expect(page.getByRole('button', { name: 'Diagnostics' })).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(() => requested.has(PLOTLY), { message: 'the diagnostics plots load Plotly' }).toBe(true);
  expect(requested.has(chunkOf('src/ui/App.tsx'))).toBe(false);
});

test('in an iframe on a host page: pauses when scrolled out of view, plays again when back, keeps a reader\'s pause', async ({ page, baseURL }) => {
  // Served from the widget's origin: a host page that is no secure context (about:blank here)
  // would leave the frame without WebGPU (the CPU fallback would run).
  const host = `${baseURL}/embed-host.html`;
  await page.route(host, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><title>Host</title><body style="margin:0;font-family:sans-serif">
      <p style="margin:8px">A host page</p>
      <iframe id="widget" title="Sampling playground" src="/?embed=1&controls=1&panel=marginals&target=banana"
        style="display:block;width:640px;height:860px;border:1px solid #ccc"></iframe>
      <div style="height:4000px"></div></body></html>`,
  }));
  await page.goto(host);
  const frame = page.frameLocator('#widget');
  await expect(status(frame)).toHaveText('running');
  await expect(frame.getByTestId('plot-marginal-0').locator('.main-svg').first()).toBeVisible();
  await expect.poll(async () => Number(await frame.getByTestId('readout-iteration').getAttribute('data-value'))).toBeGreaterThan(20);
  await page.locator('#widget').screenshot({ path: join(SCREENSHOTS, 'embed-widget.png') });

  const scrollTo = (y: number) => page.evaluate((top) => window.scrollTo(0, top), y);
  await scrollTo(3000);
  await expect(status(frame)).toHaveText('paused');
  await scrollTo(0);
  await expect(status(frame)).toHaveText('running');

  // Paused by the reader, it stays paused through an unseen spell.
  await frame.getByRole('button', { name: 'Pause' }).click();
  await expect(status(frame)).toHaveText('paused');
  await scrollTo(3000);
  await page.waitForTimeout(500);
  await scrollTo(0);
  await page.waitForTimeout(1500);
  await expect(status(frame)).toHaveText('paused');
});
