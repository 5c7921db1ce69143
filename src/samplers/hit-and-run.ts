import { noInfo, type SamplerDecl } from './types';
import { sliceAlong, sliceSettings, UNIVARIATE_SLICE_PARAMS, type Line } from './slice';
import { UniformPool } from '../rng/stream';
import { copy } from './probe';
import sliceWgsl from '../../shaders/samplers/lib_slice.wgsl?raw';
import wgsl from '../../shaders/samplers/hit-and-run.wgsl?raw';

const params = UNIVARIATE_SLICE_PARAMS;

/** Hit-and-run slice sampling (Neal 2003, §5.2; MacKay 2003, ch. 29): a univariate slice along a
 * direction drawn uniformly on the sphere. */
export const hitAndRun: SamplerDecl<typeof params> = {
  id: 'hit-and-run',
  name: 'Hit-and-run slice',
  family: 'slice',
  description: 'Pick a random direction, then slice-sample along the line through the current point.',
  testing: { caseFor: (t) => ({ params: { w: 2 * t.moveScale.sigma, doubling: 1, maxSteps: 10 }, minAccept: 1 }) },
  params,
  wgsl: sliceWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'capped'],
  cpuStep(s, { target, params: p, rng, scratch, probe }) {
    const dir = scratch.a;
    const u = rng.normalsThenUniform(dir, scratch.four);
    let norm2 = 0;
    for (let i = 0; i < dir.length; i++) norm2 += dir[i] * dir[i];
    const invNorm = 1 / Math.sqrt(norm2);
    for (let i = 0; i < dir.length; i++) dir[i] *= invNorm;
    const line: Line = { target, base: s.x, dir, radial: false, point: scratch.b, evals: 0, logP: 0, probe };
    const logY = s.logp + Math.log(u);
    probe?.({ kind: 'slice-level', x: copy(s.x), logF: s.logp, logY });
    const r = sliceAlong(line, 0, s.logp, logY, sliceSettings(p), new UniformPool(rng));
    const info = noInfo();
    info.densityEvals = line.evals;
    if (r.capped) {
      info.capped = 1;
      return info;
    }
    for (let i = 0; i < dir.length; i++) s.x[i] += r.t * dir[i];
    s.logp = r.logP;
    info.accepted = 1;
    return info;
  },
};
