import { execSync, spawn } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { env, executablePath } from '../e2e/chromium';

/** Builds the app, serves it on `port` and runs `use` with headless Chromium launched with
 * `args`, once the page answers; then closes both. */
export async function withBuiltPage<T>(port: number, args: string[], use: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  execSync('npx vite build', { stdio: 'ignore' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath, env, args, headless: true });
  const url = `http://localhost:${port}/`;
  try {
    const page = await browser.newPage();
    for (let tries = 0; ; tries++) {
      try {
        await page.goto(`${url}?play=0`);
        break;
      } catch (e) {
        if (tries > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await page.close();
    return await use(browser, url);
  } finally {
    await browser.close();
    process.kill(-server.pid!);
  }
}
