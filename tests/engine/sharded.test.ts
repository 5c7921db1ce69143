import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { chainsOf } from '../../src/cpu/shard';
import { ShardedEngine } from '../../src/cpu/sharded-engine';
import type { RecordSpec, RunConfig, SamplingEngine, Snapshot } from '../../src/engine/types';

/** An odd number of chains, so that the shards' blocks differ in size. */
const CHAINS = 37;

/** Donors from other blocks (3 shards of 37 hold 0–11, 12–23, 24–36) and from the same one. */
function donors(): Uint32Array {
  const d = Uint32Array.from({ length: CHAINS }, (_, c) => c);
  d[35] = 2;
  d[5] = 30;
  d[20] = 21;
  d[13] = 33;
  return d;
}

/** The same calls on `engine`: configure, record (traced chains across blocks), run, restart
 * across blocks, run; then what it reports. */
async function drive(engine: SamplingEngine, config: RunConfig, train = 0) {
  const resolved = await engine.configure(config);
  const d = resolved.d;
  if (train) await engine.trainFlow(train);
  const spec: RecordSpec = { traceChains: 20, window: 8, histogram: { coords: [0, 1], box: [-4, 4, -4, 8], bins: 12 } };
  engine.run(3);
  engine.record(spec);
  engine.run(4);
  engine.restartChains(donors());
  engine.run(6);
  const snapshot = await engine.snapshot({ shownChains: 30, coords: [d - 1, 0], traceSince: 0, chainMoments: [0, d - 1] });
  return { snapshot, reports: await engine.readChainReports(), positions: await engine.readPositions() };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 10);
};

/** Identical chains, so identical states and per-chain numbers; sums over chains may differ in
 * their last bits (another order of addition). */
function expectSame(a: Awaited<ReturnType<typeof drive>>, b: Awaited<ReturnType<typeof drive>>) {
  expect(a.positions).toEqual(b.positions);
  expect(a.reports).toEqual(b.reports);
  const [s, t]: Snapshot[] = [a.snapshot, b.snapshot];
  expect(s.positions).toEqual(t.positions);
  expect([s.iteration, s.chains, s.shownChains, s.coords]).toEqual([t.iteration, t.chains, t.shownChains, t.coords]);
  expect(s.totals).toEqual(t.totals);
  for (const k of Object.keys(s.stats) as (keyof Snapshot['stats'])[]) expect(s.stats[k]).toBeCloseTo(t.stats[k], 10);
  close(s.mean, t.mean);
  close(s.variance, t.variance);
  const [r, q] = [s.recording!, t.recording!];
  expect(r.hist1).toEqual(q.hist1);
  expect(r.hist2).toEqual(q.hist2);
  expect(r.trace).toEqual(q.trace);
  expect(r.chainMoments).toEqual(q.chainMoments);
  close(r.mean, q.mean);
  close(r.variance, q.variance);
}

const sharded = (n: number) => new ShardedEngine(Array.from({ length: n }, () => new CpuEngine()));

describe('ShardedEngine', () => {
  it('splits the chains into contiguous near-equal blocks, and gives interacting particles to one shard', () => {
    expect([0, 1, 2].map((index) => chainsOf(37, { index, of: 3 }, false))).toEqual([{ first: 0, count: 12 }, { first: 12, count: 12 }, { first: 24, count: 13 }]);
    expect([0, 1, 2].map((index) => chainsOf(2, { index, of: 3 }, false).count)).toEqual([0, 1, 1]);
    expect([0, 1].map((index) => chainsOf(64, { index, of: 2 }, true))).toEqual([{ first: 0, count: 64 }, { first: 0, count: 0 }]);
  });

  for (const config of [
    { target: 'banana', sampler: 'hmc', chains: CHAINS, seed: 3 },
    { target: 'gaussian-nd', d: 5, sampler: 'nuts', chains: CHAINS, seed: 4 },
    { target: 'mixture', sampler: 'slice', chains: CHAINS, seed: 5 },
    { target: 'correlated', sampler: 'mala', chains: CHAINS, seed: 6 },
  ] as RunConfig[]) {
    it(`over 1, 2 and 3 shards runs the same chains as one CpuEngine: ${config.sampler} on ${config.target}`, async () => {
      const one = await drive(new CpuEngine(), config);
      for (const n of [1, 2, 3]) expectSame(await drive(sharded(n), config), one);
    });
  }

  it('trains the same flow in every shard, so a flow sampler runs the same chains', async () => {
    const config = { target: 'banana', sampler: 'flow-imh', chains: CHAINS, seed: 7, params: { trainBatch: 64 } } as RunConfig;
    expectSame(await drive(sharded(3), config, 20), await drive(new CpuEngine(), config, 20));
  });

  it('runs interacting particles (SVGD) in one shard: the same particles as one CpuEngine', async () => {
    const config = { target: 'banana', sampler: 'svgd', chains: CHAINS, seed: 8 } as RunConfig;
    expectSame(await drive(sharded(2), config), await drive(new CpuEngine(), config));
  });

  it('refuses a bad config as one engine does, and the previous run goes on', async () => {
    const engine = sharded(2);
    await engine.configure({ target: 'banana', sampler: 'hmc', chains: CHAINS, seed: 1 });
    await expect(engine.configure({ target: 'banana', sampler: 'hmc', chains: -5, seed: 1 })).rejects.toThrow(/chains/i);
    engine.run(2);
    const s = await engine.snapshot();
    expect([s.iteration, s.chains]).toEqual([2, CHAINS]);
    expect(engine.description).toBe('CPU reference (float64, 2 workers)');
  });
});
