/** CSV exports of the diagnostics (pure builders) and the one DOM call that saves a file. */
import type { SummaryRow } from '../stats/report';
import type { TraceData } from '../stats/trace-window';

/** Summary columns as `posterior::summarise_draws` names them, and the SummaryRow field of each. */
export const SUMMARY_COLUMNS = [
  ['mean', 'mean'], ['sd', 'sd'], ['q5', 'q5'], ['q50', 'q50'], ['q95', 'q95'], ['rhat', 'rhat'],
  ['ess_bulk', 'essBulk'], ['ess_tail', 'essTail'], ['mcse_mean', 'mcseMean'], ['mcse_sd', 'mcseSd'],
] as const satisfies readonly (readonly [string, keyof SummaryRow])[];

/** Shortest text that reads back to the same double; R's NA / Inf for what CSV readers lack. */
export function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'NA';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  return String(v);
}

const lines = (rows: readonly string[]) => `${rows.join('\n')}\n`;

/** The traced chains' window, one row per chain and iteration (chains 0-based as in the engine,
 * chain-major like posterior's draws_df); the energy column only for samplers that report one. */
export function drawsCsv(trace: TraceData, { energy }: { readonly energy: boolean }): string {
  const { from, rows, chains, d, values } = trace;
  const columns = d + (energy ? 1 : 0);
  const header = ['chain', 'iteration', ...Array.from({ length: d }, (_, i) => `x${i}`), ...(energy ? ['energy'] : [])];
  const out = [header.join(',')];
  for (let c = 0; c < chains; c++) {
    for (let r = 0; r < rows; r++) {
      const at = (r * chains + c) * (d + 1);
      const cells = [String(c), String(from + r)];
      for (let i = 0; i < columns; i++) cells.push(csvNumber(values[at + i]));
      out.push(cells.join(','));
    }
  }
  return lines(out);
}

/** The summary table with summarise_draws' column names. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const header = ['variable', ...SUMMARY_COLUMNS.map(([name]) => name)].join(',');
  return lines([header, ...rows.map((row) => [row.variable, ...SUMMARY_COLUMNS.map(([, key]) => csvNumber(row[key]))].join(','))]);
}

/** Saves `text` (CSV) as a file named `name` through a temporary object URL. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoked after the click's download has started, not before.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
