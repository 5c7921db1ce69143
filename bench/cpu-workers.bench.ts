import { test } from 'vitest';
import type { Browser } from '@playwright/test';
import { quiet } from '../e2e/chromium';
import { withBuiltPage } from './built-page';
import { printTable, saveSection } from './report';

const PORT = 4178;
const SECONDS = 8;
/** Runs per worker count, alternated (this machine's speed drifts between runs). */
const REPEATS = 3;

interface CpuPageRun {
  readonly workers: number;
  readonly loadToSamplingS: number;
  readonly iterationsPerSec: number;
}

/** The default page (HMC on banana, 4,096 chains) on the CPU engine with `workers` workers
 * (the page starts one per navigator.hardwareConcurrency, set here). */
async function cpuPageRun(browser: Browser, url: string, workers: number): Promise<CpuPageRun> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  try {
    await page.addInitScript((k) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => k }), workers);
    const started = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('[data-testid=readout-phase]')?.getAttribute('data-value') === 'sampling', null, { timeout: 600_000, polling: 50 });
    const loadToSamplingS = (Date.now() - started) / 1000;
    const iteration = async () => Number(await page.getByTestId('readout-iteration').getAttribute('data-value'));
    const [it0, t0] = [await iteration(), Date.now()];
    await page.waitForTimeout(SECONDS * 1000);
    return { workers, loadToSamplingS, iterationsPerSec: (await iteration() - it0) / ((Date.now() - t0) / 1000) };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('the CPU fallback over k workers against one', async () => {
  const cores = (await import('node:os')).availableParallelism();
  const counts = [...new Set([1, 2, cores])];
  // Chromium without --enable-unsafe-webgpu has no adapter: the page runs the CPU engine.
  const runs = await withBuiltPage(PORT, quiet, async (browser, url) => {
    const out: CpuPageRun[] = [];
    for (let r = 0; r < REPEATS; r++) for (const k of counts) out.push(await cpuPageRun(browser, url, k));
    return out;
  });
  const of = (k: number) => runs.filter((r) => r.workers === k);
  const one = median(of(1).map((r) => r.iterationsPerSec));
  printTable(`The CPU fallback in the page over k workers (HMC on banana, 4,096 chains; median of ${REPEATS} alternated runs)`, `${cores} cores`,
    ['workers', 'load → sampling (s)', 'iterations/s', 'over 1 worker'],
    counts.map((k) => {
      const rate = median(of(k).map((r) => r.iterationsPerSec));
      return [k, median(of(k).map((r) => r.loadToSamplingS)).toFixed(1), rate.toFixed(1), (rate / one).toFixed(2)];
    }));
  saveSection('cpu-workers', `${cores} cores`, {
    benchmark: 'built page in headless Chromium without WebGPU: the default run on the CPU engine sharded over k Web Workers',
    seconds: SECONDS, repeats: REPEATS, runs,
  });
});
