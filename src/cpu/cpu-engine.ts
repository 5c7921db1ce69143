import { resolveConfig, type Resolved } from '../engine/config';
import { initialPositions } from '../engine/init-state';
import { publicConfig } from '../engine/public-config';
import {
  chainReports, COUNTER_NAMES, STAT_NAMES, STAT_RESET, STAT_SOURCES, STAT_SUMS, SUM_COLUMNS, snapshotCoords, validateIterations,
} from '../engine/snapshot';
import { applyTuning, initialAux, initialTuning } from '../engine/tuning';
import { EngineError } from '../engine/errors';
import type { ParamSchema, ParamValues } from '../engine/params';
import type {
  ChainReports, RecordSpec, ResolvedConfig, RunConfig, SamplingEngine, Snapshot, SnapshotRequest, Tuning,
} from '../engine/types';
import { RngStream, seedKey } from '../rng/stream';
import {
  interactionPassDue, type CpuChainState, type CpuScratch, type InteractionDecl, type TuningState,
} from '../samplers/types';
import { adamOf, FlowRun, trainingSeed, type FlowRound } from '../flows/flow-run';
import { CpuFlowTrainer } from '../flows/training';
import { recordLayout } from '../engine/recording';
import { CpuRecorder } from './recorder';
import { type ChainRange, type ChainShare, type ChainStates, chainsOf, type CpuShard, held, mergeShards, type ShardSnapshot } from './shard';
import { prepareTarget } from '../targets/custom';
import { copy, type ProbeEvent, type TransitionProbe } from '../samplers/probe';

/** The columns of `range`'s chains in `values`, laid out [k * chains + c] for k < groups. */
function block(values: Float64Array, chains: number, range: ChainRange, groups: number): Float64Array {
  if (range.count === chains) return Float64Array.from(values);
  const out = new Float64Array(groups * range.count);
  for (let k = 0; k < groups; k++) out.set(values.subarray(k * chains + range.first, k * chains + range.first + range.count), k * range.count);
  return out;
}

/** Receives the probed chains' events (explain mode), with the chain they come from. */
export type ChainProbe = (e: ProbeEvent, chain: number) => void;

interface CpuRun {
  readonly config: Resolved;
  /** The chains this engine holds (all of the run's unless it is one shard of several): below,
   * "chains" are these, indexed from 0, and chain c is chain range.first + c of the run. */
  readonly range: ChainRange;
  /** Coordinate-major, as on the GPU. */
  readonly pos: Float64Array;
  readonly grad: Float64Array;
  readonly logp: Float64Array;
  /** [counters][chains], in COUNTER_NAMES order. */
  readonly counters: Float64Array;
  /** [stats][chains], in STAT_NAMES order. */
  readonly stats: Float64Array;
  /** Chain-major ([c][k·d + i]), so a transition gets its chain's vectors as one view. */
  readonly aux: Float64Array;
  params: ParamValues;
  tuning: TuningState;
  iteration: number;
  statsIterations: number;
  /** Flow samplers: the flow's training. */
  readonly flow?: FlowRun;
  /** Interacting samplers: the interaction's persistent floats (WGSL `interaction_state`). */
  readonly interactionState: Float64Array;
  /** Whether an interaction pass has run (the first transition runs every pass). */
  interactionPrimed: boolean;
  recorder: CpuRecorder | null;
}

/**
 * The CPU reference engine: the same transitions as the WGSL kernels, in float64, consuming the
 * same Philox integers. It is the test oracle and the fallback where WebGPU is missing, where
 * ShardedEngine runs one in each of several workers, each holding a block of the chains.
 */
export class CpuEngine implements SamplingEngine, CpuShard {
  readonly kind = 'cpu' as const;
  readonly description = 'CPU reference (float64)';
  private state?: CpuRun;
  private probed: { readonly chain: number | 'all'; readonly sink: ChainProbe } | null = null;

  /** Explain mode: from the next `run` on, `sink` receives the events of `chain`'s transitions
   * (or every chain's), each transition's ending with a 'result'; null detaches it. The chains
   * compute exactly what they compute unprobed. */
  probe(chain: number | 'all', sink: ChainProbe | null): void {
    this.probed = sink && { chain, sink };
  }

  private probeOf(c: number): TransitionProbe | undefined {
    const p = this.probed;
    if (!p || (p.chain !== 'all' && p.chain !== c)) return undefined;
    return (e) => p.sink(e, c);
  }

  async configure(config: RunConfig): Promise<ResolvedConfig> {
    return (await this.configureShard(config, { index: 0, of: 1 })).config;
  }

  /** Configures the block of the run's chains that `share` holds (chainsOf). */
  async configureShard(config: RunConfig, share: ChainShare): Promise<{ config: ResolvedConfig; range: ChainRange }> {
    await prepareTarget(config);
    const r = resolveConfig(config);
    const { d, auxVectors } = r;
    const range = chainsOf(r.chains, share, r.samplerDecl.interaction !== undefined);
    const chains = range.count;
    const pos = block(initialPositions(r.targetDecl, d, r.chains, r.seed, r.init), r.chains, range, d);
    const grad = new Float64Array(d * chains);
    const logp = new Float64Array(chains);
    const x = new Float64Array(d);
    const g = new Float64Array(d);
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < d; i++) x[i] = pos[i * chains + c];
      logp[c] = r.targetDecl.gradLogDensity(x, g);
      for (let i = 0; i < d; i++) grad[i * chains + c] = g[i];
    }
    const auxCoordMajor = block(initialAux(r), r.chains, range, auxVectors * d);
    const per = auxVectors * d;
    const aux = new Float64Array(per * chains);
    for (let c = 0; c < chains; c++) for (let j = 0; j < per; j++) aux[c * per + j] = auxCoordMajor[j * chains + c];
    const tuning = initialTuning(r);
    const shape = r.samplerDecl.flow?.(r.params, d);
    const flow = shape && tuning.flow
      ? new FlowRun(new CpuFlowTrainer(r.targetDecl, shape, r.params.trainBatch, trainingSeed(r.seed), tuning.flow, adamOf(r.params)),
        shape, r.seed, tuning.flow)
      : undefined;
    this.state = {
      config: r, range, pos, grad, logp, aux, flow,
      interactionState: new Float64Array(r.samplerDecl.interaction?.stateFloats ?? 0),
      interactionPrimed: false,
      recorder: null,
      counters: new Float64Array(COUNTER_NAMES.length * chains),
      stats: new Float64Array(STAT_NAMES.length * chains),
      params: r.params,
      tuning,
      iteration: 0,
      statsIterations: 0,
    };
    return { config: publicConfig(r), range };
  }

  /** `run` is synchronous: nothing is ever pending. */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  run(iterations: number): void {
    validateIterations(iterations);
    const s = this.state;
    if (!s || iterations === 0) return;
    const interaction = s.config.samplerDecl.interaction;
    if (interaction) {
      // Interacting particles: each transition follows a pass over all of them.
      for (let t = 0; t < iterations; t++) {
        this.interact(s, interaction, s.iteration + t);
        this.transitions(s, s.iteration + t, 1);
      }
    } else {
      this.transitions(s, s.iteration, iterations);
    }
    s.iteration += iterations;
    s.statsIterations += iterations;
  }

  /** The passes of `interaction` due before transition `iteration` (InteractionPass.every). */
  private interact(s: CpuRun, interaction: InteractionDecl<ParamSchema>, iteration: number): void {
    const { targetDecl: target, d, auxVectors } = s.config;
    const chains = s.range.count;
    const ctx = {
      target, params: s.params, chains, d, pos: s.pos, grad: s.grad, aux: s.aux, auxStride: auxVectors * d,
      state: s.interactionState, iteration,
    };
    for (const pass of interaction.passes) {
      if (interactionPassDue(pass, s.params, iteration, !s.interactionPrimed)) pass.cpu(ctx);
    }
    s.interactionPrimed = true;
  }

  /** `iterations` transitions of every chain, the first of them transition `start` of the run. */
  private transitions(s: CpuRun, start: number, iterations: number): void {
    const { d, auxVectors, targetDecl: target, samplerDecl: sampler } = s.config;
    const { first, count: chains } = s.range;
    const state: CpuChainState = { x: new Float64Array(d), g: new Float64Array(d), logp: 0 };
    const scratch: CpuScratch = {
      a: new Float64Array(d), b: new Float64Array(d), c: new Float64Array(d), four: new Float64Array(4),
    };
    const rng = new RngStream(seedKey(s.config.seed), 0, 0);
    const per = auxVectors * d;
    const recorder = s.recorder;
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < d; i++) {
        state.x[i] = s.pos[i * chains + c];
        state.g[i] = s.grad[i * chains + c];
      }
      state.logp = s.logp[c];
      const aux = s.aux.subarray(c * per, (c + 1) * per);
      const probe = this.probeOf(c);
      for (let t = 0; t < iterations; t++) {
        const iteration = (start + t) >>> 0;
        rng.reset(first + c, iteration);
        const info = sampler.cpuStep(state, { target, params: s.params, rng, scratch, aux, tuning: s.tuning, iteration, probe });
        probe?.({ kind: 'result', info, x: copy(state.x), logp: state.logp });
        // Plain loops: this runs once per chain per transition.
        for (let j = 0; j < COUNTER_NAMES.length; j++) s.counters[j * chains + c] += info[COUNTER_NAMES[j]];
        for (let j = 0; j < STAT_NAMES.length; j++) {
          const v = info[STAT_SOURCES[j]];
          const k = j * chains + c;
          s.stats[k] = j < STAT_SUMS ? s.stats[k] + v : j < STAT_RESET ? Math.max(s.stats[k], v) : v;
        }
        if (recorder && iteration >= recorder.start) recorder.add(c, iteration, state.x, info.energy);
      }
      for (let i = 0; i < d; i++) {
        s.pos[i * chains + c] = state.x[i];
        s.grad[i * chains + c] = state.g[i];
      }
      s.logp[c] = state.logp;
    }
  }

  async trainFlow(iterations: number): Promise<FlowRound> {
    validateIterations(iterations);
    const s = this.requireState();
    if (!s.flow) throw new EngineError(`${s.config.samplerDecl.name} has no flow to train`);
    const round = await s.flow.round(iterations);
    this.tune({ flow: s.flow.params });
    return round;
  }

  tune(update: Tuning): void {
    const s = this.state;
    if (!s) return;
    const next = applyTuning(s.config, s, update);
    s.params = next.params;
    s.tuning = next.tuning;
  }

  record(spec: RecordSpec | null): void {
    const s = this.state;
    if (!s) return;
    const { d, chains } = s.config;
    s.recorder = spec && new CpuRecorder(recordLayout(spec, d, chains), d, s.range, chains, s.iteration);
  }

  /** `donors` over the whole run; `foreign` holds the states of donors held elsewhere (other
   * shards: ShardedEngine reads them first with readChainStates). */
  restartChains(donors: Uint32Array, foreign?: ChainStates): void {
    const s = this.state;
    if (!s) return;
    const { d } = s.config;
    const { first, count: chains } = s.range;
    const per = s.config.auxVectors * d;
    const stride = 2 * d + 1 + per;
    const elsewhere = new Map(foreign?.chains.map((g, k) => [g, k]));
    for (let c = 0; c < chains; c++) {
      const from = donors[first + c] - first;
      if (from === c) continue;
      if (from >= 0 && from < chains) {
        for (let i = 0; i < d; i++) {
          s.pos[i * chains + c] = s.pos[i * chains + from];
          s.grad[i * chains + c] = s.grad[i * chains + from];
        }
        s.logp[c] = s.logp[from];
        s.aux.copyWithin(c * per, from * per, (from + 1) * per);
        continue;
      }
      const k = elsewhere.get(from + first);
      if (k === undefined) throw new EngineError(`Chain ${first + c}'s donor ${from + first} is neither held here nor given`);
      const v = foreign!.values.subarray(k * stride, (k + 1) * stride);
      for (let i = 0; i < d; i++) {
        s.pos[i * chains + c] = v[i];
        s.grad[i * chains + c] = v[d + i];
      }
      s.logp[c] = v[2 * d];
      s.aux.set(v.subarray(2 * d + 1), c * per);
    }
  }

  /** The whole states of `chains` (of the run; each must be held here), as restartChains takes
   * them. */
  async readChainStates(chains: readonly number[]): Promise<ChainStates> {
    const s = this.requireState();
    const { d } = s.config;
    const { first, count } = s.range;
    const per = s.config.auxVectors * d;
    const stride = 2 * d + 1 + per;
    const values = new Float64Array(chains.length * stride);
    chains.forEach((g, k) => {
      const c = g - first;
      if (c < 0 || c >= count) throw new EngineError(`Chain ${g} is not held here`);
      const v = values.subarray(k * stride, (k + 1) * stride);
      for (let i = 0; i < d; i++) {
        v[i] = s.pos[i * count + c];
        v[d + i] = s.grad[i * count + c];
      }
      v[2 * d] = s.logp[c];
      v.set(s.aux.subarray(c * per, (c + 1) * per), 2 * d + 1);
    });
    return { chains: [...chains], values };
  }

  resetStats(): void {
    const s = this.state;
    if (!s) return;
    s.stats.fill(0, 0, STAT_RESET * s.range.count);
    s.statsIterations = 0;
  }

  async readChainReports(): Promise<ChainReports> {
    const s = this.requireState();
    const n = s.range.count;
    return chainReports((j) => s.counters.subarray(j * n, (j + 1) * n), (j) => s.stats.subarray(j * n, (j + 1) * n));
  }

  async snapshot(request: SnapshotRequest = {}): Promise<Snapshot> {
    return mergeShards([await this.shardSnapshot(request)]);
  }

  /** This engine's part of the snapshot (all of it unless it is one shard of several). */
  async shardSnapshot(request: SnapshotRequest = {}): Promise<ShardSnapshot> {
    const s = this.requireState();
    const { d } = s.config;
    const { count: chains } = s.range;
    const shownChains = Math.min(s.config.chains, request.shownChains ?? 4096);
    const shown = held(s.range, shownChains);
    const coords = snapshotCoords(request.coords, d);
    const sums = new Float64Array(2 * SUM_COLUMNS);
    const columns = [...COUNTER_NAMES.map((_, j) => s.counters.subarray(j * chains, (j + 1) * chains)),
      ...STAT_NAMES.map((_, j) => s.stats.subarray(j * chains, (j + 1) * chains))];
    columns.forEach((column, j) => {
      let sum = 0;
      let max = -Infinity;
      for (let c = 0; c < chains; c++) {
        sum += column[c];
        max = Math.max(max, column[c]);
      }
      sums[2 * j] = sum;
      sums[2 * j + 1] = max;
    });
    const moments = new Float64Array(2 * d);
    for (let i = 0; i < d; i++) {
      let mean = 0;
      let m2 = 0;
      for (let c = 0; c < chains; c++) {
        const v = s.pos[i * chains + c];
        const delta = v - mean;
        mean += delta / (c + 1);
        m2 += delta * (v - mean);
      }
      moments[2 * i] = mean;
      moments[2 * i + 1] = m2;
    }
    const positions = new Float64Array(coords.length * shown);
    coords.forEach((coord, k) => positions.set(s.pos.subarray(coord * chains, coord * chains + shown), k * shown));
    return {
      range: s.range, iteration: s.iteration, statsIterations: s.statsIterations, params: s.params,
      chains: s.config.chains, d, sums, moments, shownChains, coords, positions,
      ...(s.recorder ? { recording: s.recorder.read(s.iteration, request.traceSince, request.chainMoments && snapshotCoords(request.chainMoments, d)) } : {}),
    };
  }

  /** Interacting samplers: the interaction's persistent floats (SVGD: the bandwidth h) (tests). */
  async readInteractionState(): Promise<Float64Array> {
    const s = this.requireState();
    if (!s.config.samplerDecl.interaction) throw new EngineError(`${s.config.samplerDecl.name} has no interaction`);
    return Float64Array.from(s.interactionState);
  }

  /** Flow samplers: the parameters of the flow the chains use (src/flows/realnvp.ts). */
  async readFlow(): Promise<Float64Array> {
    const flow = this.requireState().tuning.flow;
    if (!flow) throw new EngineError(`${this.requireState().config.samplerDecl.name} has no flow`);
    return Float64Array.from(flow);
  }

  async readPositions(): Promise<Float64Array> {
    return Float64Array.from(this.requireState().pos);
  }

  on(): () => void {
    return () => {};
  }

  dispose(): void {
    this.state = undefined;
  }

  private requireState(): CpuRun {
    if (!this.state) throw new EngineError('The engine has no run: call configure first');
    return this.state;
  }
}
