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
    let orange = 0;
    const n = data.length / 4;
    for (let k = 0; k < data.length; k += 4) {
      const [r, g, b] = [data[k], data[k + 1], data[k + 2]];
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += y;
      sum2 += y * y;
      if (r > 150 && r > g + 40 && g > b + 20) orange++;
    }
    return { width: bitmap.width, height: bitmap.height, lumaVariance: sum2 / n - (sum / n) ** 2, orangePixels: orange };
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
