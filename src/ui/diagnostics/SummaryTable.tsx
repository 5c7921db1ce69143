import type { DiagnosticsReport } from '../../stats/report';
import { SUMMARY_COLUMNS } from '../export';
import { count } from '../format';
import { ESS_PER_CHAIN_MIN, RHAT_MAX } from '../../diagnostics/thresholds';
import { significant } from './numbers';

type Column = (typeof SUMMARY_COLUMNS)[number][0];


/** Why a value breaches its column's threshold, or null. NaN R-hat (e.g. a stuck chain) breaches. */
function breach(col: Column, v: number, chains: number): string | null {
  if (col === 'rhat') return v <= RHAT_MAX ? null : `R-hat should be at most ${RHAT_MAX}: the chains disagree`;
  if (col === 'ess_bulk' || col === 'ess_tail') {
    return v >= ESS_PER_CHAIN_MIN * chains ? null : `ESS should be at least ${ESS_PER_CHAIN_MIN} per chain (${count(ESS_PER_CHAIN_MIN * chains)})`;
  }
  return null;
}

function shown(col: Column, v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (col === 'rhat') return v.toFixed(3);
  return col === 'ess_bulk' || col === 'ess_tail' ? count(v) : significant(v);
}

/** Per-coordinate summary like posterior::summarise_draws, thresholds flagged, then the warnings. */
export function SummaryTable({ report }: { readonly report: DiagnosticsReport }) {
  const { summary, warnings, chains, draws } = report;
  return (
    <div className="summary">
      <div className="summary-scroll" role="region" aria-label="Summary table" tabIndex={0}>
        <table data-testid="summary-table">
          <caption>Summary over the last {count(draws)} draws of {count(chains)} traced chains</caption>
          <thead>
            <tr>
              <th scope="col" data-col="variable">variable</th>
              {SUMMARY_COLUMNS.map(([col]) => <th key={col} scope="col" data-col={col}>{col}</th>)}
            </tr>
          </thead>
          <tbody>
            {summary.map((row) => (
              <tr key={row.variable} data-testid={`summary-row-${row.variable}`}>
                <th scope="row" data-col="variable">{row.variable}</th>
                {SUMMARY_COLUMNS.map(([col, key]) => {
                  const why = breach(col, row[key], chains);
                  return (
                    <td key={col} data-col={col} data-value={String(row[key])} className={why ? 'breach' : undefined} title={why ?? undefined}>
                      {shown(col, row[key])}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {warnings.length > 0 && (
        <ul className="summary-warnings" data-testid="summary-warnings">
          {warnings.map((w, i) => (
            <li key={i}>{w.variable && <strong>{w.variable}: </strong>}{w.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
