import { chainMomentsOf } from '../engine/recording';
import { SUM_COLUMNS, snapshotFromColumns } from '../engine/snapshot';
import type {
  ChainReports, RecordSpec, Recording, ResolvedConfig, RunConfig, Snapshot, SnapshotRequest, Tuning,
} from '../engine/types';
import type { ParamValues } from '../engine/params';
import type { FlowRound } from '../flows/flow-run';

/** The chains [first, first + count) of a run. */
export interface ChainRange {
  readonly first: number;
  readonly count: number;
}

/** Shard `index` of `of`: which contiguous block of a run's chains it holds (chainsOf). */
export interface ChainShare {
  readonly index: number;
  readonly of: number;
}

/** How many of a run's first `n` chains `range` holds. */
export function held(range: ChainRange, n: number): number {
  return Math.max(0, Math.min(range.count, n - range.first));
}

/** The block of `chains` that `share` holds: near-equal contiguous blocks in shard order, or all
 * of them in shard 0 for interacting particles (each transition needs every particle). */
export function chainsOf(chains: number, share: ChainShare, interacting: boolean): ChainRange {
  if (interacting) return { first: 0, count: share.index === 0 ? chains : 0 };
  const first = Math.floor((chains * share.index) / share.of);
  return { first, count: Math.floor((chains * (share.index + 1)) / share.of) - first };
}

/** A range's part of a Recording (CpuRecorder.read): raw enough to merge with the others'. */
export interface RecordingPart {
  readonly spec: RecordSpec;
  readonly start: number;
  readonly draws: number;
  /** Per coordinate over the range's chains: the mean of their means, those means' M2, and the
   * sum of their own M2s. */
  readonly chainMean: Float64Array;
  readonly between: Float64Array;
  readonly within: Float64Array;
  readonly hist: Uint32Array;
  /** The traced chains the range holds: row r, chain c at [(r * chains + c) * (d + 1) + i]. */
  readonly trace: { readonly from: number; readonly rows: number; readonly chains: number; readonly values: Float64Array };
  /** Raw Welford rows of the range's chains among the run's moment chains. */
  readonly chainMoments?: { readonly coords: readonly number[]; readonly chains: number; readonly mean: Float64Array; readonly m2: Float64Array };
}

/** A range's part of a Snapshot (CpuEngine.shardSnapshot). */
export interface ShardSnapshot {
  readonly range: ChainRange;
  readonly iteration: number;
  readonly statsIterations: number;
  readonly params: ParamValues;
  /** The run's chains and dimension. */
  readonly chains: number;
  readonly d: number;
  /** Over the range's chains, per counter then stat: sum and maximum (2 · SUM_COLUMNS). */
  readonly sums: Float64Array;
  /** Per coordinate: the mean and M2 of the range's chains' positions. */
  readonly moments: Float64Array;
  /** The run's shown chains, and the positions of those the range holds, coordinate-major over
   * `coords`. */
  readonly shownChains: number;
  readonly coords: readonly number[];
  readonly positions: Float64Array;
  readonly recording?: RecordingPart;
}

/** Chains' whole states, for a restart whose donor is held by another shard. */
export interface ChainStates {
  readonly chains: readonly number[];
  /** Per chain: d positions, d gradients, the log-density, then its aux vectors. */
  readonly values: Float64Array;
}

/** A CPU engine holding one block of a run's chains: CpuEngine itself, or one in a Web Worker. */
export interface CpuShard {
  readonly description: string;
  configureShard(config: RunConfig, share: ChainShare): Promise<{ config: ResolvedConfig; range: ChainRange }>;
  run(iterations: number): void;
  settled(): Promise<void>;
  shardSnapshot(request?: SnapshotRequest): Promise<ShardSnapshot>;
  trainFlow(iterations: number): Promise<FlowRound>;
  tune(tuning: Tuning): void;
  record(spec: RecordSpec | null): void;
  readChainStates(chains: readonly number[]): Promise<ChainStates>;
  /** `donors` over the whole run; `foreign` holds the donors other shards hold. */
  restartChains(donors: Uint32Array, foreign?: ChainStates): void;
  resetStats(): void;
  readChainReports(): Promise<ChainReports>;
  readPositions(): Promise<Float64Array>;
  dispose(): void;
}

/** Chan et al.'s merge of (n, mean, M2) groups, in order: one group is returned as it is. */
function mergeMoments(groups: readonly { n: number; mean: number; m2: number }[]): { mean: number; m2: number } {
  let { n, mean, m2 } = groups[0];
  for (const g of groups.slice(1)) {
    if (g.n === 0) continue;
    const total = n + g.n;
    const delta = g.mean - mean;
    mean += (delta * g.n) / total;
    m2 += g.m2 + (delta * delta * n * g.n) / total;
    n = total;
  }
  return { mean, m2 };
}

/** Per coordinate i < d, merges the groups `at(part, i)` with the parts' chain counts. */
function mergeEach(parts: readonly ShardSnapshot[], d: number, at: (p: ShardSnapshot, i: number) => { mean: number; m2: number }) {
  return Array.from({ length: d }, (_, i) => mergeMoments(parts.map((p) => ({ n: p.range.count, ...at(p, i) }))));
}

/** Concatenates, for each of `groups` blocks, each part's block of `sizes[part]` values. */
function concatBlocks(blocks: readonly Float64Array[], sizes: readonly number[], groups: number): Float64Array {
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = new Float64Array(groups * total);
  let offset = 0;
  blocks.forEach((values, j) => {
    for (let g = 0; g < groups; g++) out.set(values.subarray(g * sizes[j], (g + 1) * sizes[j]), g * total + offset);
    offset += sizes[j];
  });
  return out;
}

function mergeRecording(parts: readonly ShardSnapshot[], d: number): Recording | undefined {
  const recs = parts.map((p) => p.recording);
  if (recs.some((r) => !r)) return undefined;
  const rs = recs as RecordingPart[];
  const { spec, start, draws } = rs[0];
  const chains = parts.reduce((a, p) => a + p.range.count, 0);
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  const n = chains * draws;
  mergeEach(parts, d, (p, i) => ({ mean: p.recording!.chainMean[i], m2: p.recording!.between[i] })).forEach((m, i) => {
    const within = rs.reduce((a, r) => a + r.within[i], 0);
    mean[i] = n > 0 ? m.mean : NaN;
    variance[i] = n > 1 ? (draws * m.m2 + within) / (n - 1) : NaN;
  });
  const hist = rs[0].hist.slice();
  for (const r of rs.slice(1)) for (let k = 0; k < hist.length; k++) hist[k] += r.hist[k];
  const { bins } = spec.histogram;
  const { from, rows } = rs[0].trace;
  const traced = rs.map((r) => r.trace.chains * (d + 1));
  const moments = rs[0].chainMoments;
  const momentSizes = rs.map((r) => r.chainMoments?.chains ?? 0);
  return {
    spec, start, draws, mean, variance,
    hist1: [hist.slice(0, bins), hist.slice(bins, 2 * bins)],
    hist2: hist.slice(2 * bins),
    trace: { from, rows, chains: rs.reduce((a, r) => a + r.trace.chains, 0), values: concatBlocks(rs.map((r) => r.trace.values), traced, rows) },
    ...(moments ? {
      chainMoments: chainMomentsOf(
        moments.coords, momentSizes.reduce((a, b) => a + b, 0), draws,
        concatBlocks(rs.map((r) => r.chainMoments!.mean), momentSizes, moments.coords.length),
        concatBlocks(rs.map((r) => r.chainMoments!.m2), momentSizes, moments.coords.length),
      ),
    } : {}),
  };
}

/** The run's Snapshot from its shards' parts, in chain order (a single part is the whole run). */
export function mergeShards(parts: readonly ShardSnapshot[]): Snapshot {
  const { iteration, statsIterations, params, chains, d, shownChains, coords } = parts[0];
  const columns = new Float64Array(2 * (SUM_COLUMNS + d));
  for (let j = 0; j < SUM_COLUMNS; j++) {
    columns[2 * j] = parts.reduce((a, p) => a + p.sums[2 * j], 0);
    columns[2 * j + 1] = Math.max(...parts.map((p) => p.sums[2 * j + 1]));
  }
  mergeEach(parts, d, (p, i) => ({ mean: p.moments[2 * i], m2: p.moments[2 * i + 1] })).forEach((m, i) => {
    columns[2 * (SUM_COLUMNS + i)] = m.mean;
    columns[2 * (SUM_COLUMNS + i) + 1] = m.m2;
  });
  const shownHere = parts.map((p) => held(p.range, shownChains));
  const recording = mergeRecording(parts, d);
  return snapshotFromColumns(columns, {
    iteration, statsIterations, params, chains, d, shownChains, coords,
    positions: concatBlocks(parts.map((p) => p.positions), shownHere, coords.length),
    ...(recording ? { recording } : {}),
  });
}
