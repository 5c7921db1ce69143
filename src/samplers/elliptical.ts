import { noInfo, type SamplerDecl } from './types';
import { inSlice, MAX_SHRINK } from './slice';
import { UniformPool } from '../rng/stream';
import { copy } from './probe';
import sliceWgsl from '../../shaders/samplers/lib_slice.wgsl?raw';
import wgsl from '../../shaders/samplers/elliptical.wgsl?raw';
import { BURNIN } from './warmup-params';

const params = {
  s: {
    label: 'Prior scale s', type: 'f32', default: 1, min: 0, minExclusive: true, max: 10000,
    doc: 'The target is read as N(0, s²I) times a likelihood (unless it declares a prior of its own).',
  },
  maxShrink: MAX_SHRINK,
  burnin: BURNIN,
} as const;

/** Elliptical slice sampling (Murray, Adams & MacKay 2010, AISTATS): exact for any target written
 * as a Gaussian prior times a likelihood, with no step size to tune. */
export const elliptical: SamplerDecl<typeof params> = {
  id: 'elliptical',
  name: 'Elliptical slice',
  family: 'slice',
  description: 'Draw from the Gaussian prior, then slice-sample the angle on the ellipse through it and the current point.',
  // A prior twice the unit scale, so the likelihood is never flat (ill-conditioned-nd declares its own
  // prior: there elliptical slice draws exactly).
  testing: { caseFor: () => ({ params: { s: 2 }, minAccept: 1 }) },
  params,
  wgsl: sliceWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'capped'],
  cpuStep(st, { target, params: p, rng, scratch, probe }) {
    const d = st.x.length;
    // The prior's scales once per transition, not once per shrinkage step.
    const std = scratch.c;
    for (let i = 0; i < d; i++) std[i] = target.gaussianPriorStd ? target.gaussianPriorStd(i, d) : p.s;
    const logLikelihood = (x: Float64Array, logP: number) => {
      let q = 0;
      for (let i = 0; i < d; i++) q += (x[i] / std[i]) ** 2;
      return logP + 0.5 * q;
    };
    const nu = scratch.a;
    const y = scratch.b;
    const u = rng.normalsThenUniform(nu, scratch.four);
    for (let i = 0; i < d; i++) nu[i] *= std[i];
    const logY = logLikelihood(st.x, st.logp) + Math.log(u);
    const pool = new UniformPool(rng);
    let theta = 2 * Math.PI * pool.next();
    let lo = theta - 2 * Math.PI;
    let hi = theta;
    const info = noInfo();
    const x0 = probe && copy(st.x);
    if (probe) {
      probe({ kind: 'slice-level', x: x0!, logF: logLikelihood(st.x, st.logp), logY });
      probe({ kind: 'ellipse', x0: x0!, nu: copy(nu), lo, hi });
    }
    for (let n = 0; n < p.maxShrink; n++) {
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      for (let i = 0; i < d; i++) y[i] = st.x[i] * c + nu[i] * s;
      const lp = target.logDensity(y);
      info.densityEvals++;
      const inside = inSlice(logLikelihood(y, lp), logY);
      probe?.({ kind: 'shrink', x: copy(y), logF: logLikelihood(y, lp), inside });
      if (inside) {
        st.x.set(y);
        st.logp = lp;
        info.accepted = 1;
        return info;
      }
      if (theta < 0) lo = theta;
      else hi = theta;
      probe?.({ kind: 'ellipse', x0: x0!, nu: copy(nu), lo, hi });
      theta = lo + pool.next() * (hi - lo);
    }
    info.capped = 1;
    return info;
  },
};
