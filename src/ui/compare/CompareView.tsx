import { SamplerOptions } from '../SamplerOptions';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { BudgetKind } from '../../compare/budget';
import { totalOf } from '../../engine/run/spent';
import type { ComparisonSetup } from '../../compare/comparison';
import type { ComparisonSide } from '../../compare/comparison-side';
import { densityImage } from '../../render/density-image';
import { viewOf } from '../../render/plane-view';
import type { Scene } from '../../render/types';
import { findSampler } from '../../samplers';
import { registerModeActions } from '../../state/actions';
import { useCompare } from '../../state/compare';
import { toRunConfig, useConfig } from '../../state/config';
import { targetOf } from '../../targets';
import { NumberInput } from '../NumberInput';
import { Plot } from '../Plot';
import { useThrottled } from '../use-throttled';
import { CompareRunner, type CompareStatus } from './compare-runner';
import { betterSide, METRIC_ROWS } from './metrics-table';
import { SidePanel } from './SidePanel';
import './compare.css';

/** Each side runs at most this many chains: the comparison must finish in reasonable time on a
 * CPU-emulated GPU too. */
export const MAX_COMPARE_CHAINS = 4096;
/** Plotly redraws and table updates at most this often (ms). */
const REDRAW_MS = 400;
const LETTERS = ['a', 'b'] as const;

const STATUS_TEXT: Record<CompareStatus, string> = {
  idle: 'Not started', starting: 'Starting…', running: 'Running', paused: 'Paused', done: 'Done', failed: 'Failed',
};

const BUDGET_UNITS: Record<BudgetKind, string> = { evaluations: 'Evaluations per chain', seconds: 'Seconds of engine time' };

/** The error-against-the-truth chart: one line per side, against the budget's unit. */
function ErrorChart({ sides, kind, round }: { readonly sides: readonly ComparisonSide[]; readonly kind: BudgetKind; readonly round: number }) {
  const data = useMemo(() => sides.map((s, k) => ({
    type: 'scatter', mode: 'lines', name: `${LETTERS[k].toUpperCase()}: ${s.sampler.name}`,
    x: s.history.map((p) => (kind === 'seconds' ? p.seconds : p.evaluations)),
    y: s.history.map((p) => p.error),
  // The sides are mutable: `round` says when they changed.
  })), [sides, kind, round]);
  const layout = useMemo(() => ({
    title: { text: 'Error of the pooled mean against the truth', font: { size: 12 } },
    xaxis: { title: { text: BUDGET_UNITS[kind].toLowerCase() + ' spent' }, type: 'log' },
    yaxis: { title: { text: 'max |mean − true| / sd' }, type: 'log' },
    height: 300,
    // Room for the legend above the plot, under the title.
    margin: { l: 56, r: 12, t: 64, b: 42 },
    legend: { orientation: 'h', x: 0, y: 1.16, font: { size: 10 } },
  }), [kind]);
  return <Plot label="Error of each sampler's pooled mean against the truth, by cost spent" data={data} layout={layout} testId="plot-compare-error" />;
}

/** The aligned table: one row per diagnostic, one column per sampler, the better value marked. */
function CompareTable({ sides, names }: { readonly sides: readonly ComparisonSide[]; readonly names: readonly string[] }) {
  return (
    <table className="compare-table" data-testid="compare-table">
      <caption>Both samplers, same target, seed, chains and budget</caption>
      <thead>
        <tr>
          <th scope="col">Diagnostic</th>
          {names.map((n, k) => <th key={k} scope="col">{LETTERS[k].toUpperCase()}: {n}</th>)}
        </tr>
      </thead>
      <tbody>
        {METRIC_ROWS.map((row) => {
          const values = sides.map(row.value);
          const better = betterSide(row, values[0], values[1]);
          return (
            <tr key={row.id}>
              <th scope="row">{row.label} <span className="note">({row.help})</span></th>
              {values.map((v, k) => (
                <td key={k} data-testid={`compare-${row.id}-${LETTERS[k]}`} data-value={v} className={better === k ? 'better' : undefined}>
                  {row.format(v)}{better === k && <span className="visually-hidden"> (better)</span>}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Compare mode: the page's sampler (A) against sampler B on the same target, seed, chains and
 * budget, each on its own engine, with their diagnostics aligned. */
export function CompareView() {
  const c = useConfig();
  const { samplerB, budget, setSamplerB, setBudgetKind, setBudgetAmount } = useCompare();
  const [runner, setRunner] = useState<CompareRunner | null>(null);
  useEffect(() => {
    const r = new CompareRunner();
    setRunner(r);
    return () => r.dispose();
  }, []);

  const run = toRunConfig(c);
  const setup: ComparisonSetup = useMemo(() => {
    const { sampler, params, ...shared } = run;
    return { run: { ...shared, chains: Math.min(shared.chains, MAX_COMPARE_CHAINS) }, a: { sampler, params }, b: { sampler: samplerB }, budget };
    // `run` is rebuilt every render; its fields are the dependencies.
  }, [run.target, run.expression, run.d, run.sampler, run.params, run.chains, run.seed, samplerB, budget]);
  const problem = !(Number.isFinite(budget.amount) && budget.amount > 0) ? 'The budget must be a positive number.'
    : !findSampler(samplerB) ? `Unknown sampler ${samplerB}.` : null;

  const setupRef = useRef(setup);
  setupRef.current = setup;
  // A changed question makes the old answer stale.
  useEffect(() => runner?.reset(), [runner, setup]);

  const target = targetOf(c);
  const d = run.d ?? 2;
  const view = useMemo(() => (target ? viewOf(target, d, [0, 1]) : null), [target, d]);
  const scene: Scene | null = useMemo(
    () => (target && view ? { image: densityImage(target, view), coords: view.coords, viewBox: view.viewBox } : null), [target, view]);

  const idle = { status: 'idle' as const, error: null, sides: null, round: 0 };
  const state = useSyncExternalStore(runner?.subscribe ?? (() => () => undefined), runner?.snapshot ?? (() => idle));
  const shownRound = useThrottled(state.round, REDRAW_MS);
  const names = [findSampler(setup.a.sampler)?.name ?? setup.a.sampler, findSampler(samplerB)?.name ?? samplerB];
  const running = state.status === 'running' || state.status === 'starting';
  // Registered again when the play state changes, so the shared Play/Pause button says it.
  useEffect(() => {
    if (!runner) return;
    return registerModeActions('compare', {
      playing: running,
      toggle: () => runner.toggle(setupRef.current),
      step: () => runner.step(setupRef.current),
      reset: () => runner.reset(),
    });
  }, [runner, running]);

  return (
    <div className="compare" data-testid="compare-view">
      <form className="compare-controls" aria-label="Comparison" onSubmit={(e) => e.preventDefault()}>
        <p className="compare-a">
          A: <strong>{names[0]}</strong> <span className="note">(the sampler and parameters chosen on the left)</span>
        </p>
        <div className="compare-field">
          <label htmlFor="compare-sampler-b">Sampler B</label>
          <select id="compare-sampler-b" value={samplerB} onChange={(e) => setSamplerB(e.target.value)} data-testid="compare-sampler-b">
            <SamplerOptions />
          </select>
        </div>
        <div className="compare-field">
          <label htmlFor="compare-budget-kind">Budget</label>
          <select id="compare-budget-kind" value={budget.kind} onChange={(e) => setBudgetKind(e.target.value as BudgetKind)} data-testid="compare-budget-kind">
            <option value="seconds">{BUDGET_UNITS.seconds}</option>
            <option value="evaluations">{BUDGET_UNITS.evaluations}</option>
          </select>
        </div>
        <div className="compare-field">
          <label htmlFor="compare-budget-amount">Amount each</label>
          <NumberInput id="compare-budget-amount" aria-invalid={problem !== null} value={budget.amount} min={0} step="any" onChange={setBudgetAmount} />
        </div>
        <div className="buttons" role="group" aria-label="Comparison controls">
          <button type="button" className="primary" disabled={!runner || problem !== null} data-testid="compare-start"
            onClick={() => runner?.toggle(setup)}>
            {running ? 'Pause' : state.status === 'paused' ? 'Resume' : 'Start'}
          </button>
          <button type="button" disabled={!state.sides || state.status === 'done'} onClick={() => runner?.stop()} data-testid="compare-stop">Stop</button>
          <button type="button" disabled={!runner} onClick={() => runner?.reset()} data-testid="compare-reset">Reset</button>
        </div>
        <p className="note compare-terms">
          Same target, seed and {setup.run.chains.toLocaleString('en-US')} chains on each side. The budget covers everything each
          sampler needs before its numbers can be read: flow training and warm-up, then sampling; the table splits what went where.
          An evaluation is one of log p or ∇log p; the two sides take turns, so under a time budget they share the machine alike.
        </p>
        {problem && <p className="field-error" role="alert">{problem}</p>}
        {state.error && <p className="field-error" role="alert" data-testid="compare-error">{state.error}</p>}
        <p className="compare-status" data-testid="compare-status" data-status={state.status} role="status">{STATUS_TEXT[state.status]}</p>
      </form>

      <div className="compare-panels">
        {LETTERS.map((letter, k) => (
          <SidePanel key={letter} letter={letter} name={names[k]} side={state.sides?.[k] ?? null} scene={scene}
            aspect={view?.aspect ?? 1} round={state.round} />
        ))}
      </div>

      {state.sides && (
        <>
          <CompareTable sides={state.sides} names={names} />
          <SplitNote sides={state.sides} kind={budget.kind} />
          <ErrorChart sides={state.sides} kind={budget.kind} round={shownRound} />
        </>
      )}
    </div>
  );
}

/** A side that spent more than this share of its budget before sampling is called out: its
 * numbers rest on few draws, and the comparison says more about warm-up than about sampling. */
const SETUP_SHARE_WARN = 0.5;

/** Where each side's budget went, and a warning for a side that spent most of it before
 * sampling. */
function SplitNote({ sides, kind }: { readonly sides: readonly ComparisonSide[]; readonly kind: BudgetKind }) {
  const pct = (part: number, all: number) => (all > 0 ? `${Math.round((100 * part) / all)} %` : '—');
  return (
    <ul className="compare-split note">
      {sides.map((s, k) => {
        const { evaluations: e, ms: t } = s.spent;
        const [all, time] = [totalOf(e), totalOf(t)];
        const split = kind === 'evaluations' ? e : t;
        const setup = (split.training + split.warmup) / Math.max(totalOf(split), Number.MIN_VALUE);
        const letter = LETTERS[k].toUpperCase();
        return (
          <li key={k}>
            {letter}: training took {pct(e.training, all)} of the evaluations ({pct(t.training, time)} of the time),
            warm-up {pct(e.warmup, all)} ({pct(t.warmup, time)}), sampling {pct(e.sampling, all)} ({pct(t.sampling, time)}).
            {s.finished && setup > SETUP_SHARE_WARN && (
              <strong className="compare-setup-warning" data-testid={`compare-setup-warning-${LETTERS[k]}`}>
                {' '}{letter} spent {pct(setup, 1)} of its budget before sampling
                {s.metrics.draws === 0 ? ' and recorded no draws' : `, so its numbers rest on ${s.metrics.draws.toLocaleString('en-US')} draws per chain`}:
                raise the budget (or shorten its warm-up) for a comparison of the samplers rather than of their warm-ups.
              </strong>
            )}
          </li>
        );
      })}
    </ul>
  );
}
