import { useEffect, useRef } from 'react';
import { useRun } from '../state/run';
import type { Session } from '../state/session';
import { targetOf } from '../targets';

/** The canvas the session draws into, sized to its box in device pixels. */
export function ParticleView({ session }: { readonly session: Session | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const target = useRun((s) => (s.applied ? targetOf(s.applied) : undefined));
  const [x0, x1, y0, y1] = target?.viewBox ?? [-1, 1, -1, 1];
  const aspect = (x1 - x0) / (y1 - y0);

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
  }, [session]);

  return (
    <div className="view">
      <canvas
        ref={ref}
        data-testid="particle-canvas"
        role="img"
        aria-label={`Chains of ${target?.name ?? 'the target'} drawn over its density`}
        style={{ aspectRatio: aspect, width: `min(100%, calc(72vh * ${aspect}))` }}
      />
      <p className="axes">
        x0 ∈ [{x0}, {x1}] horizontally, x1 ∈ [{y0}, {y1}] vertically
      </p>
    </div>
  );
}
