import { useMemo, useState } from 'react';
import { coordRange } from '../../render/plane-view';
import { useNd } from '../../state/nd';
import { useRun } from '../../state/run';
import { shownReport, useStats } from '../../state/stats';
import { targetOf } from '../../targets';
import type { TargetDecl } from '../../targets/types';
import { REDRAW_MS } from '../diagnostics/traces';
import { useThrottled } from '../use-throttled';
import { MarginalsPlot } from './MarginalsPlot';
import { NdTable } from './NdTable';
import { PairPlot } from './PairPlot';
import { referenceMarginals } from '../marginals';
import './nd.css';

const BODY_ID = 'nd-body';
const MAX_PAIRS = 6;
/** Small multiples per page of the marginals. */
const MARGINALS_PAGE = 64;

const toggle = () => {
  const open = !useNd.getState().open;
  useNd.setState({ open, particles: null });
};

/** N-D views: a pair plot of the first k coordinates, the marginal of every coordinate and a
 * per-coordinate table. Closed, the session reads back nothing for it and nothing is computed. */
export function NdPanel() {
  const open = useNd((s) => s.open);
  return (
    <section className="nd-panel" aria-label="N-D views">
      <button type="button" className="nd-toggle" aria-expanded={open} aria-controls={open ? BODY_ID : undefined} onClick={toggle}>
        N-D views
      </button>
      {open && <NdBody />}
    </section>
  );
}

function NdBody() {
  const applied = useRun((s) => s.applied);
  const target = applied ? targetOf(applied) : undefined;
  if (!applied || !target) return <p id={BODY_ID} className="note">No run yet.</p>;
  return <NdViews key={`${target.id}/${applied.expression ?? ''}/${applied.d}`} target={target} d={applied.d} />;
}

function NdViews({ target, d }: { readonly target: TargetDecl; readonly d: number }) {
  const particles = useThrottled(useNd((s) => s.particles), REDRAW_MS);
  const phase = useRun((s) => s.phase);
  const report = shownReport(useThrottled(useStats((s) => s.report), REDRAW_MS), phase);
  const reference = useMemo(() => referenceMarginals(target, d), [target, d]);
  const ranges = useMemo(() => Array.from({ length: d }, (_, i) => coordRange(target, d, i)), [target, d]);
  const maxK = Math.min(d, MAX_PAIRS);
  const [k, setK] = useState(Math.min(d, 4));
  const [page, setPage] = useState(0);
  const pages = Math.ceil(d / MARGINALS_PAGE);
  const pageCoords = useMemo(
    () => Array.from({ length: Math.min(MARGINALS_PAGE, d - page * MARGINALS_PAGE) }, (_, j) => page * MARGINALS_PAGE + j),
    [d, page],
  );
  // A report of a previous dimension (before this run's first refresh) has other rows.
  const current = report && report.summary.length === d ? report : null;
  return (
    <div id={BODY_ID} className="nd-body">
      <div className="nd-controls">
        <label className="nd-inline">
          Pair plot of the first
          <select value={k} onChange={(e) => setK(Number(e.target.value))} aria-label="Coordinates in the pair plot">
            {Array.from({ length: maxK - 1 }, (_, j) => j + 2).map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          coordinates
        </label>
        {pages > 1 && (
          <span className="nd-pager" role="group" aria-label="Marginals page">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous coordinates">‹</button>
            <span data-testid="nd-page">marginals x{pageCoords[0]}…x{pageCoords.at(-1)} ({page + 1} of {pages}, {MARGINALS_PAGE} a page)</span>
            <button type="button" disabled={page === pages - 1} onClick={() => setPage(page + 1)} aria-label="Next coordinates">›</button>
          </span>
        )}
      </div>
      {particles ? (
        <div className="nd-plots">
          <PairPlot k={k} particles={particles} ranges={ranges} reference={reference} />
          <MarginalsPlot coords={pageCoords} particles={particles} ranges={ranges} reference={reference} />
        </div>
      ) : <p className="note">Reading every coordinate of the chains…</p>}
      {current
        ? <NdTable report={current} reference={reference} />
        : <p className="note">The per-coordinate table starts with the sampling phase's first diagnostics.</p>}
    </div>
  );
}
