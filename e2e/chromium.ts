import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Browsers cannot be downloaded here: the system Chromium, whose WebGPU runs on SwiftShader.
export const executablePath = '/usr/bin/chromium';
export const quiet = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
// Headless Chromium composites with ANGLE/GL while Dawn runs on Vulkan: without a Vulkan
// compositor the WebGPU canvas's swap chain cannot be shared and presenting destroys the device
// ("A valid external Instance reference no longer exists").
export const webgpuArgs = ['--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader', ...quiet];
// A private runtime dir silences the Vulkan loader's warnings.
export const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? mkdtempSync(join(tmpdir(), 'xdg-')) } as Record<string, string>;
