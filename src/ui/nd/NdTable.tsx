import { useMemo, useState } from 'react';
import type { DiagnosticsReport } from '../../stats/report';
import { essAllChainsMin } from '../../diagnostics/thresholds';
import { count } from '../format';
import { significant } from '../diagnostics/numbers';
import type { ReferenceMarginals } from '../marginals';

/** |z| beyond this is flagged: 3 MCSEs is rare for an unbiased sampler even over a few dozen
 * coordinates. */
const Z_FLAG = 3;

type Order = 'coordinate' | 'rhat' | 'z';
const ORDERS: readonly { value: Order; label: string }[] = [
  { value: 'coordinate', label: 'coordinate' },
  { value: 'rhat', label: 'worst nested R-hat first' },
  { value: 'z', label: 'worst |z| first' },
];

interface Row {
  readonly i: number;
  readonly cells: readonly { readonly col: string; readonly value: number; readonly text: string; readonly flag?: string }[];
  readonly rhat: number;
  readonly z: number;
}

/** NaN sorts first among the worst: a stuck chain's R-hat is NaN. */
const worst = (v: number) => (Number.isNaN(v) ? Infinity : v);

function rowsOf(report: DiagnosticsReport, reference: ReferenceMarginals): Row[] {
  return report.summary.map((_, i) => {
    const { mean, sd, meanZ } = report.pooled[i];
    const truth = reference.moments(i);
    // All-chain diagnostics (nested R-hat, batch-means ESS), never the traced chains' R-hat.
    const all = report.allChains?.rows[i] ?? null;
    const nrhat = all?.nrhat ?? NaN;
    const ess = all?.ess ?? NaN;
    const rhatFlag = all && nrhat > all.nrhatMax ? `nested R-hat should be at most ${all.nrhatMax.toFixed(3)}` : undefined;
    const essFlag = all && ess < essAllChainsMin(all.chains) ? `ESS over all chains should be at least ${count(essAllChainsMin(all.chains))}` : undefined;
    const zFlag = Math.abs(meanZ) > Z_FLAG ? `the mean is more than ${Z_FLAG} Monte Carlo standard errors from the truth` : undefined;
    return {
      i, rhat: nrhat, z: meanZ,
      cells: [
        { col: 'mean', value: mean, text: significant(mean) },
        { col: 'sd', value: sd, text: significant(sd) },
        { col: 'true_mean', value: truth.mean, text: significant(truth.mean) },
        { col: 'true_sd', value: truth.sd, text: significant(truth.sd) },
        { col: 'z_mean', value: meanZ, text: Number.isFinite(meanZ) ? meanZ.toFixed(2) : '—', flag: zFlag },
        { col: 'nrhat', value: nrhat, text: Number.isFinite(nrhat) ? nrhat.toFixed(3) : '—', flag: rhatFlag },
        { col: 'ess', value: ess, text: Number.isFinite(ess) ? count(ess) : '—', flag: essFlag },
      ],
    };
  });
}

const HEADERS: readonly [string, string][] = [
  ['mean', 'mean'], ['sd', 'sd'], ['true_mean', 'true mean'], ['true_sd', 'true sd'],
  ['z_mean', 'z (mean)'], ['nrhat', 'nested R-hat (all chains)'], ['ess', 'ESS (all chains)'],
];

/** Every coordinate: the pooled mean and sd against the truth, the mean's error in units of its
 * Monte Carlo standard error, nested R-hat and ESS over all chains; sortable by the worst. */
export function NdTable({ report, reference }: { readonly report: DiagnosticsReport; readonly reference: ReferenceMarginals }) {
  const [order, setOrder] = useState<Order>('coordinate');
  const rows = useMemo(() => {
    const all = rowsOf(report, reference);
    if (order === 'rhat') all.sort((a, b) => worst(b.rhat) - worst(a.rhat));
    if (order === 'z') all.sort((a, b) => worst(Math.abs(b.z)) - worst(Math.abs(a.z)));
    return all;
  }, [report, reference, order]);
  return (
    <div className="nd-table">
      <label className="nd-inline">
        Order rows by
        <select value={order} onChange={(e) => setOrder(e.target.value as Order)}>
          {ORDERS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </label>
      <div className="nd-scroll" role="region" aria-label="Per-coordinate summary" tabIndex={0}>
        <table data-testid="nd-table">
          <caption>
            Mean and sd pooled over every chain and recorded draw; z, nested R-hat and ESS from the moments of {count(report.allChains?.chains ?? 0)} chains
          </caption>
          <thead>
            <tr>
              <th scope="col">coordinate</th>
              {HEADERS.map(([col, text]) => <th key={col} scope="col" data-col={col}>{text}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.i} data-testid={`nd-row-${row.i}`}>
                <th scope="row">x{row.i}</th>
                {row.cells.map((c) => (
                  <td key={c.col} data-col={c.col} data-value={String(c.value)} className={c.flag ? 'breach' : undefined} title={c.flag}>{c.text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
