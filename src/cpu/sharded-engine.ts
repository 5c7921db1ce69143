import type {
  ChainReports, EngineEvent, RecordSpec, ResolvedConfig, RunConfig, SamplingEngine, Snapshot, SnapshotRequest, Tuning,
} from '../engine/types';
import type { FlowRound } from '../flows/flow-run';
import { type ChainRange, type ChainStates, type CpuShard, mergeShards } from './shard';

/**
 * The CPU reference over several shards, each holding a contiguous block of the chains (in the
 * page, one Web Worker per core): they run their blocks at once, and their snapshots merge into
 * the run's. A chain's random numbers depend on its index in the run, not on its shard, so any
 * number of shards runs the same chains as one CpuEngine. Interacting particles (SVGD) need
 * every particle at each step: they run in the first shard alone. Calls reach every shard in the
 * order they were made, a restart whose donors sit in other shards included (it reads their
 * states first; the calls after it wait for it).
 */
export class ShardedEngine implements SamplingEngine {
  readonly kind = 'cpu' as const;
  readonly description: string;
  /** The shards holding the current run's chains, in chain order, and their blocks. */
  private active: { readonly shard: CpuShard; readonly range: ChainRange }[] = [];
  private chains = 0;
  /** Every call is chained on this, so that a restart's read-then-write stays in order. */
  private order: Promise<unknown> = Promise.resolve();

  constructor(private readonly shards: readonly CpuShard[]) {
    if (shards.length === 0) throw new Error('ShardedEngine needs at least one shard');
    const base = shards[0].description;
    this.description = shards.length === 1 ? base : base.replace(/\)$/, `, ${shards.length} workers)`);
  }

  /** The next call, after every earlier one has reached its shards. */
  private then<T>(call: () => T | Promise<T>): Promise<T> {
    const result = this.order.then(call);
    this.order = result.catch(() => {});
    return result;
  }

  /** A call that returns nothing: its failure surfaces on the next awaited call, as on a worker. */
  private post(call: () => void | Promise<void>): void {
    this.then(call).catch((e: Error) => console.error(e));
  }

  configure(config: RunConfig): Promise<ResolvedConfig> {
    return this.then(async () => {
      // Every shard validates alike, so a bad config is refused by all and the run goes on.
      const configured = await Promise.all(this.shards.map((shard, index) => shard.configureShard(config, { index, of: this.shards.length })));
      this.active = configured.flatMap(({ range }, k) => (range.count > 0 ? [{ shard: this.shards[k], range }] : []));
      this.chains = configured[0].config.chains;
      return configured[0].config;
    });
  }

  run(iterations: number): void {
    this.post(() => {
      for (const { shard } of this.active) shard.run(iterations);
    });
  }

  settled(): Promise<void> {
    return this.then(() => Promise.all(this.active.map(({ shard }) => shard.settled()))).then(() => undefined);
  }

  snapshot(request?: SnapshotRequest): Promise<Snapshot> {
    return this.then(async () => mergeShards(await Promise.all(this.active.map(({ shard }) => shard.shardSnapshot(request)))));
  }

  trainFlow(iterations: number): Promise<FlowRound> {
    // Training is seeded by the run alone: every shard trains the same flow, its chains use it.
    return this.then(async () => (await Promise.all(this.active.map(({ shard }) => shard.trainFlow(iterations))))[0]);
  }

  tune(tuning: Tuning): void {
    this.post(() => {
      for (const { shard } of this.active) shard.tune(tuning);
    });
  }

  record(spec: RecordSpec | null): void {
    this.post(() => {
      for (const { shard } of this.active) shard.record(spec);
    });
  }

  restartChains(donors: Uint32Array): void {
    this.post(async () => {
      const owner = (g: number) => this.active.findIndex(({ range }) => g >= range.first && g < range.first + range.count);
      // The donors each shard holds that a chain of another shard takes over.
      const wanted = this.active.map(() => new Set<number>());
      for (let g = 0; g < this.chains; g++) {
        const from = donors[g];
        if (from !== g && owner(from) !== owner(g)) wanted[owner(from)].add(from);
      }
      const read = await Promise.all(this.active.map(({ shard }, k) => (wanted[k].size ? shard.readChainStates([...wanted[k]]) : null)));
      const foreign = joinStates(read.filter((s): s is ChainStates => s !== null));
      for (const { shard } of this.active) shard.restartChains(donors, foreign);
    });
  }

  resetStats(): void {
    this.post(() => {
      for (const { shard } of this.active) shard.resetStats();
    });
  }

  readChainReports(): Promise<ChainReports> {
    return this.then(async () => {
      const parts = await Promise.all(this.active.map(({ shard }) => shard.readChainReports()));
      const join = (pick: (r: ChainReports) => Record<string, Float64Array>) =>
        Object.fromEntries(Object.keys(pick(parts[0])).map((k) => [k, concat(parts.map((r) => pick(r)[k]))]));
      return { counters: join((r) => r.counters), stats: join((r) => r.stats) } as unknown as ChainReports;
    });
  }

  readPositions(): Promise<Float64Array> {
    return this.then(async () => {
      const parts = await Promise.all(this.active.map(({ shard }) => shard.readPositions()));
      const d = parts[0].length / this.active[0].range.count;
      const out = new Float64Array(d * this.chains);
      this.active.forEach(({ range }, k) => {
        for (let i = 0; i < d; i++) out.set(parts[k].subarray(i * range.count, (i + 1) * range.count), i * this.chains + range.first);
      });
      return out;
    });
  }

  /** The CPU engine loses no device: it has no events. */
  on(_listener: (e: EngineEvent) => void): () => void {
    return () => {};
  }

  dispose(): void {
    for (const shard of this.shards) shard.dispose();
    this.active = [];
  }
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** One ChainStates from several (the same layout per chain). */
function joinStates(states: readonly ChainStates[]): ChainStates | undefined {
  if (states.length === 0) return undefined;
  return { chains: states.flatMap((s) => s.chains), values: concat(states.map((s) => s.values)) };
}
