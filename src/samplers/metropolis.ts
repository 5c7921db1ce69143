import { noInfo, type CpuChainState, type TransitionInfo } from './types';
import { copy, type TransitionProbe } from './probe';
import type { TargetDecl } from '../targets/types';

/** The Metropolis accept step of the random-walk samplers (shaders/samplers/lib_metropolis.wgsl):
 * y symmetric around x, accepted with min(1, p(y)/p(x)); NaN or +Inf is a divergence. */
export function metropolisAccept(
  target: TargetDecl, s: CpuChainState, y: Float64Array, u: number, probe?: TransitionProbe,
): TransitionInfo {
  probe?.({ kind: 'proposal', from: copy(s.x), x: copy(y) });
  const lp = target.logDensity(y);
  const info = noInfo();
  info.densityEvals = 1;
  if (Number.isNaN(lp) || lp === Infinity) {
    info.divergent = 1;
    probe?.({ kind: 'decision', accepted: false, divergent: true });
    return info;
  }
  const logAlpha = lp - s.logp;
  info.acceptProb = Math.min(1, Math.exp(logAlpha));
  if (Math.log(u) < logAlpha) {
    s.x.set(y);
    s.logp = lp;
    info.accepted = 1;
  }
  probe?.({ kind: 'decision', accepted: info.accepted === 1, divergent: false, logAlpha, logU: Math.log(u) });
  return info;
}

/** Metropolis–Hastings to y with log α given (shaders/samplers/lib_metropolis.wgsl `mh_accept`):
 * NaN or +Inf log p(y), or a non-finite α at a finite one, is a divergence; −Inf is rejected. */
export function mhAccept(
  s: CpuChainState, y: Float64Array, gy: Float64Array, lp: number, logAlpha: number, u: number, probe?: TransitionProbe,
): TransitionInfo {
  const info = noInfo();
  info.gradEvals = 1;
  if (Number.isNaN(lp) || lp === Infinity || (Number.isFinite(lp) && !Number.isFinite(logAlpha))) {
    info.divergent = 1;
    probe?.({ kind: 'decision', accepted: false, divergent: true });
    return info;
  }
  if (Number.isFinite(lp)) {
    info.acceptProb = Math.min(1, Math.exp(logAlpha));
    if (Math.log(u) < logAlpha) {
      s.x.set(y);
      s.g.set(gy);
      s.logp = lp;
      info.accepted = 1;
    }
  }
  probe?.({ kind: 'decision', accepted: info.accepted === 1, divergent: false, logAlpha, logU: Math.log(u) });
  return info;
}
