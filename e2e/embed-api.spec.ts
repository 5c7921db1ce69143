import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { SCREENSHOTS } from './helpers';

// The widget is served at http://localhost:<PW_PORT>; the hosts here at http://127.0.0.1:<port>:
// other origins. Only the first host is in the widget's allow-list.
const HOST_PORT = 4197;
const OTHER_PORT = 4198;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const OTHER = `http://127.0.0.1:${OTHER_PORT}`;
const WIDGET = `http://localhost:${process.env.PW_PORT ?? 4173}`;
const RUN = 'target=banana&sampler=hmc&chains=1024&seed=3&panel=diagnostics';

/** A host page: the iframe, every widget message it receives (with its arrival time), and a way
 * to send commands. */
const iframeHost = `<!doctype html><title>Host</title><body style="margin:0;font:14px sans-serif">
<h1 style="font-size:16px;margin:8px">A host page</h1>
<iframe id="w" title="Sampling playground" style="width:720px;height:560px;border:1px solid #999"></iframe>
<script>
  window.received = [];
  addEventListener('message', (e) => {
    if (e.origin === ${JSON.stringify(WIDGET)}) received.push({ ...e.data, at: Date.now() });
  });
  window.send = (m) => document.getElementById('w').contentWindow.postMessage(m, ${JSON.stringify(WIDGET)});
  document.getElementById('w').src = ${JSON.stringify(WIDGET)} + '/' + location.search;
</script></body>`;

/** A host page with the custom element; its DOM events are recorded like the messages above. */
const elementHost = `<!doctype html><title>Element host</title><body style="margin:0;font:14px sans-serif">
<h1 style="font-size:16px;margin:8px">The custom element</h1>
<script src="${WIDGET}/sampling-playground.js"></script>
<sampling-playground id="w" target="banana" sampler="hmc" chains="1024" seed="3" l="5" panel="diagnostics"
  style="width:720px;border:1px solid #999"></sampling-playground>
<script>
  window.received = [];
  const w = document.getElementById('w');
  for (const type of ['ready', 'stats', 'error', 'resize', 'config']) {
    w.addEventListener(type, (e) => received.push({ ...e.detail, at: Date.now() }));
  }
</script></body>`;

let servers: Server[] = [];

test.beforeAll(async () => {
  servers = await Promise.all([HOST_PORT, OTHER_PORT].map((port) => new Promise<Server>((resolve) => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url?.startsWith('/element') ? elementHost : iframeHost);
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
  })));
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

type Received = { type: string; at: number; [k: string]: unknown };
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Received[] }).received);
const ofType = async (page: Page, type: string) => (await received(page)).filter((m) => m.type === type);
const lastStats = async (page: Page) => (await ofType(page, 'stats')).at(-1);
const send = (page: Page, message: object) =>
  page.evaluate((m) => (window as unknown as { send(m: object): void }).send(m), message);
const command = (type: string, rest: object = {}) => ({ source: 'sampling-playground', version: 1, type, ...rest });

/** Waits until a stats message reports an iteration above `n`; returns that iteration. */
async function statsAbove(page: Page, n: number): Promise<number> {
  await expect.poll(async () => (await lastStats(page))?.iteration ?? -1, { message: `stats should pass iteration ${n}` })
    .toBeGreaterThan(n);
  return (await lastStats(page))!.iteration as number;
}

/** Paused: the stats' iteration holds still over 2 s (a last throttled message may still come). */
async function expectHeld(page: Page) {
  await page.waitForTimeout(1500);
  const held = (await lastStats(page))!.iteration;
  await page.waitForTimeout(2000);
  expect((await lastStats(page))!.iteration, 'paused: the iteration should hold').toBe(held);
}

test('a host on an allowed origin drives the widget by postMessage and hears its events', async ({ page }) => {
  await page.goto(`${HOST}/?${RUN}&embed=1&origins=${encodeURIComponent(HOST)}`);
  await expect.poll(async () => (await ofType(page, 'ready')).length, { message: 'ready' }).toBe(1);
  const [ready] = await ofType(page, 'ready');
  expect(ready).toMatchObject({ source: 'sampling-playground', version: 1, protocol: 1, config: { target: 'banana', sampler: 'hmc', chains: 1024, seed: 3 } });

  const first = await statsAbove(page, 0);
  await send(page, command('pause'));
  await expectHeld(page);
  await send(page, command('play'));
  await statsAbove(page, (await lastStats(page))!.iteration as number);

  await send(page, command('set', { id: 'target', config: { target: 'gaussian' } }));
  await expect.poll(async () => (await ofType(page, 'config')).find((m) => m.replyTo === 'target'), { message: 'config reply' })
    .toMatchObject({ config: { target: 'gaussian', sampler: 'hmc', chains: 1024 } });
  // The new run restarts from iteration 0 and keeps going.
  await statsAbove(page, 20);

  // The diagnostics report arrives with the stats: the worst R-hat and the smallest bulk ESS.
  // (a report over too few draws has no ESS yet: null until there is one).
  await expect.poll(async () => { const s = await lastStats(page); return [typeof s?.rhat, typeof s?.essBulk]; },
    { message: 'R-hat and ESS in the stats', timeout: 120_000 }).toEqual(['number', 'number']);
  const stats = (await lastStats(page))!;
  expect(stats).toMatchObject({ phase: expect.stringMatching(/warmup|sampling/), status: 'running', divergences: expect.any(Number) });
  expect(stats.essBulk).toBeGreaterThan(0);
  expect(stats.acceptance).toBeGreaterThan(0);
  expect(stats.acceptance).toBeLessThanOrEqual(1);
  const times = (await ofType(page, 'stats')).map((m) => m.at);
  // Sent ≥ 500 ms apart; arrivals jitter with the host's busy main thread, so the mean gap is checked.
  expect((times.at(-1)! - times[0]) / (times.length - 1), 'stats are throttled to one per 500 ms').toBeGreaterThanOrEqual(480);
  expect(first).toBeGreaterThan(0);

  await send(page, command('pause'));
  await expectHeld(page);

  // Malformed messages get an error reply naming the problem and change nothing.
  await send(page, command('jump', { id: 'bad' }));
  await send(page, { ...command('set', { id: 'v2', config: { target: 'funnel' } }), version: 2 });
  await send(page, command('set', { id: 'half', config: { seed: 11, chains: -5 } }));
  await expect.poll(async () => (await ofType(page, 'error')).map((m) => m.replyTo)).toEqual(['bad', 'v2', 'half']);
  const errors = await ofType(page, 'error');
  expect(errors[0].message).toMatch(/Unknown "type" "jump"/);
  expect(errors[1].message).toMatch(/version 2/);
  expect(errors[2].message).toMatch(/ignored.*chains/i);
  // get answers with the running config: the engine takes the new seed at its next configure.
  let gets = 0;
  await expect.poll(async () => {
    await send(page, command('get', { id: ++gets }));
    await page.waitForTimeout(200);
    return (await ofType(page, 'config')).find((m) => m.replyTo === gets)?.config;
  }, { message: 'get reply' }).toMatchObject({ target: 'gaussian', chains: 1024, seed: 11, playing: false });

  const resize = (await ofType(page, 'resize')).at(-1);
  expect(resize?.height).toBeGreaterThan(200);
  await page.screenshot({ path: join(SCREENSHOTS, 'embed-api-iframe.png') });
});

test('a host whose origin is not allowed is ignored (and logged)', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${OTHER}/?${RUN}&embed=1&origins=${encodeURIComponent(HOST)}`);
  const widget = page.frameLocator('#w');
  const readout = async () => Number(await widget.getByTestId('readout-iteration').getAttribute('data-value'));
  await expect.poll(readout, { message: 'the widget runs' }).toBeGreaterThan(0);

  await send(page, command('pause'));
  await send(page, command('set', { id: 's', config: { target: 'gaussian' } }));
  await send(page, command('get', { id: 'g' }));
  await send(page, command('jump'));
  await expect.poll(() => warnings.filter((w) => w.includes(`Ignored a message from ${OTHER}`)).length).toBe(4);
  // Still running its own run, and not a word back (not even ready: the host is not a listener).
  const before = await readout();
  await expect.poll(readout).toBeGreaterThan(before + 10);
  expect(await received(page)).toEqual([]);
});

test('the custom element works the same: DOM events, set, auto-height', async ({ page }) => {
  await page.goto(`${HOST}/element`);
  await expect.poll(async () => (await ofType(page, 'ready')).length, { message: 'ready' }).toBe(1);
  const el = page.locator('sampling-playground');
  await expect(el.locator('iframe')).toHaveAttribute('src', new RegExp(`^${WIDGET}/\\?target=banana&sampler=hmc&chains=1024&seed=3&panel=diagnostics&embed=1&origins=${encodeURIComponent(HOST)}$`));

  // l="5" is HMC's L (HTML lowercased it): applied once the widget said ready.
  const get = () => el.evaluate((w: HTMLElement & { get(): Promise<{ params: Record<string, number>; target: string; seed: number }> }) => w.get());
  await expect.poll(async () => (await get()).params.L).toBe(5);

  await statsAbove(page, 0);
  const config = await el.evaluate((w: HTMLElement & { set(c: object): Promise<{ target: string }> }) => w.set({ target: 'gaussian' }));
  expect(config.target).toBe('gaussian');
  await statsAbove(page, 20);
  // A refused setting rejects the promise with the widget's reason.
  const refusal = await el.evaluate((w: HTMLElement & { set(c: object): Promise<unknown> }) =>
    w.set({ chains: 'many' }).then(() => 'resolved', (e: Error) => e.message));
  expect(refusal).toMatch(/chains.*expected a number/);
  // An attribute changed after connection goes through set.
  await el.evaluate((w) => w.setAttribute('seed', '9'));
  await expect.poll(async () => (await get()).seed).toBe(9);

  await el.evaluate((w: HTMLElement & { pause(): void }) => w.pause());
  await expectHeld(page);

  // Auto-height: the iframe takes the height the widget reports.
  const height = (await ofType(page, 'resize')).at(-1)!.height as number;
  expect(height).toBeGreaterThan(200);
  await expect.poll(() => el.locator('iframe').evaluate((f) => f.getBoundingClientRect().height)).toBeCloseTo(height, 0);
  await page.screenshot({ path: join(SCREENSHOTS, 'embed-api-element.png'), fullPage: true });
});
