import type { DiagnosticsReport } from '../../stats/report';
import { count } from '../format';
import { essAllChainsMin } from '../../diagnostics/thresholds';
import { significant } from './numbers';

/** One cell of the summary table: its column, value, text and why it breaches a threshold. */
export interface SummaryCell {
  readonly col: string;
  readonly value: number;
  readonly text: string;
  readonly breach: string | null;
}

const text = (v: number, f: (v: number) => string) => (Number.isFinite(v) ? f(v) : '—');

/** The summary table's rows: pooled moments and the all-chain nested R-hat, ESS and MCSE (never
 * the traced chains' R-hat or ESS), the quantiles of the traced chains' window. Interacting
 * particles get no R-hat or ESS columns. */
export function summaryTableRows(report: DiagnosticsReport): { readonly variable: string; readonly cells: readonly SummaryCell[] }[] {
  return report.summary.map((row, i) => {
    const pooled = report.pooled[i];
    const all = report.allChains?.rows[i] ?? null;
    const cells: SummaryCell[] = [
      { col: 'mean', value: pooled.mean, text: text(pooled.mean, significant), breach: null },
      { col: 'sd', value: pooled.sd, text: text(pooled.sd, significant), breach: null },
      ...(['q5', 'q50', 'q95'] as const).map((q) => ({ col: q, value: row[q], text: text(row[q], significant), breach: null })),
    ];
    if (!report.interacting) {
      const nrhat = all?.nrhat ?? NaN;
      const ess = all?.ess ?? NaN;
      const mcse = all?.mcseMean ?? NaN;
      cells.push(
        { col: 'nrhat', value: nrhat, text: text(nrhat, (v) => v.toFixed(3)),
          breach: all && nrhat > all.nrhatMax ? `nested R-hat should be at most ${all.nrhatMax.toFixed(3)} with ${all.superchains} superchains: groups of chains disagree` : null },
        { col: 'ess', value: ess, text: text(ess, count),
          breach: all && ess < essAllChainsMin(all.chains) ? `ESS over all chains should be at least ${count(essAllChainsMin(all.chains))}` : null },
        { col: 'mcse_mean', value: mcse, text: text(mcse, significant), breach: null },
      );
    }
    return { variable: row.variable, cells };
  });
}
