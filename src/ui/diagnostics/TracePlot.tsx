import { useMemo } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { Plot } from '../Plot';
import { axisRef, chainLines, coordName, plotHeader, stackedLayout } from './traces';

/** The traced chains' last draws of each shown coordinate against the iteration, one subplot per
 * coordinate: stuck or drifting chains show at a glance. */
export function TracePlot({ report }: { readonly report: DiagnosticsReport }) {
  const { trace, coords } = report;
  const data = useMemo(() => trace.values.flatMap((chains, k) => chainLines(trace.iterations, chains, axisRef(k))), [trace]);
  const layout = useMemo(() => ({
    ...plotHeader('Trace'),
    ...stackedLayout(coords.map(coordName), { title: { text: 'iteration' } }),
  }), [coords]);
  return <Plot testId="plot-trace" label="Trace of the traced chains over iterations" data={data} layout={layout} download />;
}
