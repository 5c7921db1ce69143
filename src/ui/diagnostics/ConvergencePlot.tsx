import { useMemo } from 'react';
import type { ConvergencePoint } from '../../state/stats';
import { RHAT_MAX } from '../../diagnostics/thresholds';
import { Plot } from '../Plot';
import { coordColour, coordName, hline, lineTrace, plotHeader, rightAxis } from './traces';

interface Props {
  readonly points: readonly ConvergencePoint[];
  readonly coords: readonly number[];
}

/** R-hat (left axis) and bulk and tail ESS (right axis) as the traced chains' window grows: R-hat
 * should settle under 1.01 and the ESS grow about linearly with the draws. */
export function ConvergencePlot({ points, coords }: Props) {
  const data = useMemo(() => {
    const x = points.map((p) => p.draws);
    return coords.flatMap((i, k) => {
      const color = coordColour(k);
      return [
        lineTrace(`R̂ ${coordName(i)}`, x, points.map((p) => p.rhat[k]), { color, width: 2 }),
        lineTrace(`ESS bulk ${coordName(i)}`, x, points.map((p) => p.essBulk[k]), { color, dash: 'dot', yaxis: 'y2' }),
        lineTrace(`ESS tail ${coordName(i)}`, x, points.map((p) => p.essTail[k]), { color, dash: 'dashdot', yaxis: 'y2' }),
      ];
    });
  }, [points, coords]);
  const layout = useMemo(() => ({
    ...plotHeader('Convergence (traced chains)', true),
    xaxis: { title: { text: 'draws per chain' } },
    yaxis: { title: { text: 'R̂' } },
    yaxis2: rightAxis('ESS'),
    shapes: [hline(RHAT_MAX)],
  }), []);
  return <Plot testId="plot-convergence" label="The traced chains' R-hat and effective sample sizes against draws per chain" data={data} layout={layout} download />;
}
