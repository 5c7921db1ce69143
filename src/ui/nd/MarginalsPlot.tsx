import { useMemo } from 'react';
import { barTrace } from '../diagnostics/histogram-bars';
import { CHAINS_COLOUR, plotTitle, TRUTH_COLOUR } from '../diagnostics/traces';
import { histogram } from '../marginals';
import { Plot } from '../Plot';
import type { NdPlotInput } from './types';
import { gridAxes, subplotAxes } from './subplot-grid';

const BINS = 24;
const COLS = 8;
const ROW_PX = 92;

interface Props extends NdPlotInput {
  /** The coordinates of this page. */
  readonly coords: readonly number[];
}

/** Small multiples: the histogram of each coordinate's current positions over the chains, with
 * the truth's mean ± sd marked under it. */
export function MarginalsPlot({ coords, particles, ranges, reference }: Props) {
  const data = useMemo(() => {
    const n = particles.shownChains;
    return coords.flatMap((i, p) => {
      const axes = subplotAxes(p);
      const [lo, hi] = ranges[i];
      const first = p === 0;
      const traces: object[] = [{
        ...barTrace(histogram(particles.positions.subarray(i * n, (i + 1) * n), lo, hi, BINS), `${n.toLocaleString('en-US')} chains (now)`, CHAINS_COLOUR),
        ...axes, showlegend: first, legendgroup: 'chains',
      }];
      const { mean, sd } = reference.moments(i);
      if (Number.isFinite(mean) && Number.isFinite(sd)) {
        traces.push({
          type: 'scatter', mode: 'lines+markers', name: 'true mean ± sd', x: [mean - sd, mean, mean + sd], y: [0, 0, 0], ...axes,
          line: { color: TRUTH_COLOUR, width: 3 }, marker: { size: [0, 7, 0], color: TRUTH_COLOUR }, showlegend: first, legendgroup: 'truth',
          hovertemplate: `x${i}: ${mean.toPrecision(3)} ± ${sd.toPrecision(3)}<extra></extra>`,
        });
      }
      return traces;
    });
  }, [coords, particles, ranges, reference]);
  const layout = useMemo(() => ({
    title: plotTitle(`Marginals of x${coords[0]}…x${coords.at(-1)}`),
    height: 90 + ROW_PX * Math.ceil(coords.length / COLS),
    margin: { l: 20, r: 12, t: 60, b: 24 },
    legend: { orientation: 'h', x: 0, y: 1.0, yanchor: 'bottom', font: { size: 10 } },
    ...gridAxes(coords.length, COLS, (p) => ({
      x: { range: ranges[coords[p]], tickfont: { size: 8 }, nticks: 3 },
      y: { rangemode: 'tozero', showticklabels: false },
    })),
    annotations: coords.map((i, p) => {
      const { xaxis, yaxis } = subplotAxes(p);
      return {
        text: `x${i}`, showarrow: false, xref: `${xaxis} domain`, yref: `${yaxis} domain`, x: 0.02, y: 1, xanchor: 'left', yanchor: 'top', font: { size: 10 },
      };
    }),
  }), [coords, ranges]);
  return <Plot testId="plot-marginals" label={`Marginal histograms of coordinates ${coords[0]} to ${coords.at(-1)}`} data={data} layout={layout} download />;
}
