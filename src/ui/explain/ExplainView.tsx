import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExplainStep } from '../../explain/explain-runner';
import { densityImage } from '../../render/density-image';
import { validView, viewOf } from '../../render/plane-view';
import { registerModeActions } from '../../state/actions';
import { useConfig } from '../../state/config';
import type { Session } from '../../state/session';
import { useUi } from '../../state/ui';
import { targetOf } from '../../targets';
import { ExplainScene } from './ExplainScene';
import { describeEvent, summary } from './explain-text';
import { significant } from '../diagnostics/numbers';
import { planeOf } from './plane';
import { useExplainRunner, useFlowGrid } from './use-explain-runner';
import './explain.css';

/** Past positions the trail keeps. */
const TRAIL = 200;
const DEFAULT_SPEED = 4;
const MAX_SPEED = 30;
/** Continuous explain waits this many event intervals between transitions, so the end shows. */
const PAUSE_EVENTS = 3;

/** The density image of the plane as a data URL (an <image> in the SVG). */
function imageUrl(image: ReturnType<typeof densityImage>): string {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(image.rgba, image.width, image.height), 0, 0);
  return canvas.toDataURL();
}

/** Explain mode: one chain's transitions, event by event, over the target density. */
export function ExplainView(_: { readonly session: Session | null }) {
  const [generation, setGeneration] = useState(0);
  const runnerState = useExplainRunner(generation);
  const runner = runnerState.kind === 'ready' ? runnerState.runner : null;
  const chosen = useConfig((s) => s.view);
  const reducedMotion = useUi((s) => s.reducedMotion);
  const [speed, setSpeed] = useState(DEFAULT_SPEED);
  const [playing, setPlaying] = useState(false);
  const [step, setStep] = useState<ExplainStep | null>(null);
  const [shown, setShown] = useState(0);
  const [trail, setTrail] = useState<Float64Array[]>([]);

  const config = runnerState.kind === 'ready' || runnerState.kind === 'training' ? runnerState.runner.config : null;
  const target = config ? targetOf(config) : undefined;
  const view = useMemo(() => (target && config ? viewOf(target, config.d, validView(chosen, config.d)) : null), [target, config, chosen]);
  const image = useMemo(() => (target && view ? imageUrl(densityImage(target, view)) : null), [target, view]);
  const plane = useMemo(() => (view ? planeOf(view.viewBox, view.coords, view.aspect) : null), [view]);
  const grid = useFlowGrid(runner, view?.coords ?? [0, 1]);

  useEffect(() => {
    setStep(null);
    setShown(0);
    setTrail([]);
    setPlaying(false);
  }, [runner]);

  const animating = step !== null && shown < step.events.length;
  const next = useCallback(() => {
    if (!runner) return;
    const s = runner.step();
    setTrail((t) => [...t, s.before].slice(-TRAIL));
    setStep(s);
    setShown(reducedMotion ? s.events.length : 0);
  }, [runner, reducedMotion]);
  const finish = useCallback(() => setShown((n) => step?.events.length ?? n), [step]);

  // Reveal the next event, or (continuous) start the next transition after a pause.
  useEffect(() => {
    if (!step) return;
    if (reducedMotion && animating) {
      setShown(step.events.length);
      return;
    }
    const interval = 1000 / speed;
    if (animating) {
      const t = setTimeout(() => setShown((n) => n + 1), interval);
      return () => clearTimeout(t);
    }
    if (playing) {
      const t = setTimeout(next, reducedMotion ? 250 : PAUSE_EVENTS * interval);
      return () => clearTimeout(t);
    }
  }, [step, shown, animating, playing, speed, reducedMotion, next]);
  useEffect(() => {
    if (playing && !step && runner) next();
  }, [playing, step, runner, next]);

  const actions = useRef({ toggle: () => {}, step: () => {}, reset: () => {} });
  actions.current = {
    toggle: () => setPlaying((p) => !p),
    step: () => (animating ? finish() : next()),
    reset: () => setGeneration((g) => g + 1),
  };
  // Registered again when the play state changes, so the shared Play/Pause button says it.
  useEffect(() => registerModeActions('explain', {
    playing,
    toggle: () => actions.current.toggle(),
    step: () => actions.current.step(),
    reset: () => actions.current.reset(),
  }), [playing]);

  const complete = step !== null && !animating;
  const chains = step
    ? (step.particles ? (complete ? step.particles.after : step.particles.before) : [complete ? step.after : step.before])
    : runner?.current() ?? [];
  const adapt = runner?.sampler.adapt;
  const tuned = runner && [adapt?.step, adapt?.length?.steps].filter((k): k is string => k !== undefined)
    .map((k) => `${runner.sampler.params[k]?.label ?? k} = ${significant(runner.config.params[k])}`).join(', ');

  return (
    <section className="explain" aria-label="Explain one chain">
      <div className="explain-controls" role="group" aria-label="Explain controls">
        <button type="button" className="primary" onClick={next} disabled={!runner || animating}>Next transition</button>
        <button type="button" onClick={finish} disabled={!animating}>Finish transition</button>
        <button type="button" onClick={() => setPlaying((p) => !p)} disabled={!runner} aria-pressed={playing}>
          {playing ? 'Pause explaining' : 'Play explaining'}
        </button>
        <button type="button" onClick={() => setGeneration((g) => g + 1)}>Restart the chain</button>
        <label className="speed">
          Speed (events per second)
          <input type="range" min={1} max={MAX_SPEED} step={1} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} />
        </label>
        <output className="note">{speed}/s</output>
      </div>
      <div className="explain-body">
        <div className="explain-stage">
          {plane && <ExplainScene plane={plane} image={image} grid={grid} trail={trail} step={step} shown={shown} chains={chains} />}
          {!plane && <p className="note">Starting…</p>}
        </div>
        <div className="explain-text" data-testid="explain-text" aria-live="polite">
          <ExplainText state={runnerState} step={step} shown={shown} coords={view?.coords ?? [0, 1]} />
          {tuned && <p className="note" data-testid="explain-params">In force (the swarm’s values, after any warm-up): {tuned}.</p>}
        </div>
      </div>
    </section>
  );
}

function ExplainText({ state, step, shown, coords }: {
  readonly state: ReturnType<typeof useExplainRunner>; readonly step: ExplainStep | null; readonly shown: number;
  readonly coords: readonly [number, number];
}) {
  if (state.kind === 'failed') return <p className="error">Explain mode could not start: {state.message}</p>;
  if (state.kind === 'starting') return <p>Starting the chain…</p>;
  if (state.kind === 'training') {
    return (
      <p data-testid="explain-training">
        Training the flow by reverse KL before the first transition: {state.done} of {state.total} iterations.{' '}
        <progress max={state.total} value={state.done} aria-label="Flow training" />
      </p>
    );
  }
  const { sampler } = state.runner;
  if (!step) return <p><strong>{sampler.name}.</strong> {sampler.description} Press “Next transition” to watch one.</p>;
  const done = shown >= step.events.length;
  return (
    <>
      <p><strong>{sampler.name}</strong>, event {Math.min(shown, step.events.length)} of {step.events.length}.</p>
      {shown > 0 && <p data-testid="explain-event">{describeEvent(step, shown - 1, coords)}</p>}
      {done && <p data-testid="explain-summary">{summary(step)}</p>}
    </>
  );
}
