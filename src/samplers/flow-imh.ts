import type { SamplerDecl } from './types';
import { malaStep } from './langevin';
import { mhAccept } from './metropolis';
import { FLOW_PARAMS, flowShapeOf } from '../flows/params';
import { flowForward, flowInverse, logBaseDensity, newTape, shapeKey, type FlowShape } from '../flows/realnvp';
import { workCache } from './work-cache';
import { copy } from './probe';
import flowWgsl from '../../shaders/flows/lib_flow.wgsl?raw';
import flowParamsWgsl from '../../shaders/samplers/lib_flow_params.wgsl?raw';
import metropolisWgsl from '../../shaders/samplers/lib_metropolis.wgsl?raw';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
import malaWgsl from '../../shaders/samplers/lib_mala.wgsl?raw';
import wgsl from '../../shaders/samplers/flow-imh.wgsl?raw';
import { BURNIN } from './warmup-params';
import { affineFlowParams } from '../flows/realnvp';

const params = {
  ...FLOW_PARAMS,
  h: {
    label: 'Local MALA step h', type: 'f32', default: 0, min: 0, max: 10,
    doc: 'A MALA step of size h after each independence proposal (0: none).',
  },
  // An independence sampler leaves its start at its first acceptance: after n iterations at
  // acceptance α a chain is still there with chance (1 − α)^n (50 at α = 0.3: 2e-8), so the
  // 200 of local samplers would only spend the flow's costly transitions.
  burnin: { ...BURNIN, default: 50 },
} as const;

const workFor = workCache(shapeKey, (shape: FlowShape) =>
  ({ tape: newTape(shape), y: new Float64Array(shape.d), gy: new Float64Array(shape.d), zCur: new Float64Array(shape.d) }));


/** Independent Metropolis–Hastings with a normalizing flow as proposal (e.g. Gabrié, Rotskoff &
 * Vanden-Eijnden 2022): exact for any flow; as good as the flow is close to the target. */
export const flowImh: SamplerDecl<typeof params> = {
  id: 'flow-imh',
  name: 'Flow independence sampler',
  family: 'flow',
  description: 'Propose from a normalizing flow trained on the target, accept with the importance-weight ratio.',
  testing: {
    // A fixed proposal, N(mean, (1.1 sd)²) per coordinate from the truth: exact whatever it is,
    // but poor on dense correlations and heavy tails (acceptance ~0.002 on correlated-nd and
    // funnel-nd at d = 10), so tests/statistical/flow-imh.test.ts adds trained flows for power.
    caseFor: (t, d) => {
      const p = { flowLayers: 2, flowWidth: 4, flowDepth: 1, h: 0 };
      const { mean, variance } = t.truth(d);
      return { params: p, tuning: { flow: affineFlowParams(flowShapeOf(p, d), mean, variance.map((v) => Math.log(1.1 * Math.sqrt(v)))) }, minAccept: 0.001 };
    },
  },
  params,
  wgsl: flowWgsl + flowParamsWgsl + metropolisWgsl + langevinWgsl + malaWgsl + wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent', 'acceptProb'],
  flow: flowShapeOf,
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    const shape = flowShapeOf(p, s.x.length);
    const flow = tuning.flow!;
    const w = workFor(shape);
    const z = scratch.a;
    const u = rng.normalsThenUniform(z, scratch.four);
    const logQNew = logBaseDensity(z) - flowForward(flow, shape, z, w.y, w.tape);
    const logDetCur = flowInverse(flow, shape, s.x, w.zCur, w.tape);
    const logQCur = logBaseDensity(w.zCur) - logDetCur;
    probe?.({ kind: 'proposal', from: copy(s.x), x: copy(w.y) });
    const lp = target.gradLogDensity(w.y, w.gy);
    const info = mhAccept(s, w.y, w.gy, lp, lp - s.logp + logQCur - logQNew, u, probe);
    if (p.h > 0) {
      const local = malaStep(target, s, rng, scratch, p.h, tuning.invMass, probe);
      info.gradEvals += local.gradEvals;
      info.divergent += local.divergent;
    }
    return info;
  },
};
