import { useEffect, useState } from 'react';
import { ExplainRunner, type ExplainConfig } from '../../explain/explain-runner';
import type { Polyline } from '../../explain/flow-grid';
import type { CoordPair } from '../../render/plane-view';
import { useConfig } from '../../state/config';
import { useRun } from '../../state/run';

export type RunnerState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'training'; readonly runner: ExplainRunner; readonly done: number; readonly total: number }
  | { readonly kind: 'ready'; readonly runner: ExplainRunner }
  | { readonly kind: 'failed'; readonly message: string };

/** The page's configuration with the parameters the swarm has in force when it runs this very
 * configuration (its warm-up may have tuned the step size), else the page's own. */
function explainConfig(): ExplainConfig {
  const c = useConfig.getState();
  const { applied, snapshot } = useRun.getState();
  const same = applied && snapshot && applied.target === c.target && applied.sampler === c.sampler && applied.d === c.d
    && Object.entries(c.params).every(([k, v]) => applied.params[k] === v);
  return {
    target: c.target, expression: c.expression, d: c.d, sampler: c.sampler, seed: c.seed,
    params: same ? { ...snapshot.params } : c.params,
  };
}

/**
 * The explained chain's runner for the page's configuration: made again when the configuration
 * changes or `generation` moves (reset); flow samplers train their flow first, in chunks.
 */
export function useExplainRunner(generation: number): RunnerState {
  const [state, setState] = useState<RunnerState>({ kind: 'starting' });
  const target = useConfig((s) => s.target);
  const expression = useConfig((s) => s.expression);
  const d = useConfig((s) => s.d);
  const sampler = useConfig((s) => s.sampler);
  const params = useConfig((s) => s.params);
  const seed = useConfig((s) => s.seed);

  useEffect(() => {
    let cancelled = false;
    let made: ExplainRunner | null = null;
    setState({ kind: 'starting' });
    (async () => {
      const runner = await ExplainRunner.create(explainConfig());
      made = runner;
      if (cancelled) return;
      const total = runner.trainingTotal;
      if (total > 0) {
        setState({ kind: 'training', runner, done: 0, total });
        const finished = await runner.train((done) => {
          if (!cancelled) setState({ kind: 'training', runner, done, total });
        }, () => cancelled);
        if (!finished) return;
      }
      setState({ kind: 'ready', runner });
    })().catch((e: unknown) => {
      if (!cancelled) setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      cancelled = true;
      made?.dispose();
    };
  }, [target, expression, d, sampler, params, seed, generation]);

  return state;
}

/** Flow samplers: the trained flow's transport of a base grid, in the coordinates shown. */
export function useFlowGrid(runner: ExplainRunner | null, coords: CoordPair): Polyline[] | null {
  const [grid, setGrid] = useState<Polyline[] | null>(null);
  const [i, j] = coords;
  useEffect(() => {
    let cancelled = false;
    setGrid(null);
    runner?.flowGrid([i, j]).then((g) => {
      if (!cancelled) setGrid(g);
    }, () => {});
    return () => {
      cancelled = true;
    };
  }, [runner, i, j]);
  return grid;
}
