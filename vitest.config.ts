import { defineConfig } from 'vitest/config';

/** The suite by what it proves (README, "Tests"): each folder of tests/ is one project. */
const SWIFTSHADER = { WEBGPU_ADAPTER: 'SwiftShader' };
const project = (name: string, include: string[], env?: Record<string, string>) =>
  ({ extends: true as const, test: { name, include, ...(env ? { env } : {}) } });

export default defineConfig({
  test: {
    // Dawn on a CPU Vulkan driver is CPU-bound: one GPU-using file at a time per core is plenty.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/support/slowest-files-reporter.ts'],
    // Drivers (scripts/gpu-env.sh, tests/support/gpu.ts), measured cold on this 2-core machine:
    // SwiftShader compiles a sampler's pipeline in 0.2–1.4 s and runs it 10–100× slower than
    // lavapipe, which takes 0.3–6 s to compile (15–80 s for a flow sampler at d ≥ 8). Projects
    // that compile many pipelines and run each briefly use SwiftShader, the browser's own driver;
    // the statistical project, a few pipelines run long, uses lavapipe where it is installed.
    projects: [
      // Pure TypeScript: diagnostics, parsers, the link schema, protocols, controllers.
      project('unit', ['tests/unit/**/*.test.ts']),
      // Both engines' contracts: snapshots, recording, restarts, bad input, device loss.
      project('engine', ['tests/engine/**/*.test.ts'], SWIFTSHADER),
      // Every WGSL target and sampler against its float64 twin (same Philox numbers), and the
      // float32 risks (d = 1000, long trajectories, extreme curvature) on the GPU.
      project('kernel', ['tests/kernel/**/*.test.ts'], SWIFTSHADER),
      // Stationarity (float64 reference) and convergence (WGSL) against the truth, negative
      // controls, flows, adaptation, posteriordb.
      project('statistical', ['tests/statistical/**/*.test.ts']),
    ],
  },
});
