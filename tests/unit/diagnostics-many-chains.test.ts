import { describe, expect, test } from 'vitest';
import {
  essOfChainMoments, manyChainRow, manyChainWarnings, nestedRhat, nestedRhatMax, nestedRhatOfMoments,
} from '../../src/diagnostics';
import { computeReport } from '../../src/stats/compute-report';
import type { ReportInput } from '../../src/stats/report-input';
import { shownReport } from '../../src/state/stats';
import { summaryTableRows } from '../../src/ui/diagnostics/summary-rows';

/*
 * Diagnostics over every chain from per-chain moments (src/diagnostics/many-chains.ts): nested
 * R-hat and the batch-means ESS calibrated on iid and AR(1) draws, unmixed chains flagged, and
 * the report's warnings and table taken from them (not from the traced chains).
 */

/** n standard normals (mulberry32 and Box–Muller: seeded, fast). */
function normals(seed: number, n: number): Float64Array {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** C chains of n draws, chain-major, from an AR(1) with coefficient ρ started at stationarity
 * (ρ = 0: iid N(0, 1)), chain c shifted by shift(c). */
function ar1(c: number, n: number, rho: number, seed: number, shift: (c: number) => number = () => 0): Float64Array[] {
  const z = normals(seed, c * n);
  const s = Math.sqrt(1 - rho * rho);
  return Array.from({ length: c }, (_, k) => {
    const x = new Float64Array(n);
    let v = z[k * n];
    for (let i = 0; i < n; i++) {
      if (i > 0) v = rho * v + s * z[k * n + i];
      x[i] = v + shift(k);
    }
    return x;
  });
}

function momentsOf(draws: readonly Float64Array[]): { means: Float64Array; variances: Float64Array } {
  const means = Float64Array.from(draws, (x) => x.reduce((a, b) => a + b, 0) / x.length);
  const variances = Float64Array.from(draws, (x, c) => x.reduce((a, v) => a + (v - means[c]) ** 2, 0) / (x.length - 1));
  return { means, variances };
}

describe('nested R-hat from moments', () => {
  test('equals nestedRhat of the draws (one definition)', () => {
    const draws = ar1(64, 30, 0.5, 1, (c) => (c < 32 ? 0 : 0.3));
    const { means, variances } = momentsOf(draws);
    for (const k of [1, 4, 16]) expect(nestedRhatOfMoments(means, variances, 30, k)).toBeCloseTo(nestedRhat(draws, k), 12);
    // One draw per chain: the within-chain variances (NaN) are left out, as in the definition.
    const single = draws.map((x) => x.subarray(0, 1));
    const m1 = momentsOf(single);
    expect(nestedRhatOfMoments(m1.means, m1.variances, 1, 4)).toBeCloseTo(nestedRhat(single, 4), 12);
  });

  test('its threshold 1 + δ(K) falls with the number of superchains towards 1.01', () => {
    const ks = [2, 4, 8, 16, 32, 64, 1024];
    const t = ks.map(nestedRhatMax);
    for (let j = 1; j < t.length; j++) expect(t[j]).toBeLessThan(t[j - 1]);
    expect(t[4]).toBeGreaterThan(1.015);
    expect(t[4]).toBeLessThan(1.02);
    expect(t[6]).toBeGreaterThan(1.01);
    expect(t[6]).toBeLessThan(1.012);
    expect(nestedRhatMax(1)).toBeNaN();
  });
});

describe('ESS over all chains (batch means)', () => {
  test('iid draws: ESS ≈ C·n within its error, nested R-hat under its threshold, no warning', () => {
    const [c, n] = [4096, 20];
    const { means, variances } = momentsOf(ar1(c, n, 0, 2));
    const row = manyChainRow(means, variances, n);
    expect(row.superchains).toBe(32);
    expect(Math.abs(row.ess - c * n)).toBeLessThan(4 * row.essSe);
    expect(row.ess).toBeLessThanOrEqual(c * n);
    expect(row.nrhat).toBeLessThan(row.nrhatMax);
    expect(row.mcseMean).toBeCloseTo(row.sd / Math.sqrt(row.ess), 12);
    expect(manyChainWarnings(row)).toEqual([]);
  });

  test('AR(1), ρ = 0.9 (τ = 19): ESS = C·n/τ within its error', () => {
    const [c, n, rho] = [1000, 2000, 0.9];
    const tau = (1 + rho) / (1 - rho);
    const { means, variances } = momentsOf(ar1(c, n, rho, 3));
    const { ess, essSe, variance } = essOfChainMoments(means, variances, n);
    expect(Math.abs(ess - (c * n) / tau)).toBeLessThan(4 * essSe);
    expect(essSe / ess).toBeCloseTo(Math.sqrt(2 / (c - 1)), 10);
    expect(variance).toBeCloseTo(1, 1);
  });

  test('superchains that disagree are flagged by nested R-hat', () => {
    // Chains 0–2047 one way, 2048–4095 the other: superchains of 128 consecutive chains differ.
    const { means, variances } = momentsOf(ar1(4096, 20, 0.3, 4, (k) => (k < 2048 ? -0.3 : 0.3)));
    const row = manyChainRow(means, variances, 20);
    expect(row.nrhat).toBeGreaterThan(row.nrhatMax);
    expect(manyChainWarnings(row).some((w) => w.startsWith('nested R-hat'))).toBe(true);
  });

  test('chains stuck apart (each in a random mode) are flagged by the ESS', () => {
    const { means, variances } = momentsOf(ar1(4096, 20, 0.3, 5, (k) => ((k * 2654435761) % 7 < 3 ? -3 : 3)));
    const row = manyChainRow(means, variances, 20);
    // ESS ≈ C: one effective draw per chain, each stuck where it started.
    expect(row.ess).toBeLessThan(2 * 4096);
    expect(manyChainWarnings(row).some((w) => w.startsWith('ESS'))).toBe(true);
  });

  test('NaN moments give NaN and warn of nothing', () => {
    const row = manyChainRow(Float64Array.of(0, NaN, 1, 2), Float64Array.of(1, 1, 1, 1), 5);
    expect(row.ess).toBeNaN();
    expect(manyChainWarnings(row)).toEqual([]);
  });
});

/** A report input on gaussian (d = 2): 8 traced chains that have NOT mixed (shifted apart), and
 * healthy per-chain moments of 4,096 chains. */
function inputOf(sampler: string, chainMoments: boolean): ReportInput {
  const [traced, rows, chains, n] = [8, 200, 4096, 200];
  const t = [0, 1].map((i) => ar1(traced, rows, 0.5, 10 + i, (c) => 4 * c));
  const values = new Float64Array(rows * traced * 3);
  for (let r = 0; r < rows; r++) for (let c = 0; c < traced; c++) for (let i = 0; i < 2; i++) values[(r * traced + c) * 3 + i] = t[i][c][r];
  const all = [0, 1].map((i) => momentsOf(ar1(chains, n, 0.5, 20 + i)));
  const cat = (f: 'means' | 'variances') => Float64Array.from([...all[0][f], ...all[1][f]]);
  return {
    target: 'gaussian', d: 2, sampler, coords: [0, 1], chains,
    trace: { from: 0, rows, chains: traced, d: 2, values },
    recording: {
      spec: { traceChains: traced, window: rows, histogram: { coords: [0, 1], box: [-4, 4, -4, 4], bins: 16 } },
      start: 0, draws: n, mean: Float64Array.of(0, 0), variance: Float64Array.of(1, 1),
      hist1: [new Uint32Array(16), new Uint32Array(16)], hist2: new Uint32Array(256),
      ...(chainMoments ? { chainMoments: { coords: [0, 1], chains, draws: n, mean: cat('means'), variance: cat('variances') } } : {}),
    },
    shownChains: 0, positions: new Float64Array(0), divergences: 0,
  };
}

describe('the report uses the all-chain diagnostics', () => {
  test('warnings and the table come from every chain, not from 8 unmixed traced chains', () => {
    const report = computeReport(inputOf('rwm', true));
    // The traced chains alone would say "not mixed".
    expect(report.summary[0].rhat).toBeGreaterThan(1.1);
    expect(report.warnings).toEqual([]);
    expect(report.allChains).toMatchObject({ chains: 4096, totalChains: 4096 });
    const rows = summaryTableRows(report);
    const cols = rows[0].cells.map((c) => c.col);
    expect(cols).toEqual(['mean', 'sd', 'q5', 'q50', 'q95', 'nrhat', 'ess', 'mcse_mean']);
    const nrhat = rows[0].cells.find((c) => c.col === 'nrhat')!;
    expect(nrhat.value).toBe(report.allChains!.rows[0]!.nrhat);
    expect(nrhat.breach).toBeNull();
    expect(rows[0].cells.find((c) => c.col === 'ess')!.value).toBeGreaterThan(100_000);
  });

  test('interacting particles (SVGD) get no mixing warnings, R-hat or ESS', () => {
    const input = inputOf('svgd', true);
    // Even moments that would fail: the particles are not independent chains.
    const m = input.recording.chainMoments!;
    const shifted = { ...input, recording: { ...input.recording, chainMoments: { ...m, mean: m.mean.map((v, j) => v + (j % 2) * 5) } } };
    const report = computeReport(shifted);
    expect(report.interacting).toBe(true);
    expect(report.allChains).toBeNull();
    expect(report.warnings).toEqual([]);
    expect(summaryTableRows(report)[0].cells.map((c) => c.col)).not.toContain('nrhat');
  });

  test('divergences warn from a sampling rate of 1 %, and at any rate for a sampler without an accept step', () => {
    const transitions = 4096 * 200;
    const divergenceWarnings = (sampler: string, divergences: number) =>
      computeReport({ ...inputOf(sampler, true), divergences }).warnings.filter((w) => /divergent/.test(w.text));
    // 0.5 %: rejected moves of exact chains (HMC on banana has 0.8 % at δ = 0.9), shown but not a warning.
    expect(divergenceWarnings('hmc', 0.005 * transitions)).toEqual([]);
    expect(divergenceWarnings('hmc', 0.02 * transitions)[0].text).toMatch(/16,384 divergent transitions after warm-up \(2\.0 %\)/);
    // ULA always moves: a divergence is its dynamics exploding.
    expect(divergenceWarnings('ula', 10)).toHaveLength(1);
  });

  test('no readouts while a flow trains (a report then is a previous run\'s)', () => {
    const report = computeReport(inputOf('rwm', true));
    expect(shownReport(report, { kind: 'training', iteration: 10, total: 100 })).toBeNull();
    expect(shownReport(report, { kind: 'sampling' } as never)).toBe(report);
  });
});
