/** Histograms as Plotly bars: the bundle has no histogram trace. */
import type { Histogram } from '../marginals';

export function barTrace(h: Histogram, name: string, color: string): object {
  return { type: 'bar', name, x: h.x, y: h.y, width: h.width, marker: { color } };
}
