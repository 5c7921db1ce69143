import { useEffect, useMemo, useRef } from 'react';
import { viewOf, validView } from '../render/plane-view';
import { useConfig } from '../state/config';
import { useRun } from '../state/run';
import type { Session } from '../state/session';
import { targetOf } from '../targets';
import { significant } from './diagnostics/numbers';

/** The canvas the session draws into, sized to its box in device pixels. */
export function ParticleView({ session }: { readonly session: Session | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const applied = useRun((s) => s.applied);
  const target = applied ? targetOf(applied) : undefined;
  const chosen = useConfig((s) => s.view);
  const view = useMemo(
    () => (target && applied ? viewOf(target, applied.d, validView(chosen, applied.d)) : null),
    [target, applied, chosen],
  );
  const [x0, x1, y0, y1] = view?.viewBox ?? [-1, 1, -1, 1];
  const [i, j] = view?.coords ?? [0, 1];
  const aspect = view?.aspect ?? 1;
  const kind = useRun((s) => s.canvas);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !session) return;
    const detach = session.attachCanvas(canvas);
    const observer = new ResizeObserver(() => {
      canvas.width = Math.max(1, Math.round(canvas.clientWidth * devicePixelRatio));
      canvas.height = Math.max(1, Math.round(canvas.clientHeight * devicePixelRatio));
      session.invalidate();
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      detach();
    };
  }, [session, kind]);

  return (
    <div className="view">
      <canvas
        key={kind}
        ref={ref}
        data-canvas={kind}
        data-testid="particle-canvas"
        data-view-box={`${x0},${x1},${y0},${y1}`}
        role="img"
        aria-label={`Chains of ${target?.name ?? 'the target'} drawn over its density`}
        style={{ aspectRatio: aspect, width: `min(100%, calc(72vh * ${aspect}))` }}
      />
      <p className="axes" data-testid="view-caption">
        x{i} ∈ [{significant(x0)}, {significant(x1)}] horizontally, x{j} ∈ [{significant(y0)}, {significant(y1)}] vertically
        {view?.sliceNote && <span className="note"> ({view.sliceNote})</span>}
      </p>
    </div>
  );
}
