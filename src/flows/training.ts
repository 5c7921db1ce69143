import { RngStream, seedKey } from '../rng/stream';
import type { TargetDecl } from '../targets/types';
import { flowBackward, flowForward, flowLayout, logBaseDensity, newTape, type FlowShape } from './realnvp';

export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/** Per particle of one batch: log|det ∂x/∂z|, log N(z), log p(x) and ℓ = log N(z) − log|det| −
 * log p(x) = log q(x) − log p(x); `valid` is 1 where ℓ and its gradient are finite (the others
 * are left out of the gradient). */
export interface ParticleLosses {
  readonly logDet: Float64Array;
  readonly logBase: Float64Array;
  readonly logP: Float64Array;
  readonly loss: Float64Array;
  readonly valid: Float64Array;
}

/** What a batch says about the flow as an importance sampler for p (unnormalised). */
export interface FlowEstimates {
  /** E_q[log p − log q] ≤ log Z. */
  readonly elbo: number;
  /** The batch mean's standard error. */
  readonly elboSe: number;
  /** log of the mean importance weight p/q: an estimate of log Z. */
  readonly logZ: number;
  /** Its delta-method standard error, sd(w) / (√n · mean w). */
  readonly logZSe: number;
  /** Kish's effective sample size of the weights as a fraction of n, (Σw)² / (n Σw²). */
  readonly essFraction: number;
  /** Particles whose loss was not finite (left out of the above). */
  readonly invalid: number;
}

export function flowEstimates(losses: ArrayLike<number>): FlowEstimates {
  const loss = Array.from(losses).filter(Number.isFinite);
  const n = loss.length;
  let max = -Infinity;
  let sumLoss = 0;
  let sumSq = 0;
  for (const l of loss) {
    max = Math.max(max, -l);
    sumLoss += l;
    sumSq += l * l;
  }
  let s1 = 0;
  let s2 = 0;
  for (const l of loss) {
    const w = Math.exp(-l - max);
    s1 += w;
    s2 += w * w;
  }
  const mean = s1 / n;
  const variance = Math.max(s2 / n - mean * mean, 0);
  return {
    elbo: -sumLoss / n,
    elboSe: Math.sqrt(Math.max(sumSq / n - (sumLoss / n) ** 2, 0) / n),
    logZ: max + Math.log(mean),
    logZSe: Math.sqrt(variance / n) / mean,
    essFraction: (s1 * s1) / (n * s2),
    invalid: losses.length - n,
  };
}

/** What the training controller drives: GpuFlowTrainer or CpuFlowTrainer. */
export interface FlowTrainer {
  readonly iterations: number;
  /** `n` Adam steps on the reverse KL. */
  train(n: number): void;
  /** The last iteration's particles. */
  readLosses(): Promise<ParticleLosses>;
  readParams(): Promise<Float64Array>;
  writeParams(params: Float64Array): void;
  dispose(): void;
}

/**
 * The float64 twin of GpuFlowTrainer: the same base draws (Philox: seed, particle, iteration),
 * the same loss, gradient and Adam step. The CPU engine's trainer, and the tests' oracle.
 */
export class CpuFlowTrainer implements FlowTrainer {
  readonly params: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private iteration = 0;
  private last?: ParticleLosses;

  constructor(
    private readonly target: TargetDecl, private readonly shape: FlowShape, private readonly batch: number,
    private readonly seed: number, params: Float64Array, private readonly adam: AdamSettings,
  ) {
    this.params = Float64Array.from(params);
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  get iterations(): number {
    return this.iteration;
  }

  train(n: number): void {
    for (let i = 0; i < n; i++) {
      const { grads } = this.gradient(this.iteration);
      const { lr, beta1, beta2, eps } = this.adam;
      const t = this.iteration + 1;
      for (let k = 0; k < grads.length; k++) {
        this.m[k] = beta1 * this.m[k] + (1 - beta1) * grads[k];
        this.v[k] = beta2 * this.v[k] + (1 - beta2) * grads[k] * grads[k];
        const mHat = this.m[k] / (1 - beta1 ** t);
        const vHat = this.v[k] / (1 - beta2 ** t);
        this.params[k] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
      this.iteration++;
    }
  }

  /** Batch-mean gradient of ℓ at base draws `iteration`, and every particle's loss terms. */
  gradient(iteration: number): { grads: Float64Array; losses: ParticleLosses } {
    const { d } = this.shape;
    const n = this.batch;
    const grads = new Float64Array(flowLayout(this.shape).size);
    const losses: ParticleLosses = {
      logDet: new Float64Array(n), logBase: new Float64Array(n), logP: new Float64Array(n), loss: new Float64Array(n),
      valid: new Float64Array(n),
    };
    const z = new Float64Array(d);
    const x = new Float64Array(d);
    const g = new Float64Array(d);
    const gz = new Float64Array(d);
    const four = new Float64Array(4);
    const tape = newTape(this.shape);
    const rng = new RngStream(seedKey(this.seed), 0, 0);
    for (let b = 0; b < n; b++) {
      rng.reset(b, iteration).normalsThenUniform(z, four);
      const logDet = flowForward(this.params, this.shape, z, x, tape);
      const logP = this.target.gradLogDensity(x, g);
      const logBase = logBaseDensity(z);
      losses.logDet[b] = logDet;
      losses.logBase[b] = logBase;
      losses.logP[b] = logP;
      losses.loss[b] = logBase - logDet - logP;
      if (!Number.isFinite(losses.loss[b]) || !g.every(Number.isFinite) || !tape.y.every(Number.isFinite)) continue;
      losses.valid[b] = 1;
      for (let i = 0; i < d; i++) g[i] = -g[i] / n;
      flowBackward(this.params, this.shape, tape, g, -1 / n, gz, grads);
    }
    this.last = losses;
    return { grads, losses };
  }

  async readLosses(): Promise<ParticleLosses> {
    return this.last ?? this.gradient(this.iteration).losses;
  }

  async readParams(): Promise<Float64Array> {
    return Float64Array.from(this.params);
  }

  writeParams(params: Float64Array): void {
    this.params.set(params);
  }

  dispose(): void {}
}

export interface TrainingPoint extends FlowEstimates {
  readonly iteration: number;
}

/**
 * Trains in rounds and watches: after each round it reads the batch's estimates (ELBO, log Z with
 * its SE, importance-weight ESS) into `history`, and keeps the last parameters that were finite
 * with a finite ELBO. When a round ends with neither (a diverging learning rate, a density that
 * overflows everywhere the flow goes), it puts those parameters back and stops with a reason.
 */
export class FlowTraining {
  readonly history: TrainingPoint[] = [];
  private good: Float64Array;
  private reason?: string;

  constructor(private readonly trainer: FlowTrainer, initial: Float64Array) {
    this.good = Float64Array.from(initial);
  }

  /** Why training stopped early, if it did. */
  get stopped(): string | undefined {
    return this.reason;
  }

  /** The last good parameters. */
  get params(): Float64Array {
    return this.good;
  }

  async round(iterations: number): Promise<TrainingPoint | undefined> {
    if (this.reason) return undefined;
    this.trainer.train(iterations);
    const [losses, params] = await Promise.all([this.trainer.readLosses(), this.trainer.readParams()]);
    const point = { iteration: this.trainer.iterations, ...flowEstimates(losses.loss) };
    if (!params.every(Number.isFinite) || !Number.isFinite(point.elbo)) {
      this.trainer.writeParams(this.good);
      this.reason = `Training stopped at iteration ${point.iteration}: the loss is not a number ` +
        `(${point.invalid} of ${losses.loss.length} particles non-finite) — the last good flow is kept; lower the learning rate`;
      return undefined;
    }
    this.good = params;
    this.history.push(point);
    return point;
  }
}
