import { create } from 'zustand';
import type { DiagnosticsReport } from '../stats/report';
import type { TraceData } from '../stats/trace-window';
import type { RunPhase } from '../engine/run/run-controller';

/** Sampler health at one snapshot of the sampling phase. */
export interface HealthPoint {
  readonly iteration: number;
  /** Accepted / proposed since the previous point (NaN for samplers that always move). */
  readonly acceptance: number;
  /** Divergent transitions per chain and iteration since the previous point. */
  readonly divergenceRate: number;
  /** Mean tree depth of the chains' last transitions (NaN unless NUTS). */
  readonly treeDepth: number;
}

/** One point per diagnostics report, for the over-time plots (x = draws per traced chain). */
export interface ConvergencePoint {
  readonly iteration: number;
  readonly draws: number;
  /** Per coords[k] of the report. */
  readonly rhat: readonly number[];
  readonly essBulk: readonly number[];
  readonly essTail: readonly number[];
  readonly meanZ: readonly number[] | null;
  readonly sdZ: readonly number[] | null;
  readonly energyDistance: number | null;
}

/** Streamed statistics of the current run; the session writes it, panels read it. */
export interface StatsState {
  /** Whether the diagnostics panel is open (closed: the worker computes nothing). */
  open: boolean;
  report: DiagnosticsReport | null;
  /** The traced chains' window the report was computed from (CSV export). */
  trace: TraceData | null;
  convergence: ConvergencePoint[];
  health: HealthPoint[];
  /** Why the last refresh failed (the previous report stays shown). */
  error: string | null;
}

export const MAX_STATS_HISTORY = 600;

export const useStats = create<StatsState>()(() => ({
  open: true,
  report: null,
  trace: null,
  convergence: [],
  health: [],
  error: null,
}));

/** The report the readouts may show in `phase`: none while a flow trains (a report then can only
 * be a previous run's; its sampling phase has not begun). */
export function shownReport(report: DiagnosticsReport | null, phase: RunPhase): DiagnosticsReport | null {
  return phase.kind === 'training' ? null : report;
}
