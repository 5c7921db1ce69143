import { useMemo } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { EBFMI_MIN } from '../../diagnostics/thresholds';
import { fixed } from '../format';
import { histogram } from '../marginals';
import { Plot } from '../Plot';
import { barTrace } from './histogram-bars';
import { CHAINS_COLOUR, plotHeader } from './traces';

type Energy = NonNullable<DiagnosticsReport['energy']>;

const BINS = 40;
const TRANSITIONS_COLOUR = 'rgba(59, 120, 216, 0.55)';
/** The bins span the central 99.8 % of both samples: one wild transition must not flatten the rest. */
const TAIL = 0.001;

function centralRange(a: Float64Array, b: Float64Array): [number, number] {
  const all = new Float64Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  all.sort();
  const lo = all[Math.floor(TAIL * (all.length - 1))];
  const hi = all[Math.ceil((1 - TAIL) * (all.length - 1))];
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}

/** Stan's / ArviZ's energy plot: the marginal energy (centred) and the energy transitions ΔE.
 * When ΔE is much narrower than E, a trajectory moves between energy levels too slowly (low E-BFMI). */
export function EnergyPlot({ energy }: { readonly energy: Energy }) {
  const data = useMemo(() => {
    const [lo, hi] = centralRange(energy.centred, energy.transitions);
    const ebfmi = Math.min(...energy.ebfmi);
    const low = ebfmi < EBFMI_MIN ? ' (low)' : '';
    return [
      barTrace(histogram(energy.centred, lo, hi, BINS), 'E − Ē (marginal)', CHAINS_COLOUR),
      barTrace(histogram(energy.transitions, lo, hi, BINS), `ΔE (transitions), E-BFMI min ${fixed(ebfmi, 2)}${low}`, TRANSITIONS_COLOUR),
    ];
  }, [energy]);
  const layout = useMemo(() => ({
    ...plotHeader('Energy'),
    barmode: 'overlay',
    xaxis: { title: { text: 'energy' } },
    yaxis: { title: { text: 'density' }, rangemode: 'tozero' },
  }), []);
  return <Plot testId="plot-energy" label="Histograms of the marginal energy and of the energy transitions" data={data} layout={layout} download />;
}
