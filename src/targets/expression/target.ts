import type { TargetDecl, TargetTruth } from '../types';
import { compileExpression, failure, type Compiled } from './compile';
import { boxMoments } from './quadrature';

export type ViewBox = readonly [number, number, number, number];

const DEFAULT_VIEW_BOX: ViewBox = [-4, 4, -4, 4];

/** The user's expression as a target of fixed dimension d (see compileExpression). */
export function expressionTarget(text: string, options: { d: number; viewBox?: ViewBox }): Compiled<TargetDecl> {
  const viewBox = options.viewBox ?? DEFAULT_VIEW_BOX;
  const [x0, x1, y0, y1] = viewBox;
  if (!(viewBox.every(Number.isFinite) && x0 < x1 && y0 < y1)) {
    return failure(`the view box [${viewBox.join(', ')}] must be finite, with xmin < xmax and ymin < ymax`);
  }
  const compiled = compileExpression(text, options);
  if (!compiled.ok) return compiled;
  const e = compiled.target;
  let moments: TargetTruth | undefined;
  return {
    ok: true,
    target: {
      id: 'custom',
      name: 'Your density',
      description: `log p = ${e.text}`,
      dimension: { kind: 'fixed', d: e.d },
      wgsl: e.wgsl,
      logDensity: e.logDensity,
      gradLogDensity: e.gradLogDensity,
      viewBox: [x0, x1, y0, y1],
      // Stan's uniform(−2, 2) on the unconstrained scale: a typed posterior's scale parameters are
      // logs, and a start at log σ = −4 strands a chain where the density is a thin spike.
      initBox: [-2, 2],
      moveScale: { eps: 0.1, sigma: 0.5 },
      // Quadrature needs the whole density on a grid: 2-D only, computed on first use.
      truth: () => (e.d === 2
        ? (moments ??= boxMoments(e.logDensity, viewBox))
        : { mean: new Array<number>(e.d).fill(NaN), variance: new Array<number>(e.d).fill(NaN), source: 'unknown' }),
    },
  };
}
