import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** The raw number behind a readout (its data-value). */
export async function readout(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`readout-${id}`).getAttribute('data-value'));
}

export const iteration = (page: Page) => readout(page, 'iteration');

/** The adapter readout of the CPU engine: one worker per core the browser reports. */
export async function cpuEngineName(page: Page): Promise<string> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  return cores > 1 ? `CPU reference (float64, ${cores} workers)` : 'CPU reference (float64)';
}

/** Waits until the iteration readout passes `n`; returns it. */
export async function iterationAbove(page: Page, n: number): Promise<number> {
  await expect.poll(() => iteration(page), { message: `iteration should pass ${n}` }).toBeGreaterThan(n);
  return iteration(page);
}

/** Fills a number input; '' leaves it empty (which the page reads as NaN). */
export async function fillNumber(page: Page, label: string | RegExp, text: string): Promise<void> {
  await page.getByLabel(label, { exact: typeof label === 'string' }).fill(text);
}

export interface PixelStats {
  readonly width: number;
  readonly height: number;
  /** Variance of the luminance over all pixels (0 for a blank image). */
  readonly lumaVariance: number;
  /** Pixels with the particles' orange hue. */
  readonly orangePixels: number;
  /** Where they are: (u, v) ∈ [0, 1]² per orange pixel, from the top left, interleaved. */
  readonly orangeAt: readonly number[];
}

/** Decodes a PNG (a screenshot) in the page and measures it. */
export function pixelStats(page: Page, png: Buffer): Promise<PixelStats> {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let sum = 0;
    let sum2 = 0;
    const orangeAt: number[] = [];
    const n = data.length / 4;
    for (let k = 0; k < data.length; k += 4) {
      const [r, g, b] = [data[k], data[k + 1], data[k + 2]];
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += y;
      sum2 += y * y;
      if (r > 150 && r > g + 40 && g > b + 20) {
        const p = k / 4;
        orangeAt.push(((p % bitmap.width) + 0.5) / bitmap.width, (Math.floor(p / bitmap.width) + 0.5) / bitmap.height);
      }
    }
    return { width: bitmap.width, height: bitmap.height, lumaVariance: sum2 / n - (sum / n) ** 2, orangePixels: orangeAt.length / 2, orangeAt };
  }, png.toString('base64'));
}

/** Waits for the pooled mean of x0 and x1 to be near `mean` and the variances near `variance`. */
export async function expectMoments(page: Page, mean: number, meanTol: number, variance: number, varTol: number) {
  await expect.poll(async () => {
    const m = [await readout(page, 'mean-0'), await readout(page, 'mean-1')];
    const v = [await readout(page, 'variance-0'), await readout(page, 'variance-1')];
    return m.every((x) => Math.abs(x - mean) < meanTol) && v.every((x) => Math.abs(x - variance) < varTol);
  }, { message: `means within ${meanTol} of ${mean}, variances within ${varTol} of ${variance}`, timeout: 150_000 }).toBe(true);
}

/** The particle canvas's orange pixels in the target's coordinates (the canvas spans its view box). */
export async function particlePixels(page: Page): Promise<{ readonly x: number[]; readonly y: number[] }> {
  const canvas = page.getByTestId('particle-canvas');
  const [x0, x1, y0, y1] = (await canvas.getAttribute('data-view-box'))!.split(',').map(Number);
  const { orangeAt } = await pixelStats(page, await canvas.screenshot());
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < orangeAt.length; k += 2) {
    x.push(x0 + orangeAt[k] * (x1 - x0));
    y.push(y1 - orangeAt[k + 1] * (y1 - y0));
  }
  return { x, y };
}

/** Share of the points for which `inside` holds. */
export function shareWhere(p: { readonly x: number[]; readonly y: number[] }, inside: (x: number, y: number) => boolean): number {
  return p.x.filter((x, k) => inside(x, p.y[k])).length / p.x.length;
}

/** −2 log of a 2-D density at its 99.99 % highest-density contour, relative to the mode, when that
 * −2 log p is χ²₂ (standard Gaussian; the banana in (x/2, y − (x² − 4)/4)). */
export const CHI2_2_9999 = -2 * Math.log(1e-4);

/** The cloud drawn is the banana's: inside its 99.99 % region, balanced between the arms, and
 * bent upwards (E[y | x] = (x² − 4)/4: about 2 higher at |x| ≈ 3 than near x = 0). */
export async function expectBananaCloud(page: Page): Promise<void> {
  const p = await particlePixels(page);
  const meanY = (keep: (x: number) => boolean) => {
    const ys = p.y.filter((_, k) => keep(p.x[k]));
    return ys.reduce((s, v) => s + v, 0) / ys.length;
  };
  const shares = {
    inside: shareWhere(p, (x, y) => (x / 2) ** 2 + (y - (x * x - 4) / 4) ** 2 < CHI2_2_9999),
    left: shareWhere(p, (x) => x < 0),
    bend: meanY((x) => Math.abs(x) > 2.5) - meanY((x) => Math.abs(x) < 1),
  };
  expect(p.x.length, 'orange pixels').toBeGreaterThan(500);
  expect(shares.inside, `share of particle pixels inside the banana's 99.99 % region (${JSON.stringify(shares)})`).toBeGreaterThan(0.99);
  expect(Math.abs(shares.left - 0.5), 'left arm vs right arm').toBeLessThan(0.1);
  expect(shares.bend, 'the arms bend upwards').toBeGreaterThan(1);
}

/** The cloud drawn is a standard Gaussian's: inside its 99.99 % disc, a quarter in each quadrant. */
export async function expectGaussianCloud(page: Page): Promise<void> {
  const p = await particlePixels(page);
  expect(p.x.length, 'orange pixels').toBeGreaterThan(500);
  expect(shareWhere(p, (x, y) => x * x + y * y < CHI2_2_9999), 'share inside the 99.99 % disc').toBeGreaterThan(0.99);
  for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
    expect(Math.abs(shareWhere(p, (x, y) => x * sx > 0 && y * sy > 0) - 0.25), `quadrant (${sx}, ${sy})`).toBeLessThan(0.06);
  }
}
