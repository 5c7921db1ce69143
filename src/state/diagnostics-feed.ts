import type { SamplingEngine, Snapshot, SnapshotRequest } from '../engine/types';
import { acceptanceBetween } from './rates';
import { useRun } from './run';
import { MAX_STATS_HISTORY, useStats, type HealthPoint } from './stats';
import { TraceWindow } from '../stats/trace-window';
import type { ReportInput } from '../stats/report-input';
import type { DiagnosticsReport } from '../stats/report';
import { viewOf } from '../render/plane-view';
import { type FeedRun, type FeedView, recordSpecOf, TRACE_WINDOW } from '../stats/record-spec';
import { useNd } from './nd';

/** At most this many refreshes a second: diagnostics are for reading, not for animation. */
const REFRESH_MS = 300;

/** Computes a report off the main thread (a Web Worker in the page, in-process in tests). */
export type ComputeReport = (input: ReportInput) => Promise<DiagnosticsReport>;

const append = <T>(list: readonly T[], item: T) => [...list, item].slice(-MAX_STATS_HISTORY);

/** Positions of `coords` out of a snapshot that carries them (and maybe more), coordinate-major. */
function positionsOf(s: Snapshot, coords: readonly number[]): Float64Array {
  const n = s.shownChains;
  const out = new Float64Array(coords.length * n);
  coords.forEach((i, k) => {
    const j = s.coords.indexOf(i);
    out.set(s.positions.subarray(j * n, (j + 1) * n), k * n);
  });
  return out;
}

/**
 * Streams the sampling phase into the stats store: starts the engine's recording when sampling
 * begins (warm-up draws are never recorded), collects the traced chains' rows from each snapshot,
 * records sampler health, and has the diagnostics computed at most every REFRESH_MS, one refresh
 * at a time, never waiting in the sampling loop.
 */
export class DiagnosticsFeed {
  private run: FeedRun | null = null;
  /** The view's two coordinates and their box (coordinates 0 and 1 until `setView`). */
  private view: FeedView | null = null;
  private tracedChains = 0;
  private window: TraceWindow | null = null;
  /** The next iteration whose trace row the engine should send. */
  private traceNext = 0;
  private inFlight = false;
  private lastRefresh = -Infinity;
  private epoch = 0;
  private previous: Snapshot | null = null;

  constructor(private readonly engine: SamplingEngine, private readonly compute: ComputeReport) {}

  /** A new run (or a restart): nothing is recorded until `startSampling`. */
  reset(run: FeedRun | null): void {
    this.run = run;
    this.view = run && viewOf(run.target, run.d, [0, 1]);
    this.window = null;
    this.previous = null;
    this.epoch++;
    useStats.setState({ report: null, trace: null, convergence: [], health: [], error: null });
  }

  get recording(): boolean {
    return this.window !== null;
  }

  /** Records from the next transition on (again, with fresh pools, when already recording); call
   * before the first sampling-phase `run`. */
  startSampling(tracedChains: number): void {
    const run = this.run;
    if (!run) return;
    const spec = recordSpecOf(run, tracedChains, this.view!);
    this.engine.record(spec);
    this.tracedChains = tracedChains;
    this.window = new TraceWindow(spec.traceChains, run.d, TRACE_WINDOW);
    this.previous = null;
    // The engine sends rows from where recording started.
    this.traceNext = 0;
    // A report in flight covers the previous recording; the history starts again with this one.
    this.epoch++;
    useStats.setState({ convergence: [] });
  }

  /** The view's coordinates changed: the histograms and per-coordinate plots follow them, with
   * the recording started again (its histograms are of the previous pair). */
  setView(view: FeedView): void {
    if (!this.run || this.view!.coords.join() === view.coords.join()) return;
    this.view = view;
    if (this.recording) this.startSampling(this.tracedChains);
  }

  /** A restored device restarted the recording at its checkpoint: take rows from there. */
  onDeviceRestored(): void {
    this.traceNext = 0;
  }

  /** What the next snapshot should ask for: the view's coordinates (or `coords`, which must
   * include them), the trace rows not yet taken, and every coordinate's per-chain moments when a
   * refresh is due (they are large: d × up to 65,536 chains). */
  request(coords?: readonly number[]): SnapshotRequest {
    const asked = coords ?? this.view?.coords;
    const moments = this.window && this.refreshDue() && !this.run!.sampler.interaction;
    return {
      ...(asked ? { coords: asked } : {}),
      ...(this.window ? { traceSince: this.traceNext } : {}),
      ...(moments ? { chainMoments: Array.from({ length: this.run!.d }, (_, i) => i) } : {}),
    };
  }

  private refreshDue(): boolean {
    // The N-D panel's table needs the report too.
    const open = useStats.getState().open || useNd.getState().open;
    return open && !this.inFlight && performance.now() - this.lastRefresh >= REFRESH_MS;
  }

  /** Takes in a sampling-phase snapshot. */
  onSnapshot(s: Snapshot): void {
    const r = s.recording;
    const window = this.window;
    if (!r || !window || !this.run) return;
    if (r.trace.rows > 0) {
      window.append({ ...r.trace, d: s.d });
      this.traceNext = r.trace.from + r.trace.rows;
    }
    this.pushHealth(s);
    this.refresh(s);
  }

  private pushHealth(s: Snapshot): void {
    const prev = this.previous;
    this.previous = s;
    if (!prev || s.iteration <= prev.iteration) return;
    const reports = this.run!.sampler.reports;
    const transitions = s.chains * (s.iteration - prev.iteration);
    const point: HealthPoint = {
      iteration: s.iteration,
      acceptance: reports.includes('accepted') ? acceptanceBetween(prev, s) : NaN,
      divergenceRate: (s.totals.divergent - prev.totals.divergent) / transitions,
      treeDepth: reports.includes('treeDepth') ? s.stats.treeDepth / s.chains : NaN,
    };
    useStats.setState((st) => ({ health: append(st.health, point) }));
  }

  private refresh(s: Snapshot): void {
    const window = this.window!;
    if (!this.refreshDue()) return;
    const run = this.run!;
    // Only snapshots asked for when a refresh was due carry the per-chain moments.
    if (!s.recording!.chainMoments && !run.sampler.interaction) return;
    const trace = window.data();
    if (trace.rows < 4) return;
    const { trace: _, ...recording } = s.recording!;
    const coords = this.view!.coords;
    // A snapshot asked for before the view changed carries the previous pair.
    if (recording.spec.histogram.coords.join() !== coords.join() || !coords.every((i) => s.coords.includes(i))) return;
    const input: ReportInput = {
      target: run.target.id, expression: run.expression, d: run.d, sampler: run.sampler.id, coords, chains: s.chains,
      trace, recording, shownChains: s.shownChains, positions: positionsOf(s, coords),
      divergences: s.totals.divergent - useRun.getState().warmupDivergences,
    };
    this.inFlight = true;
    this.lastRefresh = performance.now();
    const epoch = this.epoch;
    this.compute(input).then(
      (report) => {
        if (epoch !== this.epoch) return;
        useStats.setState((st) => ({
          report,
          trace,
          error: null,
          convergence: append(st.convergence, {
            iteration: report.iteration,
            draws: report.draws,
            rhat: report.coords.map((i) => report.summary[i]?.rhat ?? NaN),
            essBulk: report.coords.map((i) => report.summary[i]?.essBulk ?? NaN),
            essTail: report.coords.map((i) => report.summary[i]?.essTail ?? NaN),
            meanZ: report.truthError?.map((e) => e.meanZ) ?? null,
            sdZ: report.truthError?.map((e) => e.sdZ) ?? null,
            energyDistance: report.distances?.energy ?? null,
          }),
        }));
      },
      (e: unknown) => useStats.setState({ error: `Diagnostics failed: ${e instanceof Error ? e.message : String(e)}` }),
    ).finally(() => {
      this.inFlight = false;
    });
  }
}
