/** Histograms as Plotly bars: the bundle has no histogram trace. */
import type { Histogram } from '../marginals';

/** Bin counts over [lo, hi] as a density over that range, like `histogram()` in marginals.ts (the
 * engine's recorded histograms arrive already counted). */
export function densityBars(counts: ArrayLike<number>, lo: number, hi: number): Histogram {
  const bins = counts.length;
  const width = (hi - lo) / bins;
  let total = 0;
  for (let b = 0; b < bins; b++) total += counts[b];
  return {
    x: Array.from({ length: bins }, (_, b) => lo + (b + 0.5) * width),
    y: Array.from(counts, (n) => (total > 0 ? n / (total * width) : 0)),
    width,
  };
}

export function barTrace(h: Histogram, name: string, color: string): object {
  return { type: 'bar', name, x: h.x, y: h.y, width: h.width, marker: { color } };
}
