import type { ReactNode } from 'react';
import type { ExplainStep } from '../../explain/explain-runner';
import type { Polyline } from '../../explain/flow-grid';
import type { ProbeEvent, ProbeEventOf, ProbeKind } from '../../samplers/probe';
import type { Plane } from './plane';
import { SliceGauge } from './SliceGauge';

/** Momentum arrows: SVG units per unit of momentum, as a fraction of the plane's width. */
const MOMENTUM_SCALE = 0.08;

const ofKind = <K extends ProbeKind>(events: readonly ProbeEvent[], kind: K) =>
  events.filter((e): e is ProbeEventOf<K> => e.kind === kind);
const last = <T,>(v: readonly T[]): T | undefined => v[v.length - 1];

function Arrow({ plane, from, to, testId, className }: {
  readonly plane: Plane; readonly from: Float64Array; readonly to: Float64Array; readonly testId: string; readonly className: string;
}) {
  return (
    <line data-testid={testId} className={className} x1={plane.x(from)} y1={plane.y(from)} x2={plane.x(to)} y2={plane.y(to)}
      markerEnd="url(#explain-arrowhead)" />
  );
}

function MomentumArrow({ plane, x, p }: { readonly plane: Plane; readonly x: Float64Array; readonly p: Float64Array }) {
  const [i, j] = plane.coords;
  const s = MOMENTUM_SCALE * plane.width;
  const x0 = plane.x(x);
  const y0 = plane.y(x);
  return (
    <line data-testid="momentum-arrow" className="momentum" x1={x0} y1={y0} x2={x0 + s * p[i]} y2={y0 - s * p[j]}
      markerEnd="url(#explain-arrowhead)" />
  );
}

/** The points of a trajectory as a path with one circle per point. */
function Path({ plane, start, points, testId, className }: {
  readonly plane: Plane; readonly start: Float64Array; readonly points: readonly Float64Array[]; readonly testId: string; readonly className: string;
}) {
  return (
    <g data-testid={testId} className={className}>
      <polyline points={[start, ...points].map(plane.xy).join(' ')} />
      {points.map((p, k) => <circle key={k} cx={plane.x(p)} cy={plane.y(p)} r={3.5} />)}
    </g>
  );
}

/** The ellipse x0 cos θ + ν sin θ: faint in full, the searched bracket [lo, hi] strong. */
function Ellipse({ plane, e }: { readonly plane: Plane; readonly e: ProbeEventOf<'ellipse'> }) {
  const curve = (lo: number, hi: number) => Array.from({ length: 97 }, (_, k) => {
    const t = lo + ((hi - lo) * k) / 96;
    const p = e.x0.map((v, i) => v * Math.cos(t) + e.nu[i] * Math.sin(t));
    return plane.xy(p);
  }).join(' ');
  return (
    <g data-testid="ellipse" className="ellipse">
      <polyline className="full" points={curve(0, 2 * Math.PI)} />
      <polyline className="bracket" points={curve(e.lo, e.hi)} />
    </g>
  );
}

/** The NUTS tree so far: each subtree's leapfrog points, coloured by direction, and where it stopped. */
function NutsTree({ plane, events }: { readonly plane: Plane; readonly events: readonly ProbeEvent[] }) {
  const steps = ofKind(events, 'leapfrog');
  const trees = ofKind(events, 'tree');
  const stop = trees.find((t) => t.uturn || t.turning || t.divergent);
  const end = last(steps);
  return (
    <g data-testid="nuts-tree" className="nuts-tree">
      {steps.map((e, k) => (
        <circle key={k} className={e.direction! > 0 ? 'forward' : 'backward'} data-depth={e.depth} cx={plane.x(e.x)} cy={plane.y(e.x)} r={3.5} />
      ))}
      {stop && end && (
        <text data-testid="uturn" className="uturn" x={plane.x(end.x) + 6} y={plane.y(end.x) - 6}>
          {stop.divergent ? 'divergent' : 'U-turn'}
        </text>
      )}
      {last(trees) && <circle className="sample" cx={plane.x(last(trees)!.x)} cy={plane.y(last(trees)!.x)} r={6} />}
    </g>
  );
}

/** What the first `shown` events of the transition have revealed. */
function EventLayers({ plane, step, shown }: { readonly plane: Plane; readonly step: ExplainStep; readonly shown: number }) {
  const events = step.events.slice(0, shown);
  const out: ReactNode[] = [];
  const momentum = last(ofKind(events, 'momentum'));
  const leapfrogs = ofKind(events, 'leapfrog');
  const nuts = leapfrogs.some((e) => e.depth !== undefined);
  for (const e of ofKind(events, 'drift')) out.push(<Arrow key="drift" plane={plane} from={e.from} to={e.to} testId="drift-arrow" className="drift" />);
  for (const e of ofKind(events, 'noise')) out.push(<Arrow key="noise" plane={plane} from={e.from} to={e.to} testId="noise-arrow" className="noise" />);
  const ellipse = last(ofKind(events, 'ellipse'));
  if (ellipse) out.push(<Ellipse key="ellipse" plane={plane} e={ellipse} />);
  const interval = last(ofKind(events, 'interval'));
  if (interval) {
    out.push(<line key="interval" data-testid="slice-interval" data-phase={interval.phase} className="interval"
      x1={plane.x(interval.lo)} y1={plane.y(interval.lo)} x2={plane.x(interval.hi)} y2={plane.y(interval.hi)} />);
  }
  ofKind(events, 'shrink').forEach((e, k) => out.push(
    <circle key={`shrink${k}`} data-testid="shrink-point" data-inside={e.inside} className={e.inside ? 'inside' : 'outside'}
      cx={plane.x(e.x)} cy={plane.y(e.x)} r={4} />,
  ));
  if (nuts) out.push(<NutsTree key="tree" plane={plane} events={events} />);
  else if (leapfrogs.length > 0 && momentum) {
    out.push(<Path key="leapfrog" plane={plane} start={momentum.x} points={leapfrogs.map((e) => e.x)} testId="leapfrog-path" className="leapfrog" />);
  }
  const substeps = ofKind(events, 'substep');
  if (substeps.length > 0 && momentum) {
    out.push(<Path key="substeps" plane={plane} start={momentum.x} points={substeps.map((e) => e.x)} testId="kinetic-path" className="leapfrog" />);
  }
  const moving = last(events.filter((e): e is ProbeEventOf<'momentum' | 'leapfrog' | 'substep'> =>
    e.kind === 'momentum' || e.kind === 'leapfrog' || e.kind === 'substep'));
  if (moving) out.push(<MomentumArrow key="momentum" plane={plane} x={moving.x} p={moving.p} />);
  const flowMaps = ofKind(events, 'flow-map').filter((e) => e.m >= 0).sort((a, b) => a.m - b.m);
  if (flowMaps.length > 0) {
    out.push(<Path key="flowmaps" plane={plane} start={flowMaps[0].x} points={flowMaps.slice(1).map((e) => e.x)} testId="flow-path" className="flow-path" />);
  }
  for (const e of ofKind(events, 'proposal')) {
    out.push(
      <g key="proposal" data-testid="proposal" className="proposal">
        <line x1={plane.x(e.from)} y1={plane.y(e.from)} x2={plane.x(e.x)} y2={plane.y(e.x)} />
        <circle cx={plane.x(e.x)} cy={plane.y(e.x)} r={5} />
      </g>,
    );
  }
  if (events.some((e) => e.kind === 'stein') && step.particles) {
    step.particles.stein.forEach((e, c) => out.push(
      <Arrow key={`stein${c}`} plane={plane} from={e.from} to={e.to} testId="stein-force" className="stein" />,
    ));
  }
  const decision = last(ofKind(events, 'decision'));
  if (decision && shown === step.events.length) {
    const where = decision.accepted ? step.after : step.before;
    out.push(
      <text key="decision" data-testid={decision.accepted ? 'accept' : 'reject'} className={decision.accepted ? 'accept' : 'reject'}
        x={plane.x(where) + 8} y={plane.y(where) + 16}>
        {decision.divergent ? '✗ divergent' : decision.accepted ? '✓' : '✗'}
      </text>,
    );
  }
  return <>{out}</>;
}

export interface SceneProps {
  readonly plane: Plane;
  readonly image: string | null;
  readonly grid: readonly Polyline[] | null;
  readonly trail: readonly Float64Array[];
  readonly step: ExplainStep | null;
  readonly shown: number;
  /** Where every chain is (one, or SVGD's particles). */
  readonly chains: readonly Float64Array[];
}

/** The density, the chain's trail and the current transition's revealed events, as SVG. */
export function ExplainScene({ plane, image, grid, trail, step, shown, chains }: SceneProps) {
  const { width, height } = plane;
  const level = step && last(ofKind(step.events.slice(0, shown), 'slice-level'));
  return (
    <svg data-testid="explain-svg" className="explain-svg" viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label="The explained chain over the target density">
      <defs>
        <marker id="explain-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
        </marker>
      </defs>
      {image && <image href={image} x={0} y={0} width={width} height={height} preserveAspectRatio="none" />}
      {grid && (
        <g data-testid="flow-grid" className="flow-grid">
          {grid.map((line, k) => (
            <polyline key={k} points={Array.from({ length: line.length / 2 }, (_, j) => plane.at(line[2 * j], line[2 * j + 1])).join(' ')} />
          ))}
        </g>
      )}
      {trail.length > 1 && <polyline data-testid="trail" className="trail" points={trail.map(plane.xy).join(' ')} />}
      {step && <EventLayers plane={plane} step={step} shown={shown} />}
      {chains.map((x, c) => (
        <circle key={c} data-testid={c === 0 ? 'chain' : 'particle'} className={c === 0 ? 'chain' : 'particle'}
          cx={plane.x(x)} cy={plane.y(x)} r={c === 0 ? 6 : 4} />
      ))}
      {level && <SliceGauge plane={plane} level={level} events={step!.events.slice(0, shown)} />}
    </svg>
  );
}
