import { execSync, spawn } from 'node:child_process';
import { test } from 'vitest';
import { chromium, type Page } from '@playwright/test';
import { env, executablePath, webgpuArgs } from '../e2e/chromium';
import { printTable, saveSection } from './report';

const PORT = 4179;
const SECONDS = 10;

/** Animation frames and chain iterations per second over SECONDS, measured in the page. */
async function rates(page: Page): Promise<{ fps: number; iterationsPerSec: number }> {
  const iteration = async () => Number(await page.getByTestId('readout-iteration').getAttribute('data-value'));
  const it0 = await iteration();
  const frames = await page.evaluate((seconds) => new Promise<number>((resolve) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => {
      n++;
      if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(tick);
      else resolve(n / ((performance.now() - t0) / 1000));
    };
    requestAnimationFrame(tick);
  }), SECONDS);
  return { fps: frames, iterationsPerSec: (await iteration() - it0) / SECONDS };
}

/** The built page in headless Chromium (WebGPU on whatever adapter it finds): HMC on banana with
 * 16,384 chains, the diagnostics panel open, then closed. */
test('page frame rate with the diagnostics panel open vs closed (16k chains)', async () => {
  execSync('npx vite build', { stdio: 'ignore' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath, env, args: webgpuArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    for (let tries = 0; ; tries++) {
      try {
        await page.goto(`http://localhost:${PORT}/?target=banana&sampler=hmc&chains=16384`);
        break;
      } catch (e) {
        if (tries > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await page.getByTestId('summary-table').waitFor({ timeout: 240_000 });
    const adapter = (await page.getByTestId('readout-adapter').getAttribute('data-value')) ?? '?';
    const open = await rates(page);
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await page.waitForTimeout(2000);
    const closed = await rates(page);
    printTable('Page with 16,384 HMC chains on banana', adapter, ['diagnostics panel', 'frames/s', 'iterations/s'],
      [['open', open.fps.toFixed(1), open.iterationsPerSec.toFixed(1)], ['closed', closed.fps.toFixed(1), closed.iterationsPerSec.toFixed(1)]]);
    saveSection('page-fps', adapter, { benchmark: 'built page, headless Chromium, HMC on banana, 16384 chains', seconds: SECONDS, open, closed });
  } finally {
    await browser.close();
    process.kill(-server.pid!);
  }
});
