import { useMemo } from 'react';
import type { ConvergencePoint } from '../../state/stats';
import { Plot } from '../Plot';
import { coordColour, coordName, hline, lineTrace, plotHeader } from './traces';

interface Props {
  readonly points: readonly ConvergencePoint[];
  readonly coords: readonly number[];
}

/** The pooled mean's and sd's error against the truth in units of their MCSE: a calibrated sampler
 * wanders inside ±2 (about 95 % of the time); a biased one drifts out as the MCSE shrinks. */
export function TruthErrorPlot({ points, coords }: Props) {
  const data = useMemo(() => {
    const known = points.filter((p) => p.meanZ !== null);
    const x = known.map((p) => p.iteration);
    return coords.flatMap((i, k) => [
      lineTrace(`mean ${coordName(i)}`, x, known.map((p) => p.meanZ![k]), { color: coordColour(k) }),
      lineTrace(`sd ${coordName(i)}`, x, known.map((p) => p.sdZ?.[k] ?? NaN), { color: coordColour(k), dash: 'dot' }),
    ]);
  }, [points, coords]);
  const layout = useMemo(() => ({
    ...plotHeader('Error against the truth'),
    xaxis: { title: { text: 'iteration' } },
    yaxis: { title: { text: 'error / MCSE' } },
    shapes: [hline(2), hline(-2)],
  }), []);
  return <Plot testId="plot-truth-error" label="Error of the pooled mean and sd against the truth in MCSE units" data={data} layout={layout} download />;
}
