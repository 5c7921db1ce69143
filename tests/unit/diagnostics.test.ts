import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  autocorrelation, autocovariance, ebfmi, energyDistance, essBasic, essBulk, essMean, essQuantile, essSd, essTail,
  gridKl, mcseMean, mcseQuantile, mcseSd, meanAutocorrelation, meanAutocovariance, mmdRbf, nestedRhat, PreparedDraws,
  quantile, rankHistogram, rhat, rhatBasic, slicedWasserstein, summariseDraws, summaryWarnings, type Draws,
  type Points, type SummaryRow,
} from '../../src/diagnostics';
import { betaCdf, betaQuantile } from '../../src/diagnostics/beta';
import { indicatorAutocovariance, sparseEnough } from '../../src/diagnostics/indicator-autocovariance';
import { qnorm } from '../../src/diagnostics/qnorm';
import { argsort } from '../../src/diagnostics/sort';
import { HostRandom } from '../../src/rng/host-random';
import { normalCdf, normalQuantile } from '../../src/samplers/normal';

// Reference values: R package posterior 1.4.0 on fixed draws (tests/data/diagnostics/README.md).
const FIXTURES = new URL('../data/diagnostics/', import.meta.url);
const RELATIVE = 1e-6;

interface Fixture {
  name: string;
  draws_by_chain: number[][];
  expected: Record<string, number | null>;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')));

/** Each posterior measure as our functions compute it from the raw draws. */
const MEASURES: Record<string, (d: Draws) => number> = {
  rhat, rhat_basic: (d) => rhatBasic(d), ess_bulk: essBulk, ess_tail: essTail, ess_basic: (d) => essBasic(d),
  ess_mean: essMean, ess_sd: essSd, mcse_mean: mcseMean, mcse_sd: mcseSd, mcse_q05: (d) => mcseQuantile(d, 0.05),
  mcse_q95: (d) => mcseQuantile(d, 0.95), q05: (d) => quantile(d.flatMap((x) => [...x]), 0.05),
  q50: (d) => quantile(d.flatMap((x) => [...x]), 0.5), q95: (d) => quantile(d.flatMap((x) => [...x]), 0.95),
};

/** |got − want| ≤ 1e-6 |want| (so an expected 0 must come out 0); NA must come out NaN. */
function expectRelative(got: number, want: number | null): void {
  if (want === null) expect(got).toBeNaN();
  else expect(Math.abs(got - want)).toBeLessThanOrEqual(RELATIVE * Math.abs(want));
}

const chainsOf = (f: Fixture): Draws => f.draws_by_chain.map((c) => Float64Array.from(c));

describe('against posterior 1.4.0', () => {
  test('every fixture has every measure', () => {
    expect(fixtures).toHaveLength(11);
    for (const f of fixtures) expect(Object.keys(f.expected).sort()).toEqual(Object.keys(MEASURES).sort());
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    test.each(Object.keys(MEASURES))('%s', (key) => {
      expectRelative(MEASURES[key](chainsOf(fixture)), fixture.expected[key]);
    });

    test('summariseDraws gives the same values from one preparation', () => {
      const [row] = summariseDraws([{ name: 'theta', draws: new PreparedDraws(chainsOf(fixture)) }]);
      const e = fixture.expected;
      const pairs: [number, number | null][] = [
        [row.rhat, e.rhat], [row.essBulk, e.ess_bulk], [row.essTail, e.ess_tail], [row.mcseMean, e.mcse_mean],
        [row.mcseSd, e.mcse_sd], [row.q5, e.q05], [row.q50, e.q50], [row.q95, e.q95],
      ];
      for (const [got, want] of pairs) expectRelative(got, want);
      const pooled = fixture.draws_by_chain.flat();
      const mean = pooled.reduce((a, b) => a + b, 0) / pooled.length;
      expect(row.mean).toBeCloseTo(mean, 12);
      expect(row.sd).toBeCloseTo(Math.sqrt(pooled.reduce((a, b) => a + (b - mean) ** 2, 0) / (pooled.length - 1)), 12);
    });
  });
});

function normals(seed: number, chains: number, n: number, rho = 0): Float64Array[] {
  return Array.from({ length: chains }, (_, c) => {
    const rng = new HostRandom(seed, c, 'exact');
    const x = new Float64Array(n);
    let s = rng.normal();
    for (let i = 0; i < n; i++) x[i] = s = rho * s + Math.sqrt(1 - rho * rho) * rng.normal();
    return x;
  });
}

describe('degenerate draws: NaN, never a throw (posterior returns NA)', () => {
  const every = (draws: Draws) => [
    rhat(draws), rhatBasic(draws), essBulk(draws), essTail(draws), essBasic(draws), essMean(draws), essSd(draws),
    essQuantile(draws, 0.3), mcseMean(draws), mcseSd(draws), mcseQuantile(draws, 0.05), nestedRhat(draws, 2),
  ];

  test('constant chains', () => {
    const constant = Array.from({ length: 4 }, () => new Float64Array(100).fill(0.1));
    for (const v of every(constant)) expect(v).toBeNaN();
    const [row] = summariseDraws([{ name: 'c', draws: constant }]);
    expect(row.q5).toBe(0.1);
    expect(row.q95).toBe(0.1);
    expect(row.sd).toBeCloseTo(0, 15);
    expect(summaryWarnings(row, 4)).toEqual([]); // a constant quantity has not failed to converge
  });

  test('a NaN draw', () => {
    const draws = normals(1, 4, 100);
    draws[2][17] = NaN;
    for (const v of every(draws)) expect(v).toBeNaN();
    expect(quantile(draws[2], 0.5)).toBeNaN();
    const [row] = summariseDraws([{ name: 'x', draws }]);
    expect([row.mean, row.q5, row.q50, row.q95]).toEqual([NaN, NaN, NaN, NaN]);
  });

  test('an infinite draw: rank-based diagnostics stand, moment-based ones are NaN', () => {
    const draws = normals(2, 4, 100);
    draws[1][3] = Infinity;
    expect(rhat(draws)).toBeGreaterThan(0.9);
    expect(rhat(draws)).toBeLessThan(1.1);
    expect(essBulk(draws)).toBeGreaterThan(100);
    for (const v of [rhatBasic(draws), essBasic(draws), essMean(draws), essTail(draws), mcseMean(draws)]) expect(v).toBeNaN();
  });

  test('one chain unsplit, and chains too short for an ESS', () => {
    const one = normals(3, 1, 100);
    expect(rhatBasic(one, false)).toBeNaN();
    expect(rhatBasic(one)).toBeGreaterThan(0.9);
    expect(essBasic(normals(4, 4, 5))).toBeNaN(); // halves of 2 draws
    expect(essBasic(normals(4, 4, 5), false)).toBeGreaterThan(0);
  });

  test('E-BFMI of constant, single or NaN energies', () => {
    expect(ebfmi([3, 3, 3, 3])).toBeNaN();
    expect(ebfmi([3])).toBeNaN();
    expect(ebfmi([1, 2, NaN, 4])).toBeNaN();
  });

  test('malformed draws throw', () => {
    expect(() => rhat([])).toThrow();
    expect(() => rhat([new Float64Array(10), new Float64Array(9)])).toThrow();
    expect(() => nestedRhat(normals(5, 6, 10), 4)).toThrow();
  });
});

describe('building blocks', () => {
  test('quantile is R type 7', () => {
    expect(quantile([4, 1, 3, 2], 0.1)).toBeCloseTo(1.3, 14); // R: quantile(1:4, 0.1) = 1.3
    expect(quantile(Float64Array.from({ length: 10 }, (_, i) => i + 1), 0.33)).toBeCloseTo(3.97, 13);
    expect(quantile([5], 0.7)).toBe(5);
    expect(quantile([2, 2, 7], 1)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  test('argsort orders values, keeps ties in index order, and handles −0, ±∞ and near-equal runs', () => {
    const rng = new HostRandom(6, 0, 'exact');
    const cases = [
      Float64Array.from({ length: 5000 }, () => rng.normal()),
      Float64Array.from({ length: 5000 }, () => Math.round(3 * rng.normal())), // ties
      Float64Array.from({ length: 5000 }, () => 1 + 1e-9 * rng.normal()), // runs agreeing on 32 bits
      Float64Array.of(3, -0, 0, -Infinity, Infinity, -1e-300, 1e-300, -2, 5, 5, -5, 1 + 2 ** -52, 1, -1 - 2 ** -52, -1),
    ];
    for (const values of cases) {
      const order = [...argsort(values)];
      const expected = [...values.keys()].sort((a, b) => values[a] - values[b] || a - b);
      expect(order.map((k) => values[k])).toEqual(expected.map((k) => values[k]));
      for (let j = 1; j < order.length; j++) {
        if (values[order[j]] === values[order[j - 1]] && !Object.is(values[order[j]], -0)) expect(order[j]).toBeGreaterThan(order[j - 1]);
      }
    }
  });

  test('qnorm (AS 241) agrees with the Halley-refined normalQuantile', () => {
    let worst = 0;
    for (let i = 1; i < 20_000; i++) {
      const p = i / 20_000;
      worst = Math.max(worst, Math.abs(qnorm(p) - normalQuantile(p)));
    }
    expect(worst).toBeLessThan(1e-14);
    for (let e = 1; e <= 300; e++) expect(qnorm(10 ** -e)).toBeCloseTo(normalQuantile(10 ** -e), 11);
    expect([qnorm(0), qnorm(1), qnorm(-0.1)]).toEqual([-Infinity, Infinity, NaN]);
  });

  test('Beta quantiles: closed forms and the inverse of the CDF', () => {
    for (const p of [0.1586553, 0.5, 0.8413447]) {
      expect(betaQuantile(p, 1, 1)).toBeCloseTo(p, 14);
      expect(betaQuantile(p, 3, 1)).toBeCloseTo(p ** (1 / 3), 13); // I_x(a, 1) = x^a
      expect(betaQuantile(p, 1, 4)).toBeCloseTo(1 - (1 - p) ** (1 / 4), 13); // I_x(1, b) = 1 − (1 − x)^b
    }
    expect(betaQuantile(0.5, 40.5, 40.5)).toBeCloseTo(0.5, 14);
    for (const [a, b] of [[2.5, 7], [200, 3800], [3801, 201]]) {
      for (const p of [0.1586553, 0.8413447]) expect(betaCdf(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 11);
    }
    // Integer a, b: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a).
    const binomialTail = (n: number, x: number, from: number) => {
      let term = (1 - x) ** n; // P(0)
      let sum = 0;
      for (let k = 0; k <= n; k++) {
        if (k >= from) sum += term;
        term *= ((n - k) / (k + 1)) * (x / (1 - x));
      }
      return sum;
    };
    for (const [a, b, x] of [[30, 70, 0.3], [5, 400, 0.02], [120, 80, 0.55]]) {
      expect(betaCdf(x, a, b)).toBeCloseTo(binomialTail(a + b - 1, x, a), 12);
    }
  });
});

describe('autocovariance by FFT', () => {
  /** The biased autocovariance by its definition, O(n · lags). */
  function direct(x: ArrayLike<number>, maxLag: number): number[] {
    const n = x.length;
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i] / n;
    return Array.from({ length: maxLag + 1 }, (_, t) => {
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (x[i] - m) * (x[i + t] - m);
      return s / n;
    });
  }

  test.each([1, 2, 3, 5, 64, 100, 1023, 1025])('n = %i matches the direct sum at every lag', (n) => {
    const [x] = normals(7, 1, n, 0.7);
    const fft = autocovariance(x);
    const want = direct(x, n - 1);
    expect(fft).toHaveLength(n);
    want.forEach((v, t) => expect(Math.abs(fft[t] - v)).toBeLessThanOrEqual(1e-12 * want[0]));
  });

  test('the mean over an odd number of chains (one chain alone in its transform)', () => {
    const chains = normals(8, 5, 300, 0.5);
    const got = meanAutocovariance(chains, 40);
    const per = chains.map((x) => direct(x, 40));
    expect(got).toHaveLength(41);
    got.forEach((v, t) => expect(v).toBeCloseTo(per.reduce((s, a) => s + a[t], 0) / 5, 12));
  });

  test('0/1 chains: counting pairs of ones gives the same autocovariance', () => {
    const rng = new HostRandom(27, 0, 'exact');
    const chains = Array.from({ length: 7 }, (_, c) => Float64Array.from({ length: 301 }, () => (rng.uniform() < 0.05 * c ? 1 : 0)));
    chains.push(new Float64Array(301).fill(1)); // no ones in chain 0, only ones here
    const fft = meanAutocovariance(chains);
    indicatorAutocovariance(chains).forEach((v, t) => expect(v).toBeCloseTo(fft[t], 12));
    expect(sparseEnough(chains.slice(0, 3))).toBe(true); // 0–10% ones
    expect(sparseEnough(chains.slice(5))).toBe(false); // 25%, 30% and all ones
  });

  test('autocorrelations are normalised and follow an AR(1)', () => {
    const chains = normals(9, 8, 4000, 0.8);
    const rho = meanAutocorrelation(chains, 5);
    expect(rho[0]).toBe(1);
    for (let t = 1; t <= 5; t++) expect(rho[t]).toBeCloseTo(0.8 ** t, 1);
    expect(autocorrelation(chains[0], 3)[0]).toBe(1);
    expect([...autocorrelation(new Float64Array(10).fill(2), 2)]).toEqual([NaN, NaN, NaN]);
  });
});

describe('nested R-hat (Margossian et al. 2024)', () => {
  /** The definition, spelled out with plain loops. */
  function naiveNested(draws: Draws, m: number): number {
    const k = draws.length / m;
    const n = draws[0].length;
    const avg = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const chainMean = draws.map((x) => avg([...x]));
    const chainVar = draws.map((x, c) => (n > 1 ? [...x].reduce((s, v) => s + (v - chainMean[c]) ** 2, 0) / (n - 1) : 0));
    const superMean: number[] = [];
    const withinSuper: number[] = [];
    for (let s = 0; s < k; s++) {
      const means = chainMean.slice(s * m, s * m + m);
      const sm = avg(means);
      superMean.push(sm);
      const between = m > 1 ? means.reduce((a, v) => a + (v - sm) ** 2, 0) / (m - 1) : 0;
      withinSuper.push(between + avg(chainVar.slice(s * m, s * m + m)));
    }
    const grand = avg(superMean);
    const b = superMean.reduce((a, v) => a + (v - grand) ** 2, 0) / (k - 1);
    return Math.sqrt(1 + b / avg(withinSuper));
  }

  test.each([
    [8, 4, 10], [6, 1, 50], [12, 6, 1], [4, 2, 2],
  ])('%i chains in superchains of %i, %i draws: as the definition', (chains, m, n) => {
    const draws = normals(10 + chains, chains, n, 0.3).map((x, c) => x.map((v) => v + 0.3 * Math.floor(c / m)));
    expect(nestedRhat(draws, m)).toBeCloseTo(naiveNested(draws, m), 12);
  });

  test('superchains that agree: ≈ 1', () => {
    const value = nestedRhat(normals(11, 256, 50, 0.5), 16);
    expect(value).toBeGreaterThan(0.995);
    expect(value).toBeLessThan(1.005);
  });

  test('superchains stuck apart: nested R-hat flags them while classic split R-hat over the chains passes', () => {
    // 4 superchains of 16 chains, 12 draws each: every chain alternates ±a around its
    // superchain's centre (each half too), as chains trapped near their starting point and
    // anti-correlated do. The chains' means then carry none of the 1/n noise that classic R-hat's
    // (n − 1)/n term discounts, so split R-hat stays below 1 (0.968); nested R-hat has no such
    // term and sees the superchains' disagreement (1.073). (Unsplit R-hat, 1.016, and the
    // rank-normalised one, 1.09, flag it too: nested R-hat is not in general the stricter one.)
    const centres = [-0.6, -0.2, 0.2, 0.6];
    const rng = new HostRandom(12, 0, 'exact');
    const draws = Array.from({ length: 64 }, (_, c) => {
      const a = 1 + 0.5 * rng.uniform();
      return Float64Array.from({ length: 12 }, (_, i) => centres[Math.floor(c / 16)] + (i % 2 === 0 ? a : -a));
    });
    const classic = rhatBasic(draws);
    const nested = nestedRhat(draws, 16);
    expect(classic).toBeLessThan(1.01);
    expect(nested).toBeGreaterThan(1.05);
    expect(nested).toBeCloseTo(naiveNested(draws, 16), 12);
  });
});

describe('E-BFMI (Betancourt 2016)', () => {
  test('closed forms', () => {
    expect(ebfmi([0, 1, 0, 1])).toBeCloseTo(3, 14); // Σ jumps² = 3, Σ (E − Ē)² = 1
    expect(ebfmi(normals(13, 1, 100_000)[0])).toBeCloseTo(2, 1); // iid: E(Eₙ − Eₙ₋₁)² = 2 Var E
    expect(ebfmi(normals(14, 1, 100_000, 0.9)[0])).toBeCloseTo(0.2, 1); // AR(1): 2(1 − ρ)
  });
});

describe('distances between point sets', () => {
  const points = (d: number, rows: number[][]): Points => ({ n: rows.length, d, data: Float64Array.from(rows.flat()) });
  /** A "perfect" N(μ, 1) sample of n: the normal quantiles at (i − ½)/n. */
  const grid1d = (n: number, mu = 0): Points => points(1, Array.from({ length: n }, (_, i) => [mu + normalQuantile((i + 0.5) / n)]));
  const cloud = (seed: number, n: number, d: number, shift = 0): Points => {
    const rng = new HostRandom(seed, 0, 'exact');
    return { n, d, data: Float64Array.from({ length: n * d }, () => rng.normal() + shift) };
  };

  test('energy distance of point masses is 2|x − y|, of identical sets 0', () => {
    expect(energyDistance(points(2, [[0, 0], [0, 0]]), points(2, [[3, 4], [3, 4], [3, 4]]))).toBeCloseTo(10, 13);
    const a = cloud(15, 200, 3);
    expect(energyDistance(a, a)).toBeCloseTo(0, 12);
  });

  test('energy distance of N(0, 1) and N(1, 1): 2E|X − Y| − E|X − X′| − E|Y − Y′|', () => {
    // X − Y ~ N(−1, 2): E|N(μ, s²)| = s√(2/π) e^{−μ²/2s²} + |μ|(1 − 2Φ(−|μ|/s)); E|X − X′| = 2/√π.
    const s = Math.SQRT2;
    const across = s * Math.sqrt(2 / Math.PI) * Math.exp(-1 / (2 * s * s)) + (1 - 2 * normalCdf(-1 / s));
    const exact = 2 * across - 4 / Math.sqrt(Math.PI); // 0.5414…
    expect(energyDistance(grid1d(1500), grid1d(1500, 1))).toBeCloseTo(exact, 4);
  });

  test('MMD² of N(0, 1) and N(1, 1) with σ = 1 as its closed form; ≈ 0 for one distribution', () => {
    // E k(X, X′) = σ/√(σ² + 2), E k(X, Y) = σ/√(σ² + 2) e^{−1/(2(σ² + 2))} for unit variances.
    const exact = (2 / Math.sqrt(3)) * (1 - Math.exp(-1 / 6)); // 0.17727…
    expect(mmdRbf(grid1d(1500), grid1d(1500, 1), 1)).toBeCloseTo(exact, 2); // σ² for 2σ² would give 0.162
    const same = mmdRbf(cloud(16, 400, 2), cloud(17, 400, 2));
    const apart = mmdRbf(cloud(16, 400, 2), cloud(17, 400, 2, 1));
    expect(Math.abs(same)).toBeLessThan(0.01);
    expect(apart).toBeGreaterThan(20 * Math.abs(same));
  });

  test('the median heuristic: the median pairwise distance of the pooled points', () => {
    // Pooled {0, 1, 3, 7}: distances 1, 2, 3, 4, 6, 7, median 3.5; {0, 1, 3, 7, 8}: 1, 1, 2, 3,
    // 4, 5, 6, 7, 7, 8, median 4.5.
    const a = points(1, [[0], [1]]);
    expect(mmdRbf(a, points(1, [[3], [7]]))).toBe(mmdRbf(a, points(1, [[3], [7]]), 3.5));
    expect(mmdRbf(a, points(1, [[3], [7], [8]]))).toBe(mmdRbf(a, points(1, [[3], [7], [8]]), 4.5));
    expect(mmdRbf(points(1, [[0]]), points(1, [[3], [7]]))).toBeNaN(); // one point: no pair within
  });

  test('sliced Wasserstein: W₂ in 1-D, including sets of different sizes', () => {
    const a = cloud(18, 300, 1);
    const b = cloud(19, 300, 1, 0.5);
    const sa = [...a.data].sort((x, y) => x - y);
    const sb = [...b.data].sort((x, y) => x - y);
    const w2 = Math.sqrt(sa.reduce((s, v, i) => s + (v - sb[i]) ** 2, 0) / sa.length);
    expect(slicedWasserstein(a, b, 8, 1)).toBeCloseTo(w2, 12);
    // {0, 1} against {0, ½, 1}: the quantile functions differ by ½ on [1/3, 2/3): W₂² = 1/12.
    expect(slicedWasserstein(points(1, [[0], [1]]), points(1, [[0], [0.5], [1]]), 3, 1)).toBeCloseTo(Math.sqrt(1 / 12), 14);
  });

  test('sliced Wasserstein of a translate by v: |v|/√d; invariant under a common shift; seeded', () => {
    const a = cloud(20, 200, 3);
    const shifted = (p: Points, v: number[]): Points => ({ ...p, data: p.data.map((x, i) => x + v[i % p.d]) });
    const v = [3, 0, 4];
    expect(slicedWasserstein(a, shifted(a, v), 4000, 2)).toBeCloseTo(5 / Math.sqrt(3), 1);
    const b = cloud(21, 150, 3);
    const base = slicedWasserstein(a, b, 16, 3);
    expect(slicedWasserstein(shifted(a, [7, -2, 1]), shifted(b, [7, -2, 1]), 16, 3)).toBeCloseTo(base, 10);
    expect(slicedWasserstein(a, b, 16, 3)).toBe(base);
    expect(slicedWasserstein(a, b, 16, 4)).not.toBe(base);
  });

  test('symmetry', () => {
    const a = cloud(22, 120, 2);
    const b = cloud(23, 90, 2, 0.7);
    expect(energyDistance(a, b)).toBeCloseTo(energyDistance(b, a), 12);
    expect(mmdRbf(a, b)).toBeCloseTo(mmdRbf(b, a), 12);
    expect(slicedWasserstein(a, b, 32, 5)).toBeCloseTo(slicedWasserstein(b, a, 32, 5), 12);
    expect(() => energyDistance(a, cloud(24, 10, 3))).toThrow();
  });

  test('grid KL of a histogram against the grid density', () => {
    const counts = [3, 1, 0, 6];
    const logDensity = counts.map((c) => Math.log(c) + 2.5); // the same shape, unnormalised
    expect(gridKl(counts, logDensity)).toBeCloseTo(0, 14);
    expect(gridKl([1, 1], [Math.log(0.25), Math.log(0.75)])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 14);
    expect(gridKl([1, 0], [0, 0])).toBeCloseTo(Math.log(2), 14); // the empty bin adds nothing
    expect(gridKl([1, 1], [0, -Infinity])).toBe(Infinity);
    expect(gridKl([0, 0], [0, 0])).toBeNaN();
    expect(() => gridKl([1], [0, 0])).toThrow();
  });
});

describe('rank histograms (Vehtari et al. 2021 §4)', () => {
  test('counts every draw once, and a shifted chain fills the top bins', () => {
    const draws = normals(25, 4, 500);
    draws[3] = draws[3].map((v) => v + 10);
    const counts = rankHistogram(draws, 10);
    expect(counts).toHaveLength(4);
    for (const c of counts) expect(c.reduce((a, b) => a + b, 0)).toBe(500);
    for (let b = 0; b < 10; b++) expect(counts.reduce((s, c) => s + c[b], 0)).toBe(200);
    expect(counts[3].slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  test('ties share their average rank; NaN draws are left out', () => {
    expect(rankHistogram([Float64Array.of(1, 1), Float64Array.of(1, 1)], 2)).toEqual([[2, 0], [2, 0]]); // rank 2.5 of 1…4
    expect(rankHistogram([Float64Array.of(1, NaN), Float64Array.of(2, 3)], 3)).toEqual([[1, 0, 0], [0, 1, 1]]);
  });
});

describe('summary warnings', () => {
  const row = (rhatValue: number, bulk: number, tail: number): SummaryRow => ({
    variable: 'x', mean: 0, sd: 1, q5: -1.6, q50: 0, q95: 1.6, rhat: rhatValue, essBulk: bulk, essTail: tail, mcseMean: 0.01, mcseSd: 0.01,
  });

  test('R-hat above 1.01 and ESS below 100 per chain', () => {
    expect(summaryWarnings(row(1.01, 400, 400), 4)).toEqual([]);
    const warnings = summaryWarnings(row(1.02, 399, 399.5), 4);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/R-hat 1\.020 > 1\.01/);
    expect(warnings[1]).toMatch(/Bulk-ESS 399 < 400 \(100 per chain\)/);
    expect(warnings[2]).toMatch(/Tail-ESS/);
    expect(summaryWarnings(row(1.02, 150, 150), 1, { rhat: 1.05, essPerChain: 200 })).toEqual([
      expect.stringMatching(/Bulk-ESS 150 < 200/), expect.stringMatching(/Tail-ESS 150 < 200/),
    ]);
  });

  test('the summary of a mixed AR(1) warns of nothing', () => {
    const [r] = summariseDraws([{ name: 'x', draws: normals(26, 4, 1000, 0.5) }]);
    expect(summaryWarnings(r, 4)).toEqual([]);
  });
});
