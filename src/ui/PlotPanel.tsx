import { useMemo } from 'react';
import type { Snapshot } from '../engine/types';
import { useRun } from '../state/run';
import type { TrainingPoint } from '../flows/training';
import { targetOf } from '../targets';
import { barTrace } from './diagnostics/histogram-bars';
import { CHAINS_COLOUR, plotTitle, REDRAW_MS, rightAxis, TRUTH_COLOUR, TWO_AXES_MARGIN } from './diagnostics/traces';
import { count } from './format';
import { type Curve, densityBars, histogram, trueMarginals, type Histogram } from './marginals';
import { useConfig } from '../state/config';
import { viewOf } from '../render/plane-view';
import { Plot } from './Plot';
import { useThrottled } from './use-throttled';

/** Marginal histograms of the view's two coordinates against the truth, and the flow's training. */
export function PlotPanel() {
  const applied = useRun((s) => s.applied);
  const snapshot = useThrottled(useRun((s) => s.snapshot), REDRAW_MS);
  const training = useThrottled(useRun((s) => s.training), REDRAW_MS);
  const chosen = useConfig((s) => s.view);
  const target = applied ? targetOf(applied) : undefined;
  const d = applied?.d ?? 2;
  const view = useMemo(() => (target ? viewOf(target, d, chosen) : null), [target, d, chosen]);
  const truth = useMemo(() => (target && view ? trueMarginals(target, d, view) : null), [target, d, view]);

  if (!target || !view) return <section className="plots" aria-label="Plots" />;
  const [x0, x1, y0, y1] = view.viewBox;
  return (
    <section className="plots" aria-label="Plots">
      {([[view.coords[0], x0, x1, 0], [view.coords[1], y0, y1, 1]] as const).map(([coord, lo, hi, k]) => (
        <MarginalPlot key={k} slot={k} coord={coord} lo={lo} hi={hi} snapshot={snapshot} truth={truth?.curves[k] ?? null} source={truth?.source ?? ''} />
      ))}
      {training && <TrainingPlot history={training.history} logZ={target.logZ?.(d)} />}
    </section>
  );
}

/** The chains' histogram of `coord`: every chain's recorded draws once recording has started (the
 * sampling phase), before that (warm-up, training) the chains' current positions. */
function chainsHistogram(snapshot: Snapshot, coord: number, lo: number, hi: number): { h: Histogram; name: string } | null {
  const recording = snapshot.recording;
  const j = recording?.spec.histogram.coords.indexOf(coord) ?? -1;
  if (recording && j >= 0 && recording.draws > 0) {
    const { box } = recording.spec.histogram;
    return {
      h: densityBars(recording.hist1[j], box[2 * j], box[2 * j + 1]),
      name: `${count(snapshot.chains)} chains × ${count(recording.draws)} draws`,
    };
  }
  const k = snapshot.coords.indexOf(coord);
  if (k < 0) return null;
  const n = snapshot.shownChains;
  return { h: histogram(snapshot.positions.subarray(k * n, (k + 1) * n), lo, hi), name: `${count(n)} chains (now)` };
}

interface MarginalProps {
  /** 0: the horizontal coordinate, 1: the vertical one. */
  readonly slot: 0 | 1;
  readonly coord: number;
  readonly lo: number;
  readonly hi: number;
  readonly snapshot: Snapshot | null;
  readonly truth: Curve | null;
  readonly source: string;
}

function MarginalPlot({ slot, coord, lo, hi, snapshot, truth, source }: MarginalProps) {
  const data = useMemo(() => {
    const traces: object[] = truth ? [{
      type: 'scatter', mode: 'lines', name: 'truth', x: truth.x, y: truth.y,
      line: { color: TRUTH_COLOUR, width: 2 }, hovertemplate: `${source}<extra></extra>`,
    }] : [];
    const chains = snapshot && chainsHistogram(snapshot, coord, lo, hi);
    if (chains) traces.unshift(barTrace(chains.h, chains.name, CHAINS_COLOUR));
    return traces;
  }, [coord, lo, hi, snapshot, truth, source]);
  const layout = useMemo(() => ({
    title: plotTitle(`Marginal of x${coord}`),
    xaxis: { range: [lo, hi], zeroline: false },
    yaxis: { title: { text: 'density' }, rangemode: 'tozero' },
  }), [coord, lo, hi]);
  return (
    <Plot testId={`plot-marginal-${slot}`} label={`Histogram of coordinate ${coord} against the true marginal`}
      data={data} layout={layout} download />
  );
}

const ESS_COLOUR = 'rgba(240, 110, 40, 0.9)';

/** The flow's training: ELBO (and log Z where known, which it can only approach from below) and
 * the importance weights' ESS fraction on a second axis. */
function TrainingPlot({ history, logZ }: { readonly history: readonly TrainingPoint[]; readonly logZ: number | undefined }) {
  const data = useMemo(() => {
    const x = history.map((p) => p.iteration);
    const traces: object[] = [
      { type: 'scatter', mode: 'lines', name: 'ELBO', x, y: history.map((p) => p.elbo), line: { color: TRUTH_COLOUR, width: 1.5 } },
      {
        type: 'scatter', mode: 'lines', name: 'IS ESS', x, y: history.map((p) => p.essFraction), yaxis: 'y2',
        line: { color: ESS_COLOUR, width: 1.5 },
      },
    ];
    if (logZ !== undefined && x.length > 0) {
      traces.push({
        type: 'scatter', mode: 'lines', name: 'log Z (true)', x: [x[0], x.at(-1)], y: [logZ, logZ],
        line: { color: TRUTH_COLOUR, width: 1, dash: 'dash' },
      });
    }
    return traces;
  }, [history, logZ]);
  // The first rounds' ELBO can be far below: show the last 90 % of the way to log Z.
  const layout = useMemo(() => {
    const elbos = history.map((p) => p.elbo);
    const top = Math.max(logZ ?? -Infinity, ...elbos.slice(-1));
    const bottom = elbos.length > 0 ? Math.min(...elbos.slice(Math.floor(elbos.length / 10))) : 0;
    const pad = 0.05 * Math.max(top - bottom, 0.1);
    return {
      title: plotTitle('Flow training'),
      margin: TWO_AXES_MARGIN,
      xaxis: { title: { text: 'training iteration' } },
      yaxis: { title: { text: 'ELBO' }, ...(elbos.length > 0 ? { range: [bottom - pad, top + pad] } : {}) },
      yaxis2: { ...rightAxis('IS ESS'), range: [0, 1.02] },
    };
  }, [history, logZ]);
  return (
    <Plot testId="plot-training" label="ELBO and importance-weight ESS over training iterations" data={data} layout={layout} download />
  );
}
