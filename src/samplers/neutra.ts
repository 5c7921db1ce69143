import type { CpuChainState, CpuStepContext, SamplerDecl, TransitionInfo } from './types';
import { hmc, hmcParams } from './hmc';
import { mala } from './mala';
import { FLOW_PARAMS, flowShapeOf } from '../flows/params';
import { affineFlowParams, flowBackward, flowForward, flowInverse, newTape, shapeKey, type FlowShape, type FlowTape } from '../flows/realnvp';
import { workCache } from './work-cache';
import { mapEvent, type TransitionProbe } from './probe';
import type { ParamSchema, ParamValues } from '../engine/params';
import type { TargetDecl } from '../targets/types';
import flowWgsl from '../../shaders/flows/lib_flow.wgsl?raw';
import flowParamsWgsl from '../../shaders/samplers/lib_flow_params.wgsl?raw';
import neutraWgsl from '../../shaders/samplers/neutra.wgsl?raw';

/*
 * NeuTra (Hoffman, Sountsov, Dillon, Langmore, Tran & Vasudevan 2019): a gradient sampler run in
 * the flow's latent space on the pulled-back target log p(f(z)) + log|det ∂f/∂z|, which a good
 * flow makes close to N(0, I); each transition maps x → z, moves, and maps back. The inner kernel
 * is the plain sampler's own code with its density calls pointed at the pulled-back target (WGSL:
 * its source with grad_log_density renamed; TypeScript: its cpuStep on a latent TargetDecl).
 */


/** The inner sampler's WGSL, reading the pulled-back target and renamed `latent_transition`. */
function pulledBack(inner: SamplerDecl): string {
  return inner.wgsl.replaceAll('grad_log_density(', 'latent_grad_log_density(').replace('fn transition(', 'fn latent_transition(');
}

interface Latent {
  readonly tape: FlowTape;
  readonly state: CpuChainState;
  readonly gx: Float64Array;
}
const latentFor = workCache(shapeKey, (shape: FlowShape): Latent =>
  ({ tape: newTape(shape), state: { x: new Float64Array(shape.d), g: new Float64Array(shape.d), logp: 0 }, gx: new Float64Array(shape.d) }));

/** The target pulled back through the flow, as a TargetDecl the inner cpuStep can use. */
function pulledBackTarget(target: TargetDecl, flow: Float64Array, shape: FlowShape, latent: Latent): TargetDecl {
  const x = new Float64Array(shape.d);
  const gradLogDensity = (z: Float64Array, gz: Float64Array) => {
    const logDet = flowForward(flow, shape, z, x, latent.tape);
    const lp = target.gradLogDensity(x, latent.gx);
    flowBackward(flow, shape, latent.tape, latent.gx, 1, gz);
    return lp + logDet;
  };
  return { ...target, logDensity: (z) => gradLogDensity(z, new Float64Array(shape.d)), gradLogDensity };
}

/** Step of the finite difference that pushes a latent momentum through the flow (display only). */
const PUSH_STEP = 1e-5;

/** `probe` seeing the inner sampler's latent events in the target's space: points through the
 * flow, momenta through its Jacobian. */
function pushedProbe(probe: TransitionProbe, flow: Float64Array, shape: FlowShape): TransitionProbe {
  const tape = newTape(shape);
  const f = (z: Float64Array) => {
    const x = new Float64Array(shape.d);
    flowForward(flow, shape, z, x, tape);
    return x;
  };
  const push = (z: Float64Array, v: Float64Array) => {
    const x = f(z);
    const ahead = f(z.map((zi, i) => zi + PUSH_STEP * v[i]));
    return ahead.map((a, i) => (a - x[i]) / PUSH_STEP);
  };
  return (e) => probe(mapEvent(e, f, push));
}

/** x → z, one inner transition in z, z → x. */
function neutraStep<P extends ParamSchema>(
  inner: SamplerDecl, s: CpuChainState, ctx: CpuStepContext<P>,
): TransitionInfo {
  const p = ctx.params as ParamValues & Parameters<typeof flowShapeOf>[0];
  const shape = flowShapeOf(p, s.x.length);
  const flow = ctx.tuning.flow!;
  const latent = latentFor(shape);
  const pulled = pulledBackTarget(ctx.target, flow, shape, latent);
  const z = latent.state;
  flowInverse(flow, shape, s.x, z.x, latent.tape);
  z.logp = pulled.gradLogDensity(z.x, z.g);
  const probe = ctx.probe && pushedProbe(ctx.probe, flow, shape);
  const info = inner.cpuStep(z, { ...ctx, target: pulled, probe } as CpuStepContext<ParamSchema>);
  if (info.accepted) {
    flowForward(flow, shape, z.x, s.x, latent.tape);
    s.logp = ctx.target.gradLogDensity(s.x, s.g);
  }
  info.gradEvals += 1;
  return info;
}

/** NeuTra around `inner`: its parameters less the metric adaptation (the flow is the metric),
 * plus the flow's; only the step size adapts. */
function neutra<P extends ParamSchema>(
  inner: SamplerDecl, id: string, name: string, description: string, params: P, step: string,
): SamplerDecl<P & typeof FLOW_PARAMS> {
  return {
    id, name, family: 'flow', description,
    params: { ...params, ...FLOW_PARAMS },
    wgsl: flowWgsl + flowParamsWgsl + pulledBack(inner) + neutraWgsl,
    usesGradient: true,
    reports: inner.reports,
    adapt: { step, metric: 'none' },
    flow: flowShapeOf,
    // An identity flow, no training: the inner sampler in x itself (tests/statistical/neutra.test.ts
    // runs trained flows). Five transitions: the inner kernel has the full grid on its own, and
    // the float64 flow passes make each transition ~20× dearer than the inner sampler's.
    testing: {
      caseFor: (t, d) => {
        const p = { ...inner.testing.caseFor(t, d).params, flowLayers: 2, flowWidth: 4, flowDepth: 1 };
        return { params: p, tuning: { flow: affineFlowParams(flowShapeOf(p, d), 0, 0) }, steps: 5, minAccept: 0.05 };
      },
    },
    cpuStep: (s, ctx) => neutraStep(inner, s, ctx),
  };
}

const { adaptMetric: _m, adaptLength: _l, ...hmcInLatent } = hmcParams;
export const neutraHmc = neutra(hmc, 'neutra-hmc', 'NeuTra HMC',
  'HMC in the latent space of a flow trained on the target, where the target looks like a standard normal.', hmcInLatent, 'eps');

const { adaptMetric: _mm, ...malaInLatent } = mala.params;
export const neutraMala = neutra(mala, 'neutra-mala', 'NeuTra MALA',
  'MALA in the latent space of a flow trained on the target.', malaInLatent, 'h');
