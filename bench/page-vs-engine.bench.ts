import { test } from 'vitest';
import type { Page } from '@playwright/test';
import { create } from 'webgpu';
import { webgpuArgs } from '../e2e/chromium';
import { withBuiltPage } from './built-page';
import { GpuEngine } from '../src/engine/gpu-engine';
import { PAGE_PACING, RunController } from '../src/engine/run/run-controller';
import type { RunConfig } from '../src/engine/types';
import { printTable, saveSection, sci } from './report';
import '../tests/support/gpu';

const PORT = 4179;
const SECONDS = 10;
/** The page's default run (banana, HMC, its default warm-up), at the default and a large size. */
const CHAINS = [4096, 65536];
const runOf = (chains: number): RunConfig => ({ target: 'banana', sampler: 'hmc', chains, seed: 1 });

interface PageRun {
  readonly loadToSamplingS: number;
  readonly iterationsPerSec: number;
  readonly fps: number;
  /** Transitions a submission the page's controller settled on. */
  readonly piece: number;
}

/** The built page at `chains`: seconds from navigation to the sampling phase, then iterations/s,
 * frames/s and the piece the controller chose, over SECONDS. */
async function pageRun(page: Page, chains: number): Promise<PageRun> {
  const value = async (id: string) => page.getByTestId(`readout-${id}`).getAttribute('data-value');
  const started = Date.now();
  await page.goto(`http://localhost:${PORT}/?chains=${chains}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=readout-phase]')?.getAttribute('data-value') === 'sampling', null, { timeout: 600_000, polling: 50 });
  const loadToSamplingS = (Date.now() - started) / 1000;
  const it0 = Number(await value('iteration'));
  const t0 = Date.now();
  const fps = await page.evaluate((seconds) => new Promise<number>((resolve) => {
    let n = 0;
    const start = performance.now();
    const tick = () => {
      n++;
      if (performance.now() - start < seconds * 1000) requestAnimationFrame(tick);
      else resolve(n / ((performance.now() - start) / 1000));
    };
    requestAnimationFrame(tick);
  }), SECONDS);
  const iterationsPerSec = (Number(await value('iteration')) - it0) / ((Date.now() - t0) / 1000);
  return { loadToSamplingS, iterationsPerSec, fps, piece: Number(await value('piece')) };
}

/** The same run in Node on `adapter`: warm-up's seconds under the controller, then iterations/s
 * with the controller's pieces keeping the device busy, and the mean piece it chose. */
async function engineRun(adapter: string, chains: number) {
  const engine = await GpuEngine.create(create([`adapter=${adapter}`]) as unknown as GPU);
  try {
    const config = await engine.configure(runOf(chains));
    const c = new RunController(engine, config, PAGE_PACING);
    const w0 = performance.now();
    while (!c.sampling) await c.turn();
    const warmupS = (performance.now() - w0) / 1000;
    const pieces: number[] = [];
    c.on((e) => {
      if (e.type === 'sampled') pieces.push(e.transitions);
    });
    const it0 = (await c.snapshot({ shownChains: 1 })).iteration;
    const t0 = performance.now();
    c.start();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    c.stop();
    const s = await c.snapshot({ shownChains: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const late = pieces.slice(Math.floor(pieces.length / 2));
    return {
      description: engine.description, warmupS, iterationsPerSec: (s.iteration - it0) / seconds,
      meanPiece: late.reduce((a, b) => a + b, 0) / Math.max(late.length, 1), pieces: pieces.length,
    };
  } finally {
    engine.dispose();
  }
}

const adapters = () => (process.env.VK_ICD_FILENAMES ?? '').includes('lvp_icd') ? ['SwiftShader', 'llvmpipe'] : ['SwiftShader'];

test('the page against its own engine: throughput, load to sampling, pieces by driver', async () => {
  const engine: Record<string, Awaited<ReturnType<typeof engineRun>>[]> = {};
  for (const adapter of adapters()) {
    engine[adapter] = [];
    for (const chains of CHAINS) engine[adapter].push(await engineRun(adapter, chains));
  }
  const pages = await withBuiltPage(PORT, webgpuArgs, async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const runs: PageRun[] = [];
    for (const chains of CHAINS) runs.push(await pageRun(page, chains));
    return runs;
  });
  const swift = engine.SwiftShader;
  printTable('The page against its engine in Node (HMC on banana, default warm-up; headless Chromium on SwiftShader)', swift[0].description,
    ['chains', 'page: load → sampling (s)', 'Node: warm-up (s)', 'page iterations/s', 'Node iterations/s', 'page / engine', 'page frames/s', 'page: transitions/piece'],
    CHAINS.map((chains, k) => [chains, pages[k].loadToSamplingS.toFixed(1), swift[k].warmupS.toFixed(1), pages[k].iterationsPerSec.toFixed(1),
      swift[k].iterationsPerSec.toFixed(1), (pages[k].iterationsPerSec / swift[k].iterationsPerSec).toFixed(2), pages[k].fps.toFixed(1), pages[k].piece]));
  printTable('Transitions per piece the run controller chose in Node (the same code on two drivers)', adapters().join(' vs '),
    ['adapter', ...CHAINS.map((c) => `${c} chains: transitions/piece`), ...CHAINS.map((c) => `${c} chains: iterations/s`)],
    Object.entries(engine).map(([a, rows]) => [a, ...rows.map((r) => r.meanPiece.toFixed(1)), ...rows.map((r) => sci(r.iterationsPerSec))]));
  saveSection('page-vs-engine', swift[0].description, {
    benchmark: 'built page in headless Chromium vs the same run in Node under the run controller: HMC on banana, default warm-up',
    seconds: SECONDS, chains: CHAINS, page: pages, engine,
  });
});
