/** The Plotly bundle (~1 MB) loads on first use, in its own chunk, so the page starts fast. */
import type { PlotlyApi } from 'plotly.js-basic-dist-min';

let loading: Promise<PlotlyApi> | null = null;

export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('plotly.js-basic-dist-min').then((m) => m.default);
  return loading;
}
