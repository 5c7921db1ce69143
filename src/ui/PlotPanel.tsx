import { useMemo } from 'react';
import type { Snapshot } from '../engine/types';
import { useRun, type AcceptancePoint } from '../state/run';
import type { TrainingPoint } from '../flows/training';
import { findSampler } from '../samplers';
import { findTarget } from '../targets';
import { histogram, trueMarginals } from './marginals';
import { Plot } from './Plot';
import { useThrottled } from './use-throttled';

const REDRAW_MS = 600;
const CHAINS_COLOUR = 'rgba(240, 110, 40, 0.55)';
const TRUTH_COLOUR = '#12285c';

/** Marginal histograms of coordinates 0 and 1 against the truth, and acceptance over time. */
export function PlotPanel() {
  const applied = useRun((s) => s.applied);
  const snapshot = useThrottled(useRun((s) => s.snapshot), REDRAW_MS);
  const history = useThrottled(useRun((s) => s.acceptanceHistory), REDRAW_MS);
  const training = useThrottled(useRun((s) => s.training), REDRAW_MS);
  const target = applied ? findTarget(applied.target) : undefined;
  const truth = useMemo(() => (target && applied ? trueMarginals(target, applied.d) : null), [target, applied?.d]);

  if (!target || !truth) return <section className="plots" aria-label="Plots" />;
  const [x0, x1, y0, y1] = target.viewBox;
  return (
    <section className="plots" aria-label="Plots">
      {([[0, x0, x1], [1, y0, y1]] as const).map(([k, lo, hi]) => (
        <MarginalPlot key={k} coord={k} lo={lo} hi={hi} snapshot={snapshot} truth={truth.curves[k]} source={truth.source} />
      ))}
      {findSampler(applied!.sampler)?.reports.includes('accepted') && <AcceptancePlot history={history} />}
      {training && <TrainingPlot history={training.history} logZ={target.logZ?.(applied!.d)} />}
    </section>
  );
}

interface MarginalProps {
  readonly coord: 0 | 1;
  readonly lo: number;
  readonly hi: number;
  readonly snapshot: Snapshot | null;
  readonly truth: { x: number[]; y: number[] };
  readonly source: string;
}

function MarginalPlot({ coord, lo, hi, snapshot, truth, source }: MarginalProps) {
  const data = useMemo(() => {
    const traces: object[] = [{
      type: 'scatter', mode: 'lines', name: 'truth', x: truth.x, y: truth.y,
      line: { color: TRUTH_COLOUR, width: 2 }, hovertemplate: `${source}<extra></extra>`,
    }];
    const k = snapshot?.coords.indexOf(coord) ?? -1;
    if (snapshot && k >= 0) {
      const n = snapshot.shownChains;
      const h = histogram(snapshot.positions.subarray(k * n, (k + 1) * n), lo, hi);
      traces.unshift({
        type: 'bar', name: `${n.toLocaleString('en-US')} chains`, x: h.x, y: h.y, width: h.width,
        marker: { color: CHAINS_COLOUR },
      });
    }
    return traces;
  }, [coord, lo, hi, snapshot, truth, source]);
  const layout = useMemo(() => ({
    title: { text: `Marginal of x${coord}`, font: { size: 13 } },
    xaxis: { range: [lo, hi], zeroline: false },
    yaxis: { title: { text: 'density' }, rangemode: 'tozero' },
  }), [coord, lo, hi]);
  return <Plot testId={`plot-marginal-${coord}`} label={`Histogram of coordinate ${coord} against the true marginal`} data={data} layout={layout} />;
}

function AcceptancePlot({ history }: { readonly history: AcceptancePoint[] }) {
  const data = useMemo(() => [{
    type: 'scatter', mode: 'lines', name: 'acceptance', showlegend: false,
    x: history.map((p) => p.iteration), y: history.map((p) => p.rate),
    line: { color: TRUTH_COLOUR, width: 1.5 },
  }], [history]);
  const layout = useMemo(() => ({
    title: { text: 'Acceptance rate', font: { size: 13 } },
    xaxis: { title: { text: 'iteration' } },
    yaxis: { range: [0, 1.02] },
  }), []);
  return <Plot testId="plot-acceptance" label="Acceptance rate over iterations" data={data} layout={layout} />;
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
      title: { text: 'Flow training', font: { size: 13 } },
      margin: { l: 48, r: 40, t: 34, b: 38 },
      xaxis: { title: { text: 'training iteration' } },
      yaxis: { title: { text: 'ELBO' }, ...(elbos.length > 0 ? { range: [bottom - pad, top + pad] } : {}) },
      yaxis2: { title: { text: 'IS ESS' }, overlaying: 'y', side: 'right', range: [0, 1.02], showgrid: false },
    };
  }, [history, logZ]);
  return <Plot testId="plot-training" label="ELBO and importance-weight ESS over training iterations" data={data} layout={layout} />;
}
