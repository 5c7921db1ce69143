import type { ProbeEvent, ProbeEventOf } from '../../samplers/probe';
import type { ExplainStep } from '../../explain/explain-runner';

/** Signed numbers with a true minus sign, three decimals ('—' when not finite). */
export function num(v: number | undefined, digits = 3): string {
  if (v === undefined || !Number.isFinite(v)) return v === -Infinity ? '−∞' : v === Infinity ? '+∞' : '—';
  return v.toFixed(digits).replace('-', '−');
}

/** A point in the two coordinates shown. */
export function point(x: Float64Array, coords: readonly [number, number]): string {
  return `(${num(x[coords[0]], 2)}, ${num(x[coords[1]], 2)})`;
}

const norm = (v: Float64Array) => Math.hypot(...v);

/** The energy at the start of the trajectory the k-th event belongs to (Hamiltonian samplers). */
function startEnergy(events: readonly ProbeEvent[], k: number): number | undefined {
  for (let j = k; j >= 0; j--) {
    const e = events[j];
    if (e.kind === 'momentum') return e.energy;
  }
  return undefined;
}

/** The level in force at event k (slice samplers). */
function levelAt(events: readonly ProbeEvent[], k: number): ProbeEventOf<'slice-level'> | undefined {
  for (let j = k; j >= 0; j--) {
    const e = events[j];
    if (e.kind === 'slice-level') return e;
  }
  return undefined;
}

const SUBSTEPS = {
  B: 'B: half a kick — the momentum takes (h/2)·∇log p.',
  A: 'A: half a drift — the position moves (h/2)·M⁻¹p.',
  O: 'O: friction and noise — the momentum decays by e^(−γh) and gets fresh Gaussian noise.',
  BAB: 'BAB: one leapfrog step (kick, drift, kick).',
} as const;

/** Plain words for event k of a transition, with its numbers. */
export function describeEvent(step: ExplainStep, k: number, coords: readonly [number, number]): string {
  const { events } = step;
  const e = events[k];
  switch (e.kind) {
    case 'proposal':
      return `Proposal: jump from ${point(e.from, coords)} to ${point(e.x, coords)}.`;
    case 'decision':
      if (e.divergent) return 'Divergent: the density (or the energy error) blew up there — the chain stays where it was.';
      if (e.logAlpha === undefined) return 'Moved: this sampler has no accept step, every move is kept (the price is a bias).';
      return e.accepted
        ? `Proposal accepted: log u = ${num(e.logU)} < log α = ${num(e.logAlpha)}.`
        : `Proposal rejected: log α = ${num(e.logAlpha)} ≤ log u = ${num(e.logU)} — the chain stays put.`;
    case 'drift':
      return `Gradient drift: half a step of size h = ${num(e.h, 4)} uphill along ∇log p, to ${point(e.to, coords)}.`;
    case 'noise':
      return `Noise: a Gaussian kick of variance h per coordinate lands at ${point(e.to, coords)}.`;
    case 'anneal':
      return `Noise level ${e.level + 1} of ${e.levels}: the target blurred by N(0, σ²) with σ = ${num(e.sigma)}; the score is the blurred one.`;
    case 'momentum':
      return `Momentum drawn: p ~ N(0, M), |p| = ${num(norm(e.p))}; energy H = −log p(x) + ½pᵀM⁻¹p = ${num(e.energy)}.`;
    case 'leapfrog': {
      const error = e.energy - (startEnergy(events, k) ?? e.energy);
      const where = e.depth === undefined ? '' : ` of subtree depth ${e.depth} (${e.direction! > 0 ? 'forward' : 'backward'})`;
      return `Leapfrog step ${e.step} of ${e.steps}${where}: energy error ${num(error)}.`;
    }
    case 'substep':
      return SUBSTEPS[e.name];
    case 'tree': {
      const dir = e.direction > 0 ? 'forward' : 'backward';
      const why = e.divergent ? ' It diverged: the tree stops.'
        : e.turning ? ' It turns back on itself: discarded, the tree stops.'
          : e.uturn ? ' The whole trajectory now makes a U-turn: the tree stops.' : ' No U-turn yet: double again.';
      const took = e.divergent || e.turning ? '' : e.accepted ? ' The sample moves into it.' : ' The sample stays in the older part.';
      return `Subtree of depth ${e.depth} (${2 ** e.depth} steps) built ${dir}.${took}${why}`;
    }
    case 'slice-level':
      return `Slice level: log y = log f(x) + log u = ${num(e.logY)} under log f(x) = ${num(e.logF)}.`;
    case 'interval': {
      const length = Math.hypot(...e.hi.map((v, i) => v - e.lo[i]));
      return e.phase === 'grow'
        ? `Stepping out: the bracket is ${num(length)} long.`
        : `Shrinkage: the bracket is cut at the rejected point, now ${num(length)} long.`;
    }
    case 'shrink': {
      const level = levelAt(events, k)?.logY;
      return e.inside
        ? `Point ${point(e.x, coords)} is inside the slice: log f = ${num(e.logF)} > log y = ${num(level)} — taken.`
        : `Point ${point(e.x, coords)} is outside the slice: log f = ${num(e.logF)} ≤ log y = ${num(level)} — shrink.`;
    }
    case 'ellipse':
      return `Ellipse through x and a prior draw ν; angles searched in a bracket of ${num(e.hi - e.lo)} rad.`;
    case 'flow-map':
      return e.m >= 0
        ? `Flow map T^${e.m} of the reference draw: ${point(e.x, coords)}.`
        : `Inverse flow map T^${e.m} (for the mixture's density): ${point(e.x, coords)}.`;
    case 'flow-draw':
      return `Draw: component n = ${e.n} of the mixture of ${e.of} flow maps, ELBO term ${num(e.elbo)}.`;
    case 'stein':
      return `Stein forces on ${step.particles?.stein.length ?? 1} particles: the kernel-weighted gradient pulls them uphill, the kernel's gradient pushes them apart; |φ| here ${num(norm(e.phi))}.`;
    case 'result':
      return '';
  }
}

/** What the transition did, in one line (after its last event). */
export function summary(step: ExplainStep): string {
  const { info } = step;
  const moved = step.before.some((v, i) => v !== step.after[i]);
  const cost = info.gradEvals > 0 ? `${info.gradEvals} gradient${info.gradEvals === 1 ? '' : 's'}` : `${info.densityEvals} density evaluations`;
  const particles = step.particles ? ` All ${step.particles.stein.length} particles moved by ε·φ, their Stein forces.` : '';
  return `Transition ${step.iteration + 1}: ${moved ? 'the chain moved' : 'the chain stayed'} (${cost}).${particles}`;
}
