import { useMemo } from 'react';
import { CHAINS_COLOUR, plotTitle, TRUTH_COLOUR } from '../diagnostics/traces';
import { barTrace } from '../diagnostics/histogram-bars';
import { histogram } from '../marginals';
import { Plot } from '../Plot';
import type { NdPlotInput } from './types';
import { gridAxes, subplotAxes } from './subplot-grid';

/** Chains drawn per scatter panel: SVG scatter slows past a few thousand points in all. */
const PAIR_POINTS = 800;
const BINS = 30;
const PANEL_PX = 130;

interface Props extends NdPlotInput {
  readonly k: number;
}

/** Coordinates 0…k−1 against each other: the chains' current positions off the diagonal, their
 * histogram and the reference marginal on it. */
export function PairPlot({ k, particles, ranges, reference }: Props) {
  const data = useMemo(() => {
    const n = particles.shownChains;
    const shown = Math.min(n, PAIR_POINTS);
    const column = (i: number, m: number) => particles.positions.subarray(i * n, i * n + m);
    const traces: object[] = [];
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const axes = subplotAxes(r * k + c);
        const first = r === 0 && c === 0;
        if (r !== c) {
          traces.push({
            type: 'scatter', mode: 'markers', name: 'chains', x: column(c, shown), y: column(r, shown), ...axes,
            marker: { size: 2.5, color: CHAINS_COLOUR }, showlegend: false, hoverinfo: 'skip',
          });
          continue;
        }
        const [lo, hi] = ranges[c];
        traces.push({ ...barTrace(histogram(column(c, n), lo, hi, BINS), `${n.toLocaleString('en-US')} chains (now)`, CHAINS_COLOUR), ...axes, showlegend: first, legendgroup: 'chains' });
        const ref = reference.curve(c, lo, hi, BINS);
        if (ref) {
          traces.push({
            type: 'scatter', mode: 'lines', name: reference.label, x: ref.x, y: ref.y, ...axes, legendgroup: 'ref', showlegend: first,
            line: { color: TRUTH_COLOUR, width: 1.5, shape: reference.source === 'exact' ? 'hvh' : 'linear' },
          });
        }
      }
    }
    return traces;
  }, [k, particles, ranges, reference]);
  const layout = useMemo(() => ({
    title: plotTitle(`Pairs of x0…x${k - 1}`),
    height: 90 + PANEL_PX * k,
    margin: { l: 48, r: 12, t: 60, b: 40 },
    legend: { orientation: 'h', x: 0, y: 1.0, yanchor: 'bottom', font: { size: 10 } },
    ...gridAxes(k * k, k, (n) => {
      const [r, c] = [Math.floor(n / k), n % k];
      return {
        x: { range: ranges[c], showticklabels: r === k - 1, ...(r === k - 1 ? { title: { text: `x${c}` } } : {}) },
        y: {
          ...(r === c ? { rangemode: 'tozero', showticklabels: false } : { range: ranges[r], showticklabels: c === 0 }),
          ...(c === 0 ? { title: { text: `x${r}` } } : {}),
        },
      };
    }),
  }), [k, ranges]);
  return <Plot testId="plot-pairs" label={`Pair plot of coordinates 0 to ${k - 1}`} data={data} layout={layout} download />;
}
