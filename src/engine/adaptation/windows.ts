/** A slow adaptation window [start, end) in iterations. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * Stan's warm-up schedule: an initial fast buffer (step size only), slow windows that double in
 * length (the metric is estimated over each and set at its end), and a terminal fast buffer.
 * Defaults 75 / 25 / 50, scaled to 15 % / 65 % / 20 % when the warm-up is too short for them
 * (Stan's 10 % terminal buffer leaves a 100-iteration warm-up 10 step-size updates after the
 * last metric change: too few to average).
 */
export function slowWindows(warmup: number): Window[] {
  if (warmup < 20) return [];
  let init = 75;
  let term = 50;
  let base = 25;
  if (init + term + base > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.2 * warmup);
    base = warmup - init - term;
  }
  const out: Window[] = [];
  const last = warmup - term;
  for (let start = init, size = base; start < last; size *= 2) {
    // A window that would leave less than twice its successor's length runs to the end.
    const end = start + size + 2 * size > last ? last : start + size;
    out.push({ start, end });
    start = end;
  }
  return out;
}
