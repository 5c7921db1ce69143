import type { DiagnosticsReport } from '../../stats/report';
import { count } from '../format';
import { summaryTableRows } from './summary-rows';

/** Per-coordinate summary like posterior::summarise_draws, thresholds flagged, then the warnings. */
export function SummaryTable({ report }: { readonly report: DiagnosticsReport }) {
  const { warnings, chains, draws, allChains } = report;
  const rows = summaryTableRows(report);
  return (
    <div className="summary">
      <div className="summary-scroll" role="region" aria-label="Summary table" tabIndex={0}>
        <table data-testid="summary-table">
          <caption>
            Mean and sd over every chain; {allChains
              ? `nested R-hat, ESS and MCSE over ${count(allChains.chains)} of ${count(allChains.totalChains)} chains${allChains.chains < allChains.totalChains ? ' (the first ones: reading more costs more than it tells)' : ''}; `
              : ''}quantiles over the last {count(draws)} draws of {count(chains)} traced chains
          </caption>
          <thead>
            <tr>
              <th scope="col" data-col="variable">variable</th>
              {rows[0]?.cells.map(({ col }) => <th key={col} scope="col" data-col={col}>{col}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.variable} data-testid={`summary-row-${row.variable}`}>
                <th scope="row" data-col="variable">{row.variable}</th>
                {row.cells.map(({ col, value, text, breach }) => (
                  <td key={col} data-col={col} data-value={String(value)} className={breach ? 'breach' : undefined} title={breach ?? undefined}>
                    {text}
                  </td>
                ))}
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
