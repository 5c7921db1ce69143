import type { SamplingEngine } from '../src/engine/types';

export interface Rate {
  readonly transitionsPerSec: number;
  readonly gradEvalsPerSec: number;
  readonly iterations: number;
  readonly seconds: number;
}

/** Runs `engine` (already configured) for at least `minSeconds`, doubling the iteration count,
 * and returns chain-transitions/s and gradient evaluations/s from the engine's own counters.
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
        iterations,
        seconds,
      };
    }
    iterations *= seconds > 0 ? Math.min(8, Math.max(2, Math.ceil(minSeconds / seconds))) : 8;
  }
}
