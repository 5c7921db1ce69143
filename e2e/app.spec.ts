import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cpuEngineName, expectBananaCloud, expectMoments, fillNumber, iteration, iterationAbove, pixelStats, readout, SCREENSHOTS } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await iterationAbove(page, 0);
});

test('starts the default run on a WebGPU adapter and the particles move', async ({ page }) => {
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue('banana');
  await expect(page.getByLabel('Sampler', { exact: true })).toHaveValue('hmc');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
  const adapter = await page.getByTestId('readout-adapter').getAttribute('data-value');
  expect(adapter).toBeTruthy();
  expect(adapter).not.toMatch(/CPU reference/);
  await expect(page.getByTestId('fallback-banner')).toHaveCount(0);

  const canvas = page.getByTestId('particle-canvas');
  const before = await canvas.screenshot();
  const it0 = await iteration(page);
  await iterationAbove(page, it0 + 20);
  const after = await canvas.screenshot();
  expect(before.equals(after), 'the particle view should change as the chains move').toBe(false);
  expect(await readout(page, 'transitions')).toBeGreaterThan(0);
});

test('the default run is healthy once it samples: acceptance at δ, divergences under 1 %, no warning, nested R-hat under its threshold', async ({ page }) => {
  await expect(page.getByTestId('readout-phase')).toHaveAttribute('data-value', 'sampling', { timeout: 90_000 });
  const start = await iteration(page);
  await iterationAbove(page, start + 200);
  // HMC's δ is 0.9: the pooled warm-up lands the mean acceptance over all chains on it.
  expect(Math.abs((await readout(page, 'acceptance')) - 0.9)).toBeLessThan(0.05);
  const [divergences, it] = [await readout(page, 'divergences'), await iteration(page)];
  // 21 % before the warm-up was rebuilt; Stan's NUTS has 0.6 % on this target.
  expect(divergences / (4096 * (it - 500))).toBeLessThan(0.01);
  await expect(page.locator('.notice.warning, .notice.error')).toHaveCount(0);
  await expect(page.getByTestId('fallback-banner')).toHaveCount(0);
  const nrhat = async (v: string) => Number((await page.getByTestId(`summary-row-${v}`).locator('[data-col="nrhat"]').getAttribute('data-value')) || NaN);
  await expect.poll(async () => Math.max(await nrhat('x0'), await nrhat('x1')), { message: 'nested R-hat over all chains' }).toBeLessThan(1.017);
  await expect(page.getByTestId('summary-warnings')).toHaveCount(0);
  // SwiftShader draws a frame in ~0.1 s: the page says it cannot animate at 10 frames a second
  // and that fewer chains would not help (an info, not a warning: the numbers are right).
  await expect(page.locator('.notice.info').filter({ hasText: /animates at [\d.]+ frames a second here \(under 10\): drawing a frame costs/ })).toBeVisible();
});

test('on the Gaussian target HMC warms up, then its pooled moments approach the truth', async ({ page }) => {
  await page.getByLabel('Target', { exact: true }).selectOption('gaussian');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
  // Adaptation is a visible phase: warm-up with the step size adapting, then sampling.
  await expect(page.getByTestId('readout-phase')).toHaveAttribute('data-value', 'warmup');
  await expect(page.getByTestId('readout-step-size')).toContainText('adapting');
  await expect(page.getByTestId('readout-phase')).toHaveAttribute('data-value', 'sampling', { timeout: 60_000 });
  await expect(page.getByTestId('readout-step-size')).toContainText('adapted');
  // MCSE of a mean over 4096 chains is about 1/sqrt(4096) ≈ 0.016: 0.1 is over six of them. The
  // variance starts at 16/3 (uniform start in [-4, 4]), so reaching 1 shows real mixing.
  await expectMoments(page, 0, 0.1, 1, 0.15);
  // The sampling phase's divergences (warm-up's over-large first steps are counted apart).
  expect(await readout(page, 'divergences')).toBe(0);
});

test('switching target and sampler updates the readouts without errors', async ({ page }) => {
  await page.getByLabel('Target', { exact: true }).selectOption('donut');
  await page.getByLabel('Sampler', { exact: true }).selectOption('rwm');
  await expect(page.getByLabel(/^Proposal scale/)).toBeVisible();
  await expect(page.getByTestId('readout-evaluations')).toContainText('Density evals/s');
  await expect.poll(() => readout(page, 'transitions')).toBeGreaterThan(0);
  const it0 = await iteration(page);
  await iterationAbove(page, it0 + 10);
  await expect(page.getByTestId('readout-acceptance')).not.toHaveAttribute('data-value', '');
  await expect(page.locator('[data-testid^="error-"]')).toHaveCount(0);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await expect(page.getByRole('img', { name: /Histogram of coordinate 0/ })).toBeVisible();
});

test('saves a non-blank screenshot of the running app', async ({ page }) => {
  await iterationAbove(page, 40);
  // Let the lazily loaded plots draw before the full-page shot.
  await expect(page.locator('[data-testid="plot-marginal-0"] .main-svg').first()).toBeVisible();
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await page.screenshot({ path: join(SCREENSHOTS, 'app-webgpu.png'), fullPage: true });
  const png = await page.getByTestId('particle-canvas').screenshot({ path: join(SCREENSHOTS, 'canvas-webgpu.png') });
  const stats = await pixelStats(page, png);
  expect(stats.width).toBeGreaterThan(200);
  expect(stats.lumaVariance).toBeGreaterThan(100);
  await expectBananaCloud(page);
});

test('bad input is explained next to its control and the run keeps going', async ({ page }) => {
  const cases: [string | RegExp, string, string, RegExp][] = [
    ['Chains', '-5', 'chains', /Number of chains.*-5/],
    ['Chains', '1e9', 'chains', /Number of chains.*1000000000/],
    [/^Step size/, '0', 'eps', /Step size.*\(0, 10\].*got 0/],
    [/^Step size/, '', 'eps', /finite number.*NaN/],
  ];
  for (const [label, text, field, message] of cases) {
    await fillNumber(page, label, text);
    await expect(page.getByTestId(`error-${field}`)).toHaveText(message);
    await expect(page.getByTestId('notice').filter({ hasText: 'previous run continues' })).toBeVisible();
    const it0 = await iteration(page);
    await iterationAbove(page, it0 + 8);
    await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
  }
  // Both bad settings are explained at once, each next to its control.
  await expect(page.getByTestId('error-chains')).toHaveText(/Number of chains.*1000000000/);
  await expect(page.getByTestId('error-eps')).toHaveText(/finite number.*NaN/);
  await page.screenshot({ path: join(SCREENSHOTS, 'bad-input.png') });
  await fillNumber(page, /^Step size/, '0.2');
  await fillNumber(page, 'Chains', '2048');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '2048');
  await expect(page.locator('[data-testid^="error-"]')).toHaveCount(0);
});

test('a link carries the run; a bad link is explained and the defaults run instead', async ({ page }) => {
  await page.getByLabel('Target', { exact: true }).selectOption('gaussian');
  await expect.poll(() => new URL(page.url()).searchParams.get('target')).toBe('gaussian');
  expect(new URL(page.url()).searchParams.get('chains')).toBe('4096');

  await page.goto('/?target=gaussian&sampler=rwm&sigma=1.5&chains=1024&seed=3');
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue('gaussian');
  await expect(page.getByLabel('Sampler', { exact: true })).toHaveValue('rwm');
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '1024');
  await iterationAbove(page, 5);

  await page.goto('/?target=nope&sampler=nuts-ish&chains=-5&eps=NaN');
  const notice = page.getByTestId('notice').filter({ hasText: 'Some settings in the link were ignored' });
  await expect(notice).toContainText('Unknown target "nope"');
  await expect(notice).toContainText('Unknown sampler "nuts-ish"');
  await expect(notice).toContainText('Number of chains must be a whole number in [1, 4194304], got -5');
  await expect(notice).toContainText('Ignored "eps=NaN": not a number');
  await expect(page.getByLabel('Target', { exact: true })).toHaveValue('banana');
  await iterationAbove(page, 5);
  await expect(page.getByTestId('readout-chains')).toHaveAttribute('data-value', '4096');
});

test('a lost GPU device is re-created and the run resumes, with a notice', async ({ page }) => {
  // Keep a handle on the page's devices so the test can destroy one, as a driver reset would.
  await page.addInitScript(() => {
    const devices: GPUDevice[] = [];
    Object.assign(window, { testDevices: devices });
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const device = await requestDevice.call(this, descriptor);
      devices.push(device);
      return device;
    };
  });
  await page.goto('/');
  await iterationAbove(page, 10);
  await page.evaluate(() => (window as unknown as { testDevices: GPUDevice[] }).testDevices.at(-1)!.destroy());
  await expect(page.getByTestId('notice').filter({ hasText: 'GPU device restored' })).toBeVisible();
  const it0 = await iteration(page);
  await iterationAbove(page, it0 + 10);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await expectBananaCloud(page);
});

test('a GPU device that cannot be re-created hands the run to the CPU engine, which says so', async ({ page }) => {
  // The page's devices, and a switch that makes every later request fail, as a driver that is gone.
  await page.addInitScript(() => {
    const state = { devices: [] as GPUDevice[], refuse: false };
    Object.assign(window, { testGpu: state });
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      if (state.refuse) throw new Error('no device for this test');
      const device = await requestDevice.call(this, descriptor);
      state.devices.push(device);
      return device;
    };
  });
  await page.goto('/');
  await iterationAbove(page, 10);
  await page.evaluate(() => {
    const state = (window as unknown as { testGpu: { devices: GPUDevice[]; refuse: boolean } }).testGpu;
    state.refuse = true;
    state.devices.at(-1)!.destroy();
  });
  await expect(page.getByTestId('fallback-banner')).toContainText('could not be re-created', { timeout: 60_000 });
  await expect(page.getByTestId('readout-adapter')).toHaveAttribute('data-value', await cpuEngineName(page));
  await expect(page.getByTestId('particle-canvas')).toHaveAttribute('data-canvas', '2d');
  const it0 = await iterationAbove(page, 0);
  await iterationAbove(page, it0 + 10);
  await expect(page.getByTestId('notice').filter({ hasText: 'Restoring' })).toHaveCount(0);
  await expectBananaCloud(page);
});

test('slice samplers report evaluations per transition, and capped updates raise a notice', async ({ page }) => {
  // A link straight to Gibbsian polar slice on the Gaussian: exact from any start, no warm-up.
  await page.goto('/?target=gaussian&sampler=polar-slice&chains=4096&seed=2');
  await expect(page.getByLabel('Sampler', { exact: true })).toHaveValue('polar-slice');
  await expect(page.getByLabel(/^Radius width/)).toBeVisible();
  await iterationAbove(page, 20);
  // The radial slice costs a few evaluations per transition; the max is shown beside the mean.
  await expect.poll(() => readout(page, 'evals-per-transition')).toBeGreaterThan(2);
  await expect(page.getByTestId('readout-evals-per-transition')).toContainText(/\(max \d+\)/);
  expect(await readout(page, 'capped')).toBe(0);
  await expectMoments(page, 0, 0.1, 1, 0.15);
  await page.screenshot({ path: join(SCREENSHOTS, 'polar-slice.png'), fullPage: true });

  // One shrinkage proposal along hit-and-run lines as wide as 50: most updates are capped.
  await page.getByLabel('Sampler', { exact: true }).selectOption('hit-and-run');
  await fillNumber(page, /^Initial width/, '50');
  await fillNumber(page, /^Max shrinkage/, '1');
  await expect.poll(() => readout(page, 'capped')).toBeGreaterThan(0);
  await expect(page.getByTestId('notice').filter({ hasText: 'hit the shrinkage cap' })).toBeVisible();
  await expect(page.locator('.notice.error')).toHaveCount(0);
});
