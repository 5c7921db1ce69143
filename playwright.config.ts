import { defineConfig } from '@playwright/test';
import { env, executablePath, quiet, webgpuArgs } from './e2e/chromium';

// Parallel work trees can each serve their own build: PW_PORT and PW_OUT_DIR (default 4173, dist).
const port = Number(process.env.PW_PORT ?? 4173);
const outDir = process.env.PW_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  // One browser at a time: SwiftShader already uses every core.
  workers: 1,
  fullyParallel: false,
  // SwiftShader can take seconds per frame at worst; pipelines compile on every page load.
  timeout: 240_000,
  expect: { timeout: 90_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    viewport: { width: 1360, height: 900 },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${outDir}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: ['fallback.spec.ts', 'present-fallback.spec.ts'],
      use: { launchOptions: { executablePath, env, args: webgpuArgs } },
    },
    {
      // Without --enable-unsafe-webgpu this Chromium has navigator.gpu but no adapter
      // (--disable-webgpu does not remove navigator.gpu either), which is the fallback's trigger.
      name: 'cpu-fallback',
      testMatch: 'fallback.spec.ts',
      use: { launchOptions: { executablePath, env, args: quiet } },
    },
    {
      // WebGPU without a Vulkan compositor: the canvas cannot present (TOOLCHAIN.md's bare flag).
      name: 'no-vulkan-compositor',
      testMatch: 'present-fallback.spec.ts',
      use: { launchOptions: { executablePath, env, args: ['--enable-unsafe-webgpu', ...quiet] } },
    },
  ],
});
