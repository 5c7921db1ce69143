import type { ProbeEvent, ProbeEventOf } from '../../samplers/probe';
import { num } from './explain-text';
import type { Plane } from './plane';

const WIDTH = 70;
const MARGIN = 16;
/** The gauge spans this far below the level (log units), so the proposals outside show too. */
const BELOW = 4;

/**
 * The slice as a gauge at the plane's right edge: log f at the start on top, the level log y
 * under it, and each shrinkage proposal's log f as a tick (green inside the slice, red outside).
 */
export function SliceGauge({ plane, level, events }: {
  readonly plane: Plane; readonly level: ProbeEventOf<'slice-level'>; readonly events: readonly ProbeEvent[];
}) {
  const from = events.indexOf(level);
  const proposals = events.slice(from).filter((e): e is ProbeEventOf<'shrink'> => e.kind === 'shrink');
  const top = level.logF + 0.5;
  const bottom = level.logY - BELOW;
  const x = plane.width - WIDTH;
  const h = plane.height - 2 * MARGIN;
  const y = (v: number) => MARGIN + (h * (top - Math.min(top, Math.max(bottom, v)))) / (top - bottom);
  return (
    <g data-testid="slice-level" className="slice-gauge" data-log-y={level.logY}>
      <rect x={x} y={MARGIN} width={WIDTH - MARGIN} height={h} />
      <line className="f" x1={x} x2={plane.width - MARGIN} y1={y(level.logF)} y2={y(level.logF)} />
      <line className="level" x1={x} x2={plane.width - MARGIN} y1={y(level.logY)} y2={y(level.logY)} />
      <text x={x + 2} y={y(level.logY) - 3}>log y {num(level.logY, 2)}</text>
      <text x={x + 2} y={y(level.logF) - 3}>log f(x)</text>
      {proposals.map((e, k) => (
        <circle key={k} className={e.inside ? 'inside' : 'outside'} cx={x + (WIDTH - MARGIN) / 2} cy={y(e.logF)} r={3} />
      ))}
    </g>
  );
}
