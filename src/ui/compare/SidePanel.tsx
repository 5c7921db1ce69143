import { useEffect, useRef } from 'react';
import type { ComparisonSide } from '../../compare/comparison-side';
import { Canvas2DRenderer } from '../../render/canvas2d-renderer';
import type { Scene } from '../../render/types';
import { fixed } from '../format';
import { METRIC_ROWS } from './metrics-table';

/** The numbers each panel shows under its chains (the table aligns them all). */
const HEADLINE = METRIC_ROWS.filter((r) => ['ess-per-second', 'ess-per-kilo-eval', 'truth-error'].includes(r.id));

const PHASE_TEXT = { training: 'training the flow', warmup: 'warm-up', sampling: 'sampling', done: 'done' } as const;

interface Props {
  /** 'a' or 'b': the panel's test ids and heading. */
  readonly letter: 'a' | 'b';
  readonly name: string;
  readonly side: ComparisonSide | null;
  readonly scene: Scene | null;
  readonly aspect: number;
  /** Bumped after every round: the side is mutable. */
  readonly round: number;
}

/** One sampler of the comparison: its chains over the density, its budget's progress, its
 * headline numbers. */
export function SidePanel({ letter, name, side, scene, aspect, round }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<Canvas2DRenderer | null>(null);

  useEffect(() => {
    const canvas = ref.current!;
    const r = new Canvas2DRenderer(canvas);
    renderer.current = r;
    const observer = new ResizeObserver(() => {
      canvas.width = Math.max(1, Math.round(canvas.clientWidth * devicePixelRatio));
      canvas.height = Math.max(1, Math.round(canvas.clientHeight * devicePixelRatio));
      r.draw(side?.shown ?? null);
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      r.dispose();
      renderer.current = null;
    };
    // The renderer lives as long as the canvas; the effects below give it the scene and draw.
  }, []);

  useEffect(() => {
    if (scene) renderer.current?.setScene(scene);
  }, [scene]);

  useEffect(() => {
    renderer.current?.draw(side?.shown ?? null);
  }, [side, scene, round]);

  const budget = side?.budget;
  const used = side ? Math.min(side.used, budget!.amount) : 0;
  const unit = budget?.kind === 'seconds' ? 's' : 'evaluations per chain';
  return (
    <section className="compare-side" data-testid={`compare-panel-${letter}`} aria-label={`${letter.toUpperCase()}: ${name}`}>
      <h2>
        <span className="compare-letter">{letter.toUpperCase()}</span> {name}
      </h2>
      <canvas ref={ref} role="img" aria-label={`Chains of ${name} over the density`} style={{ aspectRatio: aspect }} />
      <label className="compare-progress">
        <span>
          {side ? `${PHASE_TEXT[side.phase]} — ${fixed(used, budget!.kind === 'seconds' ? 1 : 0)} of ${budget!.amount.toLocaleString('en-US')} ${unit}` : 'not started'}
        </span>
        <progress max={budget?.amount ?? 1} value={used} data-testid={`compare-progress-${letter}`} />
      </label>
      {side && (
        <dl className="compare-headline">
          {HEADLINE.map((row) => (
            <div key={row.id}>
              <dt>{row.label}</dt>
              <dd>{row.format(row.value(side))}</dd>
            </div>
          ))}
        </dl>
      )}
      {side && <p className="compare-engine note">{side.engine.description}</p>}
    </section>
  );
}
