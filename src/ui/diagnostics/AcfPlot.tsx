import { useMemo } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { Plot } from '../Plot';
import { coordColour, coordName, hline, lineTrace, plotHeader } from './traces';

/** Mean autocorrelation over the traced chains by lag: how fast the chains forget (ESS ≈ S / τ). */
export function AcfPlot({ report }: { readonly report: DiagnosticsReport }) {
  const { acf, coords } = report;
  const data = useMemo(() => acf.map((rho, k) => {
    const lags = Array.from(rho, (_, t) => t);
    return lineTrace(coordName(coords[k]), lags, rho, { color: coordColour(k) });
  }), [acf, coords]);
  const layout = useMemo(() => ({
    ...plotHeader('Autocorrelation'),
    xaxis: { title: { text: 'lag' } },
    yaxis: { range: [-0.25, 1.02] },
    shapes: [hline(0)],
  }), []);
  return <Plot testId="plot-acf" label="Autocorrelation of the traced chains by lag" data={data} layout={layout} download />;
}
