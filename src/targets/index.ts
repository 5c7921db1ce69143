import type { TargetDecl } from './types';
import { CUSTOM_TARGET, customTarget } from './custom';
import { gaussian } from './gaussian';
import { correlated } from './correlated';
import { banana } from './banana';
import { funnel } from './funnel';
import { donut } from './donut';
import { mixture } from './mixture';
import { squiggle } from './squiggle';
import { eightModes } from './eightModes';
import { rosenbrock } from './rosenbrock';
import { twoMoons } from './twoMoons';
import { gaussianNd } from './gaussianNd';
import { illConditionedNd } from './illConditionedNd';
import { correlatedNd } from './correlatedNd';
import { funnelNd } from './funnelNd';
import { bananaNd } from './bananaNd';
import { mixtureNd } from './mixtureNd';

/** Every target, in the order the UI lists them (docs/TARGETS.md's order). */
export const TARGETS: readonly TargetDecl[] = [
  gaussian,
  correlated,
  banana,
  funnel,
  donut,
  mixture,
  squiggle,
  eightModes,
  rosenbrock,
  twoMoons,
  gaussianNd,
  illConditionedNd,
  correlatedNd,
  funnelNd,
  bananaNd,
  mixtureNd,
];

/** The target a configuration names: a registered one, or the user's expression (compiled;
 * undefined when it does not compile). */
export function targetOf(c: { readonly target: string; readonly expression?: string }): TargetDecl | undefined {
  if (c.target !== CUSTOM_TARGET) return findTarget(c.target);
  const custom = customTarget(c.expression ?? '');
  return custom.ok ? custom.target : undefined;
}

export function findTarget(id: string): TargetDecl | undefined {
  return TARGETS.find((t) => t.id === id);
}
