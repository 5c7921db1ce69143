import { RngStream, seedKey, HOST_ITERATION } from '../rng/stream';
import { HostRandom } from '../rng/host-random';
import type { ParamValues } from '../engine/params';
import type { Snapshot } from '../engine/types';
import { flowForward, initialFlowParams, newTape, type FlowShape } from './realnvp';
import { FlowTraining, type AdamSettings, type FlowTrainer, type TrainingPoint } from './training';

/** Flow draws the page shows while the flow trains. */
export const SHOWN_FLOW_SAMPLES = 2048;

/** The training batches draw from their own Philox key, so the flow the chains then use does
 * not depend on the numbers the chains draw. */
const TRAINING_SEED_SALT = 0x9e3779b9;

/** The seed of the training stream of a run seeded `seed`. */
export const trainingSeed = (seed: number) => (seed ^ TRAINING_SEED_SALT) >>> 0;

/** Adam with the usual moments; the learning rate is the sampler's `lr`. */
export const adamOf = (params: ParamValues): AdamSettings => ({ lr: params.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });

/** A run's untrained flow: random hidden weights, zero output layers (the identity map). */
export function untrainedFlow(shape: FlowShape, seed: number): Float64Array {
  const rng = new HostRandom(seed, 0, 'flowInit');
  return initialFlowParams(shape, () => rng.normal());
}

/** What one round of training reports. */
export interface FlowRound {
  /** The batch's estimates after the round (absent when training stopped). */
  readonly point?: TrainingPoint;
  /** Why training stopped, once it has (the last good flow is kept). */
  readonly stopped?: string;
  /** Draws from the flow in force, coordinates 0 and 1 (or 0), coordinate-major [k · shown + b];
   * the same base draws every round, so the cloud moves as the flow learns. */
  readonly samples: Float64Array;
  readonly shown: number;
}

/** A round's draws as the particle view takes them (`samples` hold coordinates 0 and 1, or 0). */
export const shownDraws = (round: FlowRound, d: number): Pick<Snapshot, 'positions' | 'shownChains' | 'coords'> =>
  ({ positions: round.samples, shownChains: round.shown, coords: d >= 2 ? [0, 1] : [0] });

/** `n` draws from the flow: coordinates 0 and 1 (just 0 in 1-D), coordinate-major. */
export function flowSamples(params: Float64Array, shape: FlowShape, n: number, seed: number): Float64Array {
  const coords = Math.min(shape.d, 2);
  const out = new Float64Array(coords * n);
  const z = new Float64Array(shape.d);
  const x = new Float64Array(shape.d);
  const normals = new Float64Array(4);
  const tape = newTape(shape);
  const rng = new RngStream(seedKey(seed), 0, HOST_ITERATION.flowShown);
  for (let b = 0; b < n; b++) {
    rng.reset(b, HOST_ITERATION.flowShown);
    for (let i = 0; i < shape.d; i += 4) {
      rng.normal4(normals);
      for (let j = 0; j < 4 && i + j < shape.d; j++) z[i + j] = normals[j];
    }
    flowForward(params, shape, z, x, tape);
    for (let k = 0; k < coords; k++) out[k * n + b] = x[k];
  }
  return out;
}

/**
 * An engine's flow for one run: the trainer (GPU or CPU) under a FlowTraining watch. Each round
 * trains, checks, and hands back the estimates and draws to show; the engine gives `params` (the
 * last good ones) to its chains.
 */
export class FlowRun {
  private readonly training: FlowTraining;

  constructor(private readonly trainer: FlowTrainer, readonly shape: FlowShape, private readonly seed: number, initial: Float64Array) {
    this.training = new FlowTraining(trainer, initial);
  }

  get params(): Float64Array {
    return this.training.params;
  }

  async round(iterations: number): Promise<FlowRound> {
    const point = await this.training.round(iterations);
    return {
      point, stopped: this.training.stopped,
      samples: flowSamples(this.training.params, this.shape, SHOWN_FLOW_SAMPLES, this.seed), shown: SHOWN_FLOW_SAMPLES,
    };
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
