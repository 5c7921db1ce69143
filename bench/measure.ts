import type { RunConfig, SamplingEngine, Tuning } from '../src/engine/types';
import type { Engines } from './engines';

/** Shortest timed block per measurement (s): `BENCH_SECONDS=0.3 npm run bench` for a quick pass. */
export const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

export interface Rate {
  readonly transitionsPerSec: number;
  readonly gradEvalsPerSec: number;
  readonly densityEvalsPerSec: number;
  readonly iterations: number;
  readonly seconds: number;
}

/** Runs `engine` (already configured) for at least `minSeconds`, doubling the iteration count,
 * and returns chain-transitions/s and gradient and density evaluations/s from the engine's own
 * counters.
 * A snapshot (a read-back) closes each timed block, so queued GPU work is included. */
export async function measureRate(engine: SamplingEngine, minSeconds: number, startIterations = 1): Promise<Rate> {
  engine.run(1); // warm-up: pipeline creation and first dispatch are not timed
  await engine.snapshot({ shownChains: 1 });
  let iterations = startIterations;
  for (;;) {
    const before = await engine.snapshot({ shownChains: 1 });
    const t0 = performance.now();
    engine.run(iterations);
    const after = await engine.snapshot({ shownChains: 1 });
    const seconds = (performance.now() - t0) / 1000;
    if (seconds >= minSeconds || iterations >= 1 << 20) {
      return {
        transitionsPerSec: (after.chains * iterations) / seconds,
        gradEvalsPerSec: (after.totals.gradEvals - before.totals.gradEvals) / seconds,
        densityEvalsPerSec: (after.totals.densityEvals - before.totals.densityEvals) / seconds,
        iterations,
        seconds,
      };
    }
    iterations *= seconds > 0 ? Math.min(8, Math.max(2, Math.ceil(minSeconds / seconds))) : 8;
  }
}

export interface Comparison {
  readonly webgpu: Rate;
  readonly cpu: Rate;
  /** WebGPU / CPU gradient evaluations per second. */
  readonly ratio: number;
}

export interface CompareOptions {
  /** Applied to both engines after configure (e.g. a known metric, standing in for warm-up). */
  readonly tuning?: Tuning;
  /** Transitions per GPU dispatch. */
  readonly stepsPerDispatch?: number;
  /** First timed iteration count on the GPU (the CPU starts at 1). */
  readonly gpuStart?: number;
}

/** Configures both engines alike and measures one after the other (never both at once: they
 * share the CPU cores when the adapter is SwiftShader). */
export async function compareRates(engines: Engines, config: RunConfig, options: CompareOptions = {}): Promise<Comparison> {
  const { gpu, cpu } = engines;
  await gpu.configure({ ...config, stepsPerDispatch: options.stepsPerDispatch ?? 16 });
  await cpu.configure(config);
  if (options.tuning) {
    gpu.tune(options.tuning);
    cpu.tune(options.tuning);
  }
  const webgpu = await measureRate(gpu, MIN_SECONDS, options.gpuStart);
  const cpuRate = await measureRate(cpu, MIN_SECONDS);
  return { webgpu, cpu: cpuRate, ratio: webgpu.gradEvalsPerSec / cpuRate.gradEvalsPerSec };
}
