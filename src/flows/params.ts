import type { ParamSpec } from '../engine/params';
import type { FlowShape } from './realnvp';

/** The flow's shape and its training, as every flow sampler declares them. The shape is read by
 * the kernels; the training parameters by the host that trains the flow before sampling. */
export const FLOW_PARAMS = {
  flowLayers: {
    label: 'Coupling layers', type: 'u32', default: 6, min: 1, max: 16,
    doc: 'Affine coupling layers of the RealNVP flow (alternating halves of the coordinates).',
  },
  flowWidth: {
    label: 'MLP width', type: 'u32', default: 16, min: 2, max: 64,
    doc: 'Hidden units per layer of each coupling layer’s MLP.',
  },
  flowDepth: {
    label: 'MLP depth', type: 'u32', default: 2, min: 1, max: 4,
    doc: 'Hidden layers of each coupling layer’s MLP.',
  },
  trainIterations: {
    label: 'Training iterations', type: 'u32', default: 1000, min: 0, max: 100000,
    doc: 'Adam steps on the reverse KL before sampling (0: sample with the flow as it is).',
  },
  // 512: on banana (SwiftShader, page) the flow IMH accepts 0.84 of its proposals after training
  // to the ELBO's plateau against 0.89 at 1,024, sampling after 21 s instead of 41.
  trainBatch: {
    label: 'Training batch', type: 'u32', default: 512, min: 16, max: 65536,
    doc: 'Base samples per training iteration (the reparameterised ELBO’s Monte Carlo size).',
  },
  lr: {
    label: 'Learning rate', type: 'f32', default: 0.005, min: 0, minExclusive: true, max: 1,
    doc: 'Adam’s step size for the flow’s parameters.',
  },
} as const satisfies Record<string, ParamSpec>;

/** A flow sampler's flow shape, from its parameters. */
export const flowShapeOf = (p: { flowLayers: number; flowWidth: number; flowDepth: number }, d: number): FlowShape =>
  ({ d, layers: p.flowLayers, width: p.flowWidth, depth: p.flowDepth });
