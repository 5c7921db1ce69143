import { noInfo, type CpuChainState, type CpuScratch, type TransitionInfo } from './types';
import { mhAccept } from './metropolis';
import type { RngStream } from '../rng/stream';
import type { TargetDecl } from '../targets/types';
import { copy, type TransitionProbe } from './probe';

/** The Langevin proposal shared by ULA, MALA and annealed Langevin: the TypeScript side of
 * shaders/samplers/lib_langevin.wgsl. y = x + (h/2) M⁻¹∇log p(x) + √h M^(-1/2) z. */

/** Writes y into `z` (which holds standard normals on entry). */
export function langevinProposal(
  x: Float64Array, g: Float64Array, z: Float64Array, h: number, invMass: Float64Array, probe?: TransitionProbe,
): void {
  const s = Math.sqrt(h);
  for (let i = 0; i < x.length; i++) {
    const m = invMass[i];
    z[i] = x[i] + 0.5 * h * m * g[i] + s * Math.sqrt(m) * z[i];
  }
  if (probe) {
    const drift = x.map((xi, i) => xi + 0.5 * h * invMass[i] * g[i]);
    probe({ kind: 'drift', from: copy(x), to: drift, h });
    probe({ kind: 'noise', from: drift, to: copy(z) });
  }
}

/** log q(to | from) up to a constant. */
export function langevinLogQ(to: Float64Array, from: Float64Array, gFrom: Float64Array, h: number, invMass: Float64Array): number {
  let s = 0;
  for (let i = 0; i < to.length; i++) {
    const m = invMass[i];
    const r = to[i] - from[i] - 0.5 * h * m * gFrom[i];
    s += (r * r) / m;
  }
  return -s / (2 * h);
}

/** The move of an unadjusted sampler (no accept step) to y: taken when y, log p(y) and its
 * gradient (written into gy) are finite; otherwise a divergence, and the chain keeps its state. */
export function unadjustedMove(
  target: TargetDecl, s: CpuChainState, y: Float64Array, gy: Float64Array, gradEvals: number, probe?: TransitionProbe,
): TransitionInfo {
  const lp = target.gradLogDensity(y, gy);
  const info = noInfo();
  info.gradEvals = gradEvals;
  if (!Number.isFinite(lp) || !y.every(Number.isFinite) || !gy.every(Number.isFinite)) {
    info.divergent = 1;
    probe?.({ kind: 'decision', accepted: false, divergent: true });
    return info;
  }
  s.x.set(y);
  s.g.set(gy);
  s.logp = lp;
  info.accepted = 1;
  probe?.({ kind: 'decision', accepted: true, divergent: false });
  return info;
}

/** One MALA transition with step h (lib_langevin.wgsl `mala_step`); uses scratch.a and .b. */
export function malaStep(
  target: TargetDecl, s: CpuChainState, rng: RngStream, scratch: CpuScratch, h: number, invMass: Float64Array,
  probe?: TransitionProbe,
): TransitionInfo {
  const y = scratch.a;
  const gy = scratch.b;
  const u = rng.normalsThenUniform(y, scratch.four);
  langevinProposal(s.x, s.g, y, h, invMass, probe);
  const lp = target.gradLogDensity(y, gy);
  const logAlpha = lp - s.logp + langevinLogQ(s.x, y, gy, h, invMass) - langevinLogQ(y, s.x, s.g, h, invMass);
  return mhAccept(s, y, gy, lp, logAlpha, u, probe);
}
