import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { runWarmup } from '../../src/engine/adaptation/warmup';
import { DeviceTimer, Pacer, RoundPacer, ThroughputPacer } from '../../src/engine/run/pacer';
import { type RunEvent, RunController } from '../../src/engine/run/run-controller';
import { totalOf } from '../../src/engine/run/spent';
import type { ResolvedConfig, SamplingEngine, Snapshot } from '../../src/engine/types';
import { DrawCost, DrawPacer } from '../../src/render/draw-pacer';
import { frameRateAdvice, MIN_FPS } from '../../src/state/rates';
import { CHECK_EVERY, ElboPlateau } from '../../src/flows/plateau';

const HMC = { target: 'banana', sampler: 'hmc', chains: 64, seed: 3, params: { warmup: 200 } } as const;

describe('Pacer', () => {
  it('sizes the next piece to the target from the recent rate, growing at most 8× a piece', () => {
    const p = new Pacer(20, 1, 1000);
    expect(p.next()).toBe(1);
    p.observe(1, 0.1); // 10 units/ms: 200 wanted, 8 allowed
    expect(p.next()).toBe(8);
    const steady = (unitsPerMs: number) => {
      for (let k = 0; k < 30; k++) {
        const n = p.next();
        p.observe(n, n / unitsPerMs);
      }
    };
    steady(10);
    expect(p.next()).toBe(200);
    steady(0.5); // the device slows down: the pieces follow
    expect(p.next()).toBe(10);
    steady(1e-3);
    expect(p.next()).toBe(1);
    steady(1e6);
    expect(p.next()).toBe(1000);
  });

  it('reads two completions that arrive together as one stretch of work, not an infinitely fast piece', () => {
    const p = new Pacer(16);
    for (let k = 0; k < 10; k++) p.observe(16, 16); // 1 unit/ms
    p.observe(16, 32);
    p.observe(16, 0); // reported done with the one before
    expect(p.next()).toBeGreaterThanOrEqual(16);
    expect(p.next()).toBeLessThanOrEqual(32);
  });
});

describe('RoundPacer', () => {
  /** A round of n units: a fixed latency (a read-back, the present ahead of it) plus n × perUnit. */
  const drive = (p: RoundPacer, latency: number, perUnit: number, rounds: number) => {
    const sizes: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const n = p.next();
      sizes.push(n);
      p.observe(n, latency + n * perUnit);
    }
    return sizes;
  };

  it('grows rounds past the latency that a rate-based pacer would count as work', () => {
    // 150 ms latency, 5 ms a unit: throughput rises with the size until a round passes 500 ms.
    const sizes = drive(new RoundPacer(), 150, 5, 12);
    expect(sizes.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    const settled = sizes[sizes.length - 1];
    expect(150 + settled * 5).toBeLessThanOrEqual(500);
    expect(settled).toBeGreaterThanOrEqual(32);
    // Pacer, aiming each piece at 100 ms from units over ms, stays at one unit a round.
    const rate = new Pacer(100);
    for (let k = 0; k < 12; k++) rate.observe(rate.next(), 150 + rate.next() * 5);
    expect(rate.next()).toBe(1);
  });

  it('stops doubling once throughput stops rising, and keeps within its maximum', () => {
    // No latency: throughput is flat, so the first doubling that does not help ends the climb.
    expect(drive(new RoundPacer(), 0, 1, 6)).toEqual([1, 2, 1, 1, 1, 1]);
    expect(Math.max(...drive(new RoundPacer(4, 16), 1000, 0.001, 3))).toBeLessThanOrEqual(16);
  });

  it('halves a round that took too long, and a round cut short does not judge the size', () => {
    const p = new RoundPacer(64);
    p.observe(64, 900);
    expect(p.next()).toBe(32);
    const q = new RoundPacer(8);
    q.observe(3, 10); // cut short at a check
    expect(q.next()).toBe(8);
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

describe('DrawCost', () => {
  it('is the median of the latest draws: a draw timed with a piece queued beside it does not move it', () => {
    const cost = new DrawCost();
    expect(cost.ms).toBe(0);
    for (const ms of [100, 110, 90, 100, 400, 105, 95]) cost.observe(ms);
    expect(cost.ms).toBe(100);
    // The device speeds up (a GPU): within a window the estimate follows.
    for (let k = 0; k < 9; k++) cost.observe(1);
    expect(cost.ms).toBe(1);
  });
});

describe('frameRateAdvice', () => {
  const load = { piece: 64, automatic: true, framesPerSec: 5.2, drawMs: 110 };
  it('says nothing at MIN_FPS or more, nor before a frame rate is known', () => {
    expect(frameRateAdvice({ ...load, framesPerSec: MIN_FPS }, 4096, 0.5)).toBeNull();
    expect(frameRateAdvice({ ...load, framesPerSec: NaN }, 4096, 0.5)).toBeNull();
  });
  it('names what limits the frames and what would fit', () => {
    // Drawing alone allows under 10 frames a second (0.5 × 1000 / 110 ms): chains do not matter.
    const drawBound = /5\.2 frames a second .*drawing a frame costs ~110 ms.*fewer would not help/;
    expect(frameRateAdvice(load, 4096, 0.5)).toMatch(drawBound);
    expect(frameRateAdvice({ ...load, piece: 1 }, 65536, 0.5)).toMatch(drawBound);
    // A cheap draw, one transition a piece and still slow: the chains are cut to the power of
    // two that fits.
    const cheap = { ...load, drawMs: 2 };
    expect(frameRateAdvice({ ...cheap, piece: 1, framesPerSec: 1.7 }, 65536, 0.5)).toMatch(/About 8,192 chains would animate at 10 frames a second/);
    expect(frameRateAdvice({ ...cheap, piece: 1, framesPerSec: 0.01 }, 65536, 0.5)).toMatch(/About 64 chains/);
    // The user's own steps a frame: automatic pacing is the advice.
    expect(frameRateAdvice({ ...cheap, automatic: false, piece: 500 }, 4096, 0.5)).toMatch(/500 transitions a frame.*steps = auto/);
    // Neither: the page's own work.
    expect(frameRateAdvice(cheap, 4096, 0.5)).toMatch(/page's own work/);
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
    const c = new RunController(engine, config, { turnMs: 5, inFlight: 2 });
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
    const c = new RunController(engine, config, { turnMs: 1, inFlight: 1 });
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
      const c = new RunController(engine, config, { turnMs: 1e9, inFlight: 1 });
      const s = await c.turn({ until: () => totalOf(c.spent.evaluations) >= 64 * 500 });
      engine.dispose();
      return s!.iteration;
    };
    const first = await stopsAt();
    expect(first).toBeLessThan(200);
    expect(await stopsAt()).toBe(first);
  });

  it('keeps the device busy with paced pieces until stopped, and stops queuing when told', async () => {
    const engine = simulatedEngine(5);
    const c = new RunController(engine, samplingConfig, { turnMs: 10, inFlight: 2 });
    let sampled = 0;
    c.on((e) => {
      if (e.type === 'sampled') sampled += e.transitions;
    });
    c.start();
    await new Promise((r) => setTimeout(r, 1500));
    c.stop();
    await new Promise((r) => setTimeout(r, 100));
    const stopped = engine.transitions;
    await new Promise((r) => setTimeout(r, 200));
    expect(engine.transitions).toBe(stopped);
    expect(sampled).toBe(stopped);
    expect(c.pieceSize).toBeGreaterThan(1);
    expect(c.spent.ms.sampling).toBeGreaterThan(0);
    c.dispose();
  });
});

/** A device that runs `rate(t)` transitions a millisecond in order, whose completions are
 * reported `latency` ms late, with `inFlight` pieces kept queued: the pacer, and the throughput
 * over the second half of `seconds`. */
function simulate(rate: (t: number) => number, latency: number, inFlight: number, seconds = 20) {
  const pacer = new ThroughputPacer();
  let deviceFree = 0;
  const reports: { at: number; n: number }[] = [];
  const submit = (t: number) => {
    const n = pacer.next();
    const start = Math.max(t, deviceFree);
    deviceFree = start + n / rate(start);
    reports.push({ at: deviceFree + latency, n });
  };
  for (let k = 0; k < inFlight; k++) submit(0);
  let done = 0;
  for (let t = 0; t < seconds * 1000;) {
    const { at, n } = reports.shift()!;
    t = at;
    pacer.observe(n, t);
    if (t > (seconds * 1000) / 2) done += n;
    submit(t);
  }
  return { pacer, throughput: done / ((seconds * 1000) / 2) };
}

describe('ThroughputPacer', () => {
  it('grows pieces until they hide how late completions come: the same code saturates a slow, late-reporting device and a fast one', () => {
    // SwiftShader in a browser: ~0.26 transitions/ms at 4,096 HMC chains, completions 0.3 s late.
    const slow = simulate(() => 0.26, 300, 3);
    // A GPU: 400 times faster, completions 1 ms late.
    const fast = simulate(() => 100, 1, 3);
    for (const [s, rate, latency] of [[slow, 0.26, 300], [fast, 100, 1]] as const) {
      expect(s.throughput).toBeGreaterThan(0.8 * rate);
      // No longer than it takes: a piece's work is within a few times the lateness it hides.
      expect(s.pacer.next() / rate).toBeLessThanOrEqual(4 * latency);
    }
  });

  it('gives back piece length the device no longer needs, and finds it again when it does', () => {
    const late = (t: number) => (t < 20_000 ? 300 : 1);
    const pacer = new ThroughputPacer();
    let deviceFree = 0;
    const reports: { at: number; n: number }[] = [];
    const submit = (t: number) => {
      const n = pacer.next();
      deviceFree = Math.max(t, deviceFree) + n / 0.26;
      reports.push({ at: deviceFree + late(deviceFree), n });
      reports.sort((a, b) => a.at - b.at);
    };
    for (let k = 0; k < 3; k++) submit(0);
    let atTwenty = 0;
    for (let t = 0; t < 60_000;) {
      const { at, n } = reports.shift()!;
      t = at;
      pacer.observe(n, t);
      if (t < 20_000) atTwenty = pacer.next();
      submit(t);
    }
    expect(atTwenty).toBeGreaterThanOrEqual(16);
    expect(pacer.next()).toBeLessThanOrEqual(atTwenty / 4);
  });
});

describe('ElboPlateau', () => {
  const point = (iteration: number, elbo: number) => ({ iteration, elbo, elboSe: 0.02, logZ: elbo, logZSe: 0.02, essFraction: 0.5, invalid: 0 });
  /** The iteration at which `curve` is judged to have levelled off (checks every 25), or null. */
  const stopsAt = (curve: (t: number) => number, upTo = 2000) => {
    const p = new ElboPlateau();
    for (let t = 5; t <= upTo; t += 5) if (p.observe(point(t, curve(t)))) return t;
    return null;
  };

  it('stops once the ELBO is flat to within its noise, at a check, never before 100 iterations', () => {
    const at = stopsAt((t) => 2.5 - 2 * Math.exp(-t / 60));
    expect(at).not.toBeNull();
    expect(at! % CHECK_EVERY).toBe(0);
    expect(at!).toBeGreaterThanOrEqual(200);
    expect(at!).toBeLessThanOrEqual(800);
    expect(stopsAt(() => 2.5)).toBe(100);
  });

  it('keeps training while the ELBO still climbs by more than its noise', () => {
    expect(stopsAt((t) => 0.001 * t)).toBeNull();
  });
});
