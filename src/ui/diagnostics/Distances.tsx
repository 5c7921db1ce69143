import type { DiagnosticsReport } from '../../stats/report';
import { significant } from './numbers';

type DistancesData = NonNullable<DiagnosticsReport['distances']>;

/** Distances of the chains to exact draws (0 for a perfect sampler, up to Monte Carlo noise). */
export function Distances({ distances }: { readonly distances: DistancesData }) {
  const items: [string, string, number][] = [
    ['energy', 'energy distance', distances.energy],
    ['mmd', 'MMD', distances.mmd],
    ['sliced', 'sliced Wasserstein', distances.sliced],
  ];
  if (distances.kl !== null) items.push(['kl', 'grid KL', distances.kl]);
  return (
    <p className="distances" data-testid="distances">
      <span className="note">To exact draws:</span>
      {items.map(([id, label, v]) => (
        <span key={id} data-testid={`distance-${id}`} data-value={String(v)}>{label} <strong>{significant(v)}</strong></span>
      ))}
    </p>
  );
}
