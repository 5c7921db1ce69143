import { HostRandom } from '../rng/host-random';
import { untrainedFlow } from '../flows/flow-run';
import type { TuningState } from '../samplers/types';
import { type ParamValues, validateParams } from './params';
import type { Resolved } from './config';
import type { Tuning } from './types';
import { EngineError } from './errors';

/** Before warm-up: unit inverse mass, centre at 0, identity dense factor, and all-zero flow
 * parameters (the identity map: the flow's base N(0, I) itself). */
export function defaultTuning(d: number, dense: boolean, flowFloats = 0): TuningState {
  const identity = dense ? new Float64Array(d * d) : undefined;
  if (identity) for (let i = 0; i < d; i++) identity[i * d + i] = 1;
  return {
    invMass: new Float64Array(d).fill(1), center: new Float64Array(d), dense: identity,
    flow: flowFloats > 0 ? new Float64Array(flowFloats) : undefined,
  };
}

/** The run's tuning before any is applied; a flow sampler's flow is the untrained one its
 * training starts from (also the identity map). */
export function initialTuning(config: Resolved): TuningState {
  const tuning = defaultTuning(config.d, config.samplerDecl.adapt?.metric === 'dense', config.flowFloats);
  const shape = config.samplerDecl.flow?.(config.params, config.d);
  return shape ? { ...tuning, flow: untrainedFlow(shape, config.seed) } : tuning;
}

/** The tuning buffer's contents, in the WGSL layout: inverse mass, centre, then a dense factor or
 * a flow's parameters. */
export function packTuning(t: TuningState): Float32Array<ArrayBuffer> {
  const d = t.invMass.length;
  const out = new Float32Array(2 * d + (t.dense?.length ?? 0) + (t.flow?.length ?? 0));
  out.set(t.invMass);
  out.set(t.center, d);
  if (t.dense) out.set(t.dense, 2 * d);
  if (t.flow) out.set(t.flow, 2 * d + (t.dense?.length ?? 0));
  return out;
}

/** `current` with `update` applied; throws EngineError on a wrong length, non-finite value or
 * parameter out of its range, leaving `current` as it was. */
export function applyTuning(
  config: Resolved, current: { params: ParamValues; tuning: TuningState }, update: Tuning,
): { params: ParamValues; tuning: TuningState } {
  const d = config.d;
  const vector = (name: string, v: Float64Array | undefined, length: number, positive: boolean) => {
    if (!v) return undefined;
    if (v.length !== length) throw new EngineError(`Tuning ${name} must hold ${length} values, got ${v.length}`);
    if (!v.every((x) => Number.isFinite(x) && (!positive || x > 0))) {
      throw new EngineError(`Tuning ${name} must be finite${positive ? ' and positive' : ''}`);
    }
    return Float64Array.from(v);
  };
  if (update.dense && !current.tuning.dense) throw new EngineError(`${config.samplerDecl.name} takes no dense factor`);
  if (update.flow && !current.tuning.flow) throw new EngineError(`${config.samplerDecl.name} takes no flow`);
  const params = update.params
    ? validateParams(config.samplerDecl.params, { ...current.params, ...update.params }, config.samplerDecl.name)
    : current.params;
  const flowOf = config.samplerDecl.flow;
  if (flowOf && JSON.stringify(flowOf(params, d)) !== JSON.stringify(flowOf(current.params, d))) {
    throw new EngineError('The flow\'s shape is compiled into the kernels: change it with configure, not tune');
  }
  return {
    params,
    tuning: {
      invMass: vector('inverse mass', update.invMass, d, true) ?? current.tuning.invMass,
      center: vector('centre', update.center, d, false) ?? current.tuning.center,
      dense: vector('dense factor', update.dense, d * d, false) ?? current.tuning.dense,
      flow: vector('flow parameters', update.flow, config.flowFloats, false) ?? current.tuning.flow,
    },
  };
}

/** Initial aux vectors, coordinate-major ([(k·d + i)·chains + c]): a standard normal momentum
 * in vector 0 where the sampler asks for one (from the chain's own host stream, so both engines
 * start alike), zeros elsewhere. */
export function initialAux(config: Resolved): Float64Array {
  const { d, chains, auxVectors, samplerDecl } = config;
  const out = new Float64Array(auxVectors * d * chains);
  if (samplerDecl.aux?.momentum && auxVectors > 0) {
    for (let c = 0; c < chains; c++) {
      const rng = new HostRandom(config.seed, c, 'momentum');
      for (let i = 0; i < d; i++) out[i * chains + c] = rng.normal();
    }
  }
  return out;
}
