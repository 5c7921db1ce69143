/** A slow adaptation window [start, end) in iterations. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * Stan's warm-up schedule: an initial fast buffer (step size only), slow windows that double in
 * length (the metric is estimated over each and set at its end), and a terminal fast buffer.
 * Defaults 75 / 25 / 50, scaled to 15 % / 75 % / 10 % when the warm-up is too short for them.
 */
export function slowWindows(warmup: number): Window[] {
  if (warmup < 20) return [];
  let init = 75;
  let term = 50;
  let base = 25;
  if (init + term + base > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.1 * warmup);
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
