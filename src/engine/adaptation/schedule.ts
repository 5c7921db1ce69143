import { slowWindows, type Window } from './windows';

/** Dual-averaging updates a warm-up aims at: pooled over every chain, one round's acceptance is
 * nearly noise-free, and each update costs a read-back (50 keep the page's warm-up short). */
const ROUNDS = 50;
/** Updates after the last restart of dual averaging (the terminal buffer), so its averaged step
 * size is not dominated by the iterates just after the restart. */
const TERMINAL_ROUNDS = 20;

/** Where warm-up's rounds end (iterations, increasing, the last = `total`), the metric windows
 * and the checks for stranded chains (each window's start and end). Fixed by `total` alone, so
 * the tuning does not depend on how a driver slices the transitions. */
export interface WarmupSchedule {
  readonly roundEnds: readonly number[];
  readonly windows: readonly Window[];
  readonly checks: readonly number[];
}

export function warmupSchedule(total: number, adaptMetric: boolean): WarmupSchedule {
  // The windows pace the stranded-chain checks even when the metric is not learned.
  const windows = slowWindows(total);
  const bounds = [...new Set([0, ...windows.flatMap((w) => [w.start, w.end]), total])].sort((a, b) => a - b);
  const base = Math.max(1, Math.round(total / ROUNDS));
  const terminalStart = adaptMetric && windows.length > 0 ? windows[windows.length - 1].end : total;
  const roundEnds: number[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const size = a >= terminalStart ? Math.max(1, Math.floor((b - a) / TERMINAL_ROUNDS)) : base;
    for (let end = a + size; ; end += size) {
      // A short remainder joins the round before it.
      if (end + size > b || end >= b) {
        roundEnds.push(b);
        break;
      }
      roundEnds.push(end);
    }
  }
  const checks = bounds.slice(1, -1);
  return { roundEnds, windows: adaptMetric ? windows : [], checks };
}
