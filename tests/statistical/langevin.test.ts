import { describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { centralMoment } from '../support/stats';
import { varianceSe } from '../support/stationarity';
import { engineOf, STATISTICAL_ENGINES } from '../support/engines';
import { zCritical } from '../support/stats';

const N = 4096;

describe.each(STATISTICAL_ENGINES)('Langevin on %s', (kind) => {
  /**
   * ULA on N(0, 1) per coordinate is the AR(1) x' = (1 − h/2) x + √h ξ, whose stationary variance
   * is 1/(1 − h/4) (exactly, for h < 4). From exact draws, after enough steps that (1 − h/2)^(2t)
   * is negligible, the pooled variance must match that formula (z-test, SE from the sample's
   * fourth moment), differ from the true 1 once the bias exceeds the SE, and agree with 1 as h → 0.
   */
  test('ULA on gaussian: variance 1/(1 − h/4), a bias that grows with h and vanishes as h → 0', async () => {
    const engine = await engineOf(kind);
    const hs = [0.01, 0.1, 0.5, 1, 2];
    const z = zCritical(0.001, 2 * hs.length);
    const errors: number[] = [];
    for (const h of hs) {
      await engine.configure({ target: 'gaussian', sampler: 'ula', params: { h }, chains: N, seed: 7, init: 'exact' });
      engine.run(Math.ceil(8 / h));
      const x = await engine.readPositions(); // both coordinates: 2N independent draws
      const v = centralMoment(x, 2);
      const se = varianceSe(x);
      expect(Math.abs(v - 1 / (1 - h / 4)) / se, `h = ${h}: variance ${v}`).toBeLessThan(z);
      errors.push(v - 1);
      if (h <= 0.01) expect(Math.abs(v - 1) / se).toBeLessThan(z);
      if (h >= 0.5) expect((v - 1) / se).toBeGreaterThan(z);
    }
    for (let k = 2; k < errors.length; k++) expect(errors[k]).toBeGreaterThan(errors[k - 1]);
  });

  test('an exploding ULA step is counted as divergent, positions stay finite and the run goes on', async () => {
    const engine = await engineOf(kind);
    // h > 4 on N(0, 1): |1 − h/2| = 3, the iteration grows as 3^t until log p overflows (t ≈ 80
    // in float32, ≈ 330 in float64).
    await engine.configure({ target: 'gaussian', sampler: 'ula', params: { h: 8 }, chains: 256, seed: 7, init: 'exact' });
    engine.run(400);
    const s = await engine.snapshot();
    expect(s.totals.divergent).toBeGreaterThan(0);
    expect((await engine.readPositions()).every(Number.isFinite)).toBe(true);
    engine.run(10);
    expect((await engine.snapshot()).iteration).toBe(410);
  });

  test('bad Langevin and HMC settings are rejected with messages naming them', async () => {
    const engine = await engineOf(kind);
    const reject = async (sampler: string, params: Record<string, number>, field: string, text: RegExp) => {
      const e = await engine.configure({ target: 'banana', sampler, params, chains: 16, seed: 1 }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).problems.map((p) => p.field)).toContain(field);
      expect((e as EngineError).message).toMatch(text);
    };
    await reject('hmc', { eps: 0 }, 'eps', /Step size ε \(eps\) must be in \(0, 10\], got 0/);
    await reject('hmc', { eps: -0.1 }, 'eps', /got -0\.1/);
    await reject('hmc', { L: 0 }, 'L', /Leapfrog steps L \(L\) must be in \[1, 1024\], got 0/);
    await reject('mala', { h: 0 }, 'h', /Step size h/);
    await reject('kinetic', { gamma: 0 }, 'gamma', /Friction/);
    await reject('hmc', { targetAccept: 1 }, 'targetAccept', /Target acceptance/);
  });
});
