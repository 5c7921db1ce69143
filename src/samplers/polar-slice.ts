import { noInfo, type SamplerDecl } from './types';
import { lineInSlice, lineLogF, MAX_SHRINK, MAX_STEPS, SLICE_WIDTH, sliceAlong, type Line } from './slice';
import { UniformPool } from '../rng/stream';
import { copy } from './probe';
import sliceWgsl from '../../shaders/samplers/lib_slice.wgsl?raw';
import wgsl from '../../shaders/samplers/polar-slice.wgsl?raw';
import { BURNIN } from './warmup-params';

const params = {
  w: { ...SLICE_WIDTH, label: 'Radius width w', doc: 'Width of the first bracket of the radius update; stepping-out grows it.' },
  maxSteps: MAX_STEPS,
  maxShrink: MAX_SHRINK,
  burnin: BURNIN,
} as const;

/** Gibbsian polar slice sampling (Schär, Habeck & Rudolf 2023, ICML, "Gibbsian polar slice
 * sampling"): a direction by geodesic shrinkage on a great circle, then a radius by a univariate
 * slice of p(rθ)·r^(d−1), both under one level. */
export const polarSlice: SamplerDecl<typeof params> = {
  id: 'polar-slice',
  name: 'Gibbsian polar slice',
  family: 'slice',
  description: 'In polar coordinates about the origin: move the direction on a great circle, then the radius, under one slice level.',
  testing: { caseFor: (t) => ({ params: { w: 2 * t.moveScale.sigma }, minAccept: 1 }) },
  params,
  wgsl: sliceWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'capped'],
  cpuStep(s, { target, params: p, rng, scratch, probe }) {
    const d = s.x.length;
    const v = scratch.a;
    const dir = scratch.b;
    const info = noInfo();
    const u = rng.normalsThenUniform(v, scratch.four);
    let r2 = 0;
    for (let i = 0; i < d; i++) r2 += s.x[i] * s.x[i];
    const r = Math.sqrt(r2);
    if (!(r > 0) || !Number.isFinite(r)) {
      info.capped = 1;
      return info;
    }
    const logY = s.logp + (d - 1) * Math.log(r) + Math.log(u);
    let vt = 0;
    for (let i = 0; i < d; i++) vt += (v[i] * s.x[i]) / r;
    let v2 = 0;
    for (let i = 0; i < d; i++) {
      v[i] -= (vt * s.x[i]) / r;
      v2 += v[i] * v[i];
    }
    const invV = 1 / Math.sqrt(v2);
    for (let i = 0; i < d; i++) v[i] *= invV;
    const pool = new UniformPool(rng);
    const line: Line = { target, base: dir, dir, radial: true, point: scratch.c, evals: 0, logP: 0, probe };
    let omega = 2 * Math.PI * pool.next();
    let lo = omega - 2 * Math.PI;
    let hi = omega;
    let moved = false;
    let lp = 0;
    // The great circle x cos ω + r v sin ω, as an ellipse through x.
    const circle = probe && { x0: copy(s.x), nu: v.map((vi) => r * vi) };
    if (circle) {
      probe!({ kind: 'slice-level', x: circle.x0, logF: s.logp + (d - 1) * Math.log(r), logY });
      probe!({ kind: 'ellipse', ...circle, lo, hi });
    }
    for (let n = 0; n < p.maxShrink; n++) {
      const c = Math.cos(omega);
      const sn = Math.sin(omega);
      for (let i = 0; i < d; i++) dir[i] = (s.x[i] / r) * c + v[i] * sn;
      const inside = lineInSlice(line, r, logY);
      probe?.({ kind: 'shrink', x: copy(line.point), logF: lineLogF(line, r), inside });
      if (inside) {
        moved = true;
        lp = line.logP;
        break;
      }
      if (omega < 0) lo = omega;
      else hi = omega;
      if (circle) probe!({ kind: 'ellipse', ...circle, lo, hi });
      omega = lo + pool.next() * (hi - lo);
    }
    if (!moved) {
      for (let i = 0; i < d; i++) dir[i] = s.x[i] / r;
      lp = s.logp;
    }
    const radius = sliceAlong(line, r, lp, logY, { w: p.w, maxSteps: p.maxSteps, doubling: false, maxShrink: p.maxShrink }, pool);
    info.densityEvals = line.evals;
    info.capped = !moved || radius.capped ? 1 : 0;
    info.accepted = 1 - info.capped;
    if (moved || !radius.capped) {
      for (let i = 0; i < d; i++) s.x[i] = radius.t * dir[i];
      s.logp = radius.logP;
    }
    return info;
  },
};
