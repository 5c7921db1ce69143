import { describe, expect, test } from 'vitest';
import type { SummaryRow } from '../../src/stats/report';
import type { TraceData } from '../../src/stats/trace-window';
import { csvNumber, drawsCsv, summaryCsv } from '../../src/ui/export';

/** 2 chains × 3 rows of d = 2 from iteration 10; value = chain + row / 10 + coordinate / 100,
 * energy = −(chain + row). */
function trace(): TraceData {
  const chains = 2;
  const d = 2;
  const rows = 3;
  const values = new Float64Array(rows * chains * (d + 1));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < chains; c++) {
      const at = (r * chains + c) * (d + 1);
      for (let i = 0; i < d; i++) values[at + i] = c + r / 10 + i / 100;
      values[at + d] = -(c + r);
    }
  }
  return { from: 10, rows, chains, d, values };
}

const parse = (csv: string) => csv.trimEnd().split('\n').map((line) => line.split(','));

describe('csvNumber', () => {
  test('writes the shortest text that reads back to the same double', () => {
    for (const v of [0.1 + 0.2, 1 / 3, -1e-300, 123456789.125, 2 ** 53 + 2, 5e-324]) {
      expect(Number(csvNumber(v))).toBe(v);
    }
    expect(csvNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvNumber(1e-20)).toBe('1e-20');
    expect(csvNumber(0)).toBe('0');
  });

  test('writes NaN as NA and infinities as Inf like R', () => {
    expect(csvNumber(NaN)).toBe('NA');
    expect(csvNumber(Infinity)).toBe('Inf');
    expect(csvNumber(-Infinity)).toBe('-Inf');
  });
});

describe('drawsCsv', () => {
  test('one row per chain and iteration, chain-major, with the energy column when asked', () => {
    const rows = parse(drawsCsv(trace(), { energy: true }));
    expect(rows[0]).toEqual(['chain', 'iteration', 'x0', 'x1', 'energy']);
    expect(rows).toHaveLength(1 + 2 * 3);
    expect(rows.slice(1).map(([c, it]) => `${c}@${it}`)).toEqual(['0@10', '0@11', '0@12', '1@10', '1@11', '1@12']);
    expect(rows[6]).toEqual(['1', '12', String(1 + 2 / 10), String(1 + 2 / 10 + 1 / 100), '-3']);
  });

  test('leaves the energy column out for samplers without one', () => {
    const rows = parse(drawsCsv(trace(), { energy: false }));
    expect(rows[0]).toEqual(['chain', 'iteration', 'x0', 'x1']);
    expect(rows.every((r) => r.length === 4)).toBe(true);
  });

  test('writes full precision and NA', () => {
    const t = trace();
    t.values[0] = Math.PI;
    t.values[1] = NaN;
    const rows = parse(drawsCsv(t, { energy: false }));
    expect(rows[1]).toEqual(['0', '10', '3.141592653589793', 'NA']);
  });

  test('an empty window is the header alone', () => {
    expect(drawsCsv({ from: 0, rows: 0, chains: 4, d: 1, values: new Float64Array(0) }, { energy: false })).toBe('chain,iteration,x0\n');
  });
});

describe('summaryCsv', () => {
  const row = (variable: string, rhat: number): SummaryRow => ({
    variable, mean: 0.1 + 0.2, sd: 1, q5: -1.6448536269514722, q50: 0, q95: 1.6448536269514722,
    rhat, essBulk: 1234.5, essTail: 987.25, mcseMean: 0.01, mcseSd: 1e-7,
  });

  test('has summarise_draws column names and one row per variable', () => {
    const rows = parse(summaryCsv([row('x0', 1.001), row('x1', NaN)]));
    expect(rows[0]).toEqual(['variable', 'mean', 'sd', 'q5', 'q50', 'q95', 'rhat', 'ess_bulk', 'ess_tail', 'mcse_mean', 'mcse_sd']);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['x0', '0.30000000000000004', '1', '-1.6448536269514722', '0', '1.6448536269514722', '1.001', '1234.5', '987.25', '0.01', '1e-7']);
    expect(rows[2][0]).toBe('x1');
    expect(rows[2][6]).toBe('NA');
  });

  test('ends with a newline', () => {
    expect(summaryCsv([])).toBe('variable,mean,sd,q5,q50,q95,rhat,ess_bulk,ess_tail,mcse_mean,mcse_sd\n');
  });
});
