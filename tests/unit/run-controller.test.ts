import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { runWarmup } from '../../src/engine/adaptation/warmup';
import { DeviceTimer, Pacer } from '../../src/engine/run/pacer';
import { type RunEvent, RunController } from '../../src/engine/run/run-controller';
import { totalOf } from '../../src/engine/run/spent';
import type { ResolvedConfig, SamplingEngine, Snapshot } from '../../src/engine/types';
import { DrawPacer } from '../../src/render/draw-pacer';

const HMC = { target: 'banana', sampler: 'hmc', chains: 64, seed: 3, params: { warmup: 200 } } as const;

describe('Pacer', () => {
  it('sizes the next piece to the target from the last piece\'s rate, growing at most 8× a piece', () => {
    const p = new Pacer(20, 1, 1000);
    expect(p.next()).toBe(1);
    p.observe(1, 0.1); // 10 units/ms: 200 wanted, 8 allowed
    expect(p.next()).toBe(8);
    p.observe(8, 0.8);
    expect(p.next()).toBe(64);
    p.observe(100, 10); // 10 units/ms
    expect(p.next()).toBe(200);
    p.observe(200, 400); // 0.5 units/ms
    expect(p.next()).toBe(10);
    p.observe(10, 1e6);
    expect(p.next()).toBe(1);
    p.observe(1000, 1);
    expect(p.next()).toBe(1000);
  });
});

describe('DeviceTimer', () => {
  it('counts a queued piece from when the one before it finished, an idle gap not at all', () => {
    const t = new DeviceTimer();
    expect(t.finished(0, 10)).toBe(10);
    expect(t.finished(2, 25)).toBe(15); // queued behind the first
    expect(t.finished(40, 45)).toBe(5); // the device was idle from 25 to 40
  });
});

describe('DrawPacer', () => {
  it('draws every frame when drawing costs nothing, and spaces draws to the share otherwise', () => {
    const free = new DrawPacer();
    expect([0, 16, 33, 50].map((t) => free.frame(t, 0, 0.5))).toEqual([true, true, true, true]);
    const dear = new DrawPacer();
    // 100 ms a draw at a share of 0.2: one draw per 400 ms of the rest.
    const drawn = Array.from({ length: 60 }, (_, k) => k * 16.7).filter((t) => dear.frame(t, 100, 0.2));
    expect(drawn.length).toBe(3);
    for (let k = 1; k < drawn.length; k++) expect(drawn[k] - drawn[k - 1]).toBeGreaterThanOrEqual(400);
  });
});

/** An engine whose device runs `speed` transitions a millisecond (real timers): what the
 * controller sees of a fast and a slow device. */
function simulatedEngine(speed: number): SamplingEngine & { transitions: number } {
  let busyUntil = performance.now();
  const engine = {
    transitions: 0,
    run(n: number) {
      engine.transitions += n;
      busyUntil = Math.max(busyUntil, performance.now()) + n / speed;
    },
    settled: () => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, busyUntil - performance.now()))),
  };
  return engine as unknown as SamplingEngine & { transitions: number };
}

const samplingConfig = { sampler: 'rwm', target: 'gaussian', d: 2, chains: 1, seed: 1, params: { burnin: 0 }, stepsPerDispatch: 1 } as unknown as ResolvedConfig;

describe('RunController', () => {
  it('takes HMC through warm-up to sampling with the tuning runWarmup gives, paying every evaluation', async () => {
    const engine = new CpuEngine();
    const config = await engine.configure(HMC);
    const c = new RunController(engine, config, { turnMs: 5, pieceMs: 5, inFlight: 2 });
    const events: RunEvent[] = [];
    c.on((e) => events.push(e));
    expect(c.phase).toMatchObject({ kind: 'warmup', iteration: 0, total: 200, adapting: true });
    let turns = 0;
    let last: Snapshot | null = null;
    while (!c.sampling) {
      last = (await c.turn()) ?? last;
      turns++;
    }
    // Turns of about 5 ms: several, and each one at least a whole schedule round.
    expect(turns).toBeGreaterThan(1);
    expect(last!.iteration).toBe(200);
    expect(events.filter((e) => e.type === 'phase')).toEqual([{ type: 'phase', phase: { kind: 'sampling' } }]);
    expect(events.filter((e) => e.type === 'warmed').length).toBeGreaterThanOrEqual(turns);
    expect(c.spent.evaluations.warmup).toBe(last!.totals.gradEvals + last!.totals.densityEvals);
    expect(c.spent.ms.warmup).toBeGreaterThan(0);

    // The same warm-up driven round by round: the same tuning, however the turns fell.
    const twin = new CpuEngine();
    const twinConfig = await twin.configure(HMC);
    await runWarmup(twin, twinConfig, 3);
    expect((await engine.snapshot()).params).toEqual((await twin.snapshot()).params);
    expect(await engine.readPositions()).toEqual(await twin.readPositions());

    // Sampling pieces are queued, never waited on; their device time is paid to sampling.
    expect(await c.turn()).toBeNull();
    const queued = c.pump();
    expect(queued).toBeGreaterThan(0);
    expect(c.inFlight).toBe(2);
    await engine.settled();
    await new Promise((r) => setTimeout(r, 0));
    expect(c.inFlight).toBe(0);
    expect((await c.snapshot()).iteration).toBe(200 + queued);
    expect(events.filter((e) => e.type === 'sampled').map((e) => e.type === 'sampled' && e.transitions).reduce((a, b) => Number(a) + Number(b), 0)).toBe(queued);
    expect(c.spent.evaluations.sampling).toBeGreaterThan(0);
    c.dispose();
    engine.dispose();
    twin.dispose();
  });

  it('trains a flow sampler\'s flow, then burns in, then samples', async () => {
    const engine = new CpuEngine();
    const config = await engine.configure({
      target: 'gaussian', sampler: 'flow-imh', chains: 16, seed: 2, params: { trainIterations: 30, trainBatch: 32, burnin: 50 },
    });
    const c = new RunController(engine, config, { turnMs: 1, pieceMs: 1, inFlight: 1 });
    const kinds: string[] = [];
    let trained = 0;
    c.on((e) => {
      if (e.type === 'trained') trained = e.done;
      if (e.type === 'phase') kinds.push(e.phase.kind);
    });
    expect(c.phase).toEqual({ kind: 'training', iteration: 0, total: 30 });
    while (!c.sampling) await c.turn();
    expect(trained).toBe(30);
    expect(kinds).toEqual(['warmup', 'sampling']);
    expect(c.spent.evaluations.training).toBe(30 * 32);
    c.dispose();
    engine.dispose();
  });

  it('stops a turn when its limits say so: an evaluations budget stops warm-up at the same round every run', async () => {
    const stopsAt = async () => {
      const engine = new CpuEngine();
      const config = await engine.configure(HMC);
      const c = new RunController(engine, config, { turnMs: 1e9, pieceMs: 5, inFlight: 1 });
      const s = await c.turn({ until: () => totalOf(c.spent.evaluations) >= 64 * 500 });
      engine.dispose();
      return s!.iteration;
    };
    const first = await stopsAt();
    expect(first).toBeLessThan(200);
    expect(await stopsAt()).toBe(first);
  });

  it('sizes sampling pieces to the device: ten times the speed, about ten times the transitions a piece', async () => {
    const pieceAfter = async (speed: number) => {
      const engine = simulatedEngine(speed);
      const c = new RunController(engine, samplingConfig, { turnMs: 10, pieceMs: 10, inFlight: 2 });
      const sizes: number[] = [];
      c.on((e) => {
        if (e.type === 'sampled') sizes.push(e.transitions);
      });
      c.start();
      while (sizes.length < 12) await new Promise((r) => setTimeout(r, 5));
      c.dispose();
      return sizes.slice(-4).reduce((a, b) => a + b) / 4;
    };
    const slow = await pieceAfter(2);
    const fast = await pieceAfter(20);
    // 10 ms of device time: 20 and 200 transitions (timers add a little to every piece).
    expect(slow).toBeGreaterThan(8);
    expect(slow).toBeLessThan(30);
    expect(fast / slow).toBeGreaterThan(5);
    expect(fast / slow).toBeLessThan(15);
  });
});
