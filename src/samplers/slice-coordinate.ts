import { noInfo, type SamplerDecl } from './types';
import { sliceAlong, sliceSettings, UNIVARIATE_SLICE_PARAMS, type Line } from './slice';
import { UniformPool } from '../rng/stream';
import { copy } from './probe';
import sliceWgsl from '../../shaders/samplers/lib_slice.wgsl?raw';
import wgsl from '../../shaders/samplers/slice.wgsl?raw';

const params = UNIVARIATE_SLICE_PARAMS;

/** Coordinate-wise slice sampling (Neal 2003, §4.1): a systematic scan of univariate slices. */
export const slice: SamplerDecl<typeof params> = {
  id: 'slice',
  name: 'Slice (coordinate-wise)',
  family: 'slice',
  description: 'Each coordinate in turn: draw a level under the density, bracket the slice, shrink until a point lands inside.',
  // Moves on every transition that is not capped; a sweep moves far, so fewer steps do.
  testing: { caseFor: (t) => ({ params: { w: 2 * t.moveScale.sigma }, steps: 5, minAccept: 1 }) },
  params,
  wgsl: sliceWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'capped'],
  cpuStep(s, { target, params: p, rng, scratch, probe }) {
    const settings = sliceSettings(p);
    const pool = new UniformPool(rng);
    const dir = scratch.a.fill(0);
    const line: Line = { target, base: s.x, dir, radial: false, point: scratch.b, evals: 0, logP: 0, probe };
    let capped = false;
    for (let i = 0; i < s.x.length; i++) {
      dir[i] = 1;
      const logY = s.logp + Math.log(pool.next());
      probe?.({ kind: 'slice-level', x: copy(s.x), logF: s.logp, logY });
      const r = sliceAlong(line, 0, s.logp, logY, settings, pool);
      dir[i] = 0;
      s.x[i] += r.t;
      s.logp = r.logP;
      capped ||= r.capped;
    }
    const info = noInfo();
    info.densityEvals = line.evals;
    info.capped = capped ? 1 : 0;
    info.accepted = 1 - info.capped;
    return info;
  },
};
