import { describe, expect, test } from 'vitest';
import { compareToTruth } from '../support/stationarity';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { EngineError } from '../../src/engine/errors';
import { customTarget, loadExpressionCompiler } from '../../src/targets/custom';
import type { TargetTruth } from '../../src/targets/types';
import { initialPositions } from '../../src/engine/init-state';

/**
 * The user's expression through the engines: a correlated Gaussian with a shifted mean, written
 * as an expression, is sampled to its known moments on the GPU and on the CPU reference (the
 * same z-tests as tests/statistical/convergence.test.ts: N independent chains' final states, family-wise
 * α = 0.001). log p = −Q/1.5 with Q = u² − uv + v², u = x − 1, v = y + 2: the precision matrix
 * is [[2, −1], [−1, 2]]/1.5, so the covariance is [[1, 0.5], [0.5, 1]].
 */
const EXPRESSION = '-((x - 1)^2 - (x - 1)*(y + 2) + (y + 2)^2) / 1.5';
const TRUTH: TargetTruth = { mean: [1, -2], variance: [1, 1], cov: [[1, 0.5], [0.5, 1]], source: 'closed form' };
const N = 4096;

describe.each(ENGINE_KINDS)('a user-written target on %s', (kind) => {
  test('HMC reaches the closed-form moments of an expression', async () => {
    const engine = await engineOf(kind);
    const resolved = await engine.configure({
      target: 'custom', expression: EXPRESSION, sampler: 'hmc', params: { eps: 0.2, L: 10 }, chains: N, seed: 5, init: 'dispersed',
    });
    expect(resolved).toMatchObject({ target: 'custom', expression: EXPRESSION, d: 2 });
    engine.run(300);
    expect(compareToTruth(await engine.readPositions(), 2, [0, 1], TRUTH)).toEqual([]);
  });

  test('an expression that does not compile is refused naming the expression; the run goes on', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'gaussian', sampler: 'rwm', chains: 10, seed: 1 });
    const err = await engine.configure({ target: 'custom', expression: 'x +* y', sampler: 'rwm', chains: 10, seed: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.field).toBe('expression');
    engine.run(2);
    expect((await engine.snapshot()).iteration).toBe(2);
  });

  // Bad input reaches the engines only as a warning (checkExpression): it must never break them.
  test('NaN for x < −1: divergences are counted and no chain that started in the domain leaves it', async () => {
    const engine = await engineOf(kind);
    const expression = '-(x^2 + y^2)/2 + log(x + 1)';
    const prepared = customTarget(expression);
    if (!prepared.ok) throw new Error('the expression should compile');
    const start = initialPositions(prepared.target, 2, N, 3, 'dispersed');
    await engine.configure({ target: 'custom', expression, sampler: 'hmc', params: { eps: 0.4, L: 10 }, chains: N, seed: 3 });
    engine.run(50);
    const s = await engine.snapshot();
    const x = await engine.readPositions();
    expect(s.totals.divergent).toBeGreaterThan(0);
    expect(x.every(Number.isFinite)).toBe(true);
    for (let c = 0; c < N; c++) if (start[c] > -1) expect(x[c]).toBeGreaterThan(-1);
  });

  test('+∞ on a line and an improper (flat) direction: the chains stay finite and the run goes on', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'custom', expression: '-x^2/2 - log(abs(y))', sampler: 'hmc', params: { eps: 0.3, L: 10 }, chains: N, seed: 4 });
    engine.run(50);
    const s = await engine.snapshot();
    expect(s.iteration).toBe(50);
    expect((await engine.readPositions()).every(Number.isFinite)).toBe(true);
    // The pole at y = 0 breaks the integrator for chains that pass near it.
    expect(s.totals.divergent).toBeGreaterThan(0);
  });
});

test('the dimension follows the expression: x, y is 2-D, x[k] reaches d = k', async () => {
  await loadExpressionCompiler();
  const a = customTarget('-(x^2 + y^2)/2');
  const b = customTarget('-(x[1]^2 + x[2]^2 + x[5]^2)/2');
  expect(a.ok && a.target.dimension).toEqual({ kind: 'fixed', d: 2 });
  expect(b.ok && b.target.dimension).toEqual({ kind: 'fixed', d: 5 });
});
