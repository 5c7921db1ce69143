import { useMemo } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { Plot } from '../Plot';
import { CHAINS_COLOUR, plotHeader, TRUTH_COLOUR } from './traces';

type Modes = NonNullable<DiagnosticsReport['modes']>;

/** The recorded mass nearest each mode against the true mass: chains stuck in some modes show as
 * over- and under-filled bars. */
export function ModesPlot({ modes }: { readonly modes: Modes }) {
  const data = useMemo(() => {
    const x = modes.truth.map((_, m) => `mode ${m}`);
    return [
      { type: 'bar', name: 'chains', x, y: modes.observed, marker: { color: CHAINS_COLOUR } },
      { type: 'bar', name: 'truth', x, y: modes.truth, marker: { color: TRUTH_COLOUR } },
    ];
  }, [modes]);
  const layout = useMemo(() => ({
    ...plotHeader('Mass per mode'),
    barmode: 'group',
    bargap: 0.25,
    yaxis: { title: { text: 'mass' }, rangemode: 'tozero' },
  }), []);
  return <Plot testId="plot-modes" label="Observed mass near each mode against the true mass" data={data} layout={layout} download />;
}
