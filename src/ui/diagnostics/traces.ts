/** Plotly trace and layout pieces shared by the plot panels (plain objects: no Plotly import). */

/** Plotly redraws are slow: the plots follow the stores at most this often. */
export const REDRAW_MS = 600;
/** Mid-tone, so that lines keep 3:1 contrast on the light and the dark plot background. */
export const TRUTH_COLOUR = '#3b78d8';
export const CHAINS_COLOUR = 'rgba(240, 110, 40, 0.55)';
const REFERENCE_COLOUR = '#64748b';
/** Coordinates k = 0, 1 of a report: the truth's blue and the chains' orange. */
const COORD_COLOURS = [TRUTH_COLOUR, 'rgb(230, 100, 30)'];
const CHAIN_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export const coordColour = (k: number) => COORD_COLOURS[k % COORD_COLOURS.length];
export const coordName = (i: number) => `x${i}`;
export const plotTitle = (text: string) => ({ text, font: { size: 13 } });
/** Plotly's name of the k-th y axis as a trace refers to it ('y', 'y2', …). */
export const axisRef = (k: number) => (k === 0 ? 'y' : `y${k + 1}`);

export interface LineStyle {
  readonly color: string;
  readonly dash?: 'solid' | 'dot' | 'dash' | 'dashdot';
  readonly width?: number;
  /** 'hvh': steps centred on the x values (histogram outlines). */
  readonly shape?: 'linear' | 'hvh';
  readonly yaxis?: string;
  readonly legendgroup?: string;
  readonly showlegend?: boolean;
}

export function lineTrace(name: string, x: ArrayLike<number>, y: ArrayLike<number>, style: LineStyle): object {
  const { color, dash = 'solid', width = 1.5, shape = 'linear', yaxis = 'y', legendgroup, showlegend = true } = style;
  return { type: 'scatter', mode: 'lines', name, x, y, yaxis, legendgroup, showlegend, line: { color, dash, width, shape } };
}

/** One line per chain on the y axis `yaxis`; a chain keeps its colour across subplots and has one
 * legend entry (on the first). */
export function chainLines(x: ArrayLike<number>, series: readonly ArrayLike<number>[], yaxis: string, shape?: 'hvh'): object[] {
  return series.map((y, c) => lineTrace(`chain ${c}`, x, y, {
    color: CHAIN_COLOURS[c % CHAIN_COLOURS.length], width: 1, shape, yaxis, legendgroup: `chain ${c}`, showlegend: yaxis === 'y',
  }));
}

/** A dashed horizontal reference line across the plot at y on the axis `yref`. */
export function hline(y: number, yref = 'y'): object {
  return { type: 'line', xref: 'paper', x0: 0, x1: 1, yref, y0: y, y1: y, line: { color: REFERENCE_COLOUR, width: 1, dash: 'dash' } };
}

/** Room on the right for a second y axis. */
export const TWO_AXES_MARGIN = { l: 48, r: 44, t: 34, b: 38 };

/** Title at the top and the legend in rows between it and the plot (Plotly widens the top margin
 * for a legend that wraps), so that long legends do not run over the title. */
export function plotHeader(text: string, secondAxis = false): Record<string, object> {
  return {
    title: { ...plotTitle(text), y: 1, yref: 'container', yanchor: 'top', pad: { t: 8 } },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } },
    margin: { ...TWO_AXES_MARGIN, t: 52, r: secondAxis ? TWO_AXES_MARGIN.r : 12 },
  };
}

/** A second y axis on the right, over the first, with its own round ticks (an overlaying axis
 * otherwise syncs its ticks to the first one's gridlines). */
export const rightAxis = (text: string) => ({
  title: { text }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false, tickmode: 'auto',
});

const SUBPLOT_GAP = 0.1;
const SUBPLOT_HEIGHT = 150;

/** Height and axes of subplots stacked top to bottom over one shared x axis (`xaxis`, drawn under
 * the bottom one), their y axes titled `titles`. */
export function stackedLayout(titles: readonly string[], xaxis: object): Record<string, unknown> {
  const n = titles.length;
  const share = (1 - SUBPLOT_GAP * (n - 1)) / n;
  const axes = titles.map((text, k) => {
    const top = 1 - k * (share + SUBPLOT_GAP);
    // Clamped: rounding may leave the last bottom a hair below 0, which Plotly rejects.
    return [k === 0 ? 'yaxis' : `yaxis${k + 1}`, { domain: [Math.max(0, top - share), top], anchor: 'x', title: { text } }];
  });
  return { height: 100 + SUBPLOT_HEIGHT * n, xaxis: { ...xaxis, anchor: axisRef(n - 1) }, ...Object.fromEntries(axes) };
}
