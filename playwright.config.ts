import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Browsers cannot be downloaded here: the system Chromium, whose WebGPU runs on SwiftShader.
const executablePath = '/usr/bin/chromium';
const quiet = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
// A private runtime dir silences the Vulkan loader's warnings.
const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? mkdtempSync(join(tmpdir(), 'xdg-')) };

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
    baseURL: 'http://localhost:4173',
    headless: true,
    viewport: { width: 1360, height: 900 },
  },
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      testMatch: ['app.spec.ts', 'flows.spec.ts'],
      // Headless Chromium composites with ANGLE/GL while Dawn runs on Vulkan: without a Vulkan
      // compositor the WebGPU canvas's swap chain cannot be shared and presenting destroys the
      // device ("A valid external Instance reference no longer exists").
      use: {
        launchOptions: {
          executablePath, env,
          args: ['--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader', ...quiet],
        },
      },
    },
    {
      // Without --enable-unsafe-webgpu this Chromium has navigator.gpu but no adapter
      // (--disable-webgpu does not remove navigator.gpu either), which is the fallback's trigger.
      name: 'cpu-fallback',
      testMatch: 'fallback.spec.ts',
      use: { launchOptions: { executablePath, env, args: quiet } },
    },
  ],
});
