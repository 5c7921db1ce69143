import { afterAll, describe, expect, test } from 'vitest';
import { DiagnosticsFeed } from '../../src/state/diagnostics-feed';
import { useStats } from '../../src/state/stats';
import { computeReport } from '../../src/stats/compute-report';
import { traceColumn } from '../../src/stats/trace-window';
import { summariseDraws } from '../../src/diagnostics';
import { findSampler } from '../../src/samplers';
import { findTarget } from '../../src/targets';
import type { DiagnosticsReport } from '../../src/stats/report';
import type { RunConfig, SamplingEngine } from '../../src/engine/types';
import { ENGINE_KINDS, engineOf } from '../support/engines';

afterAll(async () => {
  for (const kind of ENGINE_KINDS) (await engineOf(kind)).dispose();
});

/** Drives `engine` as the session does: `warm` unrecorded transitions, then recording with
 * snapshots every `every` transitions; returns the last report (computed in-process). */
async function drive(engine: SamplingEngine, config: RunConfig, warm: number, rounds: number, every: number): Promise<DiagnosticsReport> {
  await engine.configure(config);
  const resolved = { target: findTarget(config.target)!, sampler: findSampler(config.sampler)!, d: config.d ?? 2, chains: config.chains };
  const computed: Promise<DiagnosticsReport>[] = [];
  const feed = new DiagnosticsFeed(engine, (input) => {
    const p = Promise.resolve(computeReport(input));
    computed.push(p);
    return p;
  });
  feed.reset(resolved);
  useStats.setState({ open: true });
  engine.run(warm);
  feed.startSampling(8);
  for (let k = 0; k < rounds; k++) {
    engine.run(every);
    feed.onSnapshot(await engine.snapshot(feed.request()));
    // Let a refresh finish, and the next one be due (REFRESH_MS).
    await Promise.all(computed);
    await new Promise((r) => setTimeout(r, k === rounds - 2 ? 320 : 0));
  }
  expect(computed.length).toBeGreaterThan(0);
  return useStats.getState().report!;
}

describe.each(ENGINE_KINDS)('diagnostics feed on %s', (kind) => {
  test('HMC on gaussian: warm-up is not recorded, the report is the window\'s, and matches the truth', async () => {
    const engine = await engineOf(kind);
    const report = await drive(engine, { target: 'gaussian', sampler: 'hmc', params: { eps: 0.5, L: 5 }, chains: 256, seed: 4 }, 40, 12, 25);
    const { trace, health } = useStats.getState();
    // 12 × 25 recorded draws per chain: the 40 warm-up draws are not among them.
    expect([trace!.from, trace!.rows, trace!.chains]).toEqual([40, 300, 8]);
    expect(report.iteration).toBe(340);
    expect(report.draws).toBe(300);
    // The summary is summarise_draws of the window.
    const again = summariseDraws([0, 1].map((i) => ({ name: `x${i}`, draws: traceColumn(trace!, i) })));
    expect(report.summary).toEqual(again);
    for (const row of report.summary) {
      expect(row.rhat).toBeLessThan(1.02);
      expect(row.essBulk).toBeGreaterThan(400);
      // 8 chains × 300 draws of N(0, 1): the mean within 4 of its MCSE.
      expect(Math.abs(row.mean)).toBeLessThan(4 * row.mcseMean);
    }
    // Pooled over 256 chains against the truth, in MCSE units: calibrated, so |z| < 4.
    for (const e of report.truthError!) {
      expect(Math.abs(e.meanZ)).toBeLessThan(4);
      expect(Math.abs(e.sdZ)).toBeLessThan(4);
    }
    expect(report.energy!.ebfmi.every((b) => b > 0.3)).toBe(true);
    // The warnings come from all 256 chains' moments (nested R-hat, ESS): a healthy run has none.
    expect(report.allChains).toMatchObject({ chains: 256, totalChains: 256 });
    expect(report.allChains!.rows.every((r) => r !== null && r.nrhat < r.nrhatMax && r.ess > 400)).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(report.distances!.kl).toBeGreaterThanOrEqual(0);
    // One health point per snapshot after the first: acceptance of HMC, no divergences.
    expect(health.length).toBe(11);
    expect(health.every((p) => p.acceptance > 0.5 && p.divergenceRate === 0)).toBe(true);
  });

  test('RWM from a dispersed start on mixture: no energy plot, mode masses, and R-hat flags the unmixed chains', async () => {
    const engine = await engineOf(kind);
    const report = await drive(engine, { target: 'mixture', sampler: 'rwm', params: { sigma: 0.3 }, chains: 512, seed: 9 }, 0, 4, 50);
    expect(report.energy).toBeNull();
    const { observed, truth } = report.modes!;
    expect(observed.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(observed.length).toBe(truth.length);
    // Eight small-step chains started apart do not mix between the modes in 200 draws.
    expect(Math.max(...report.summary.map((r) => r.rhat))).toBeGreaterThan(1.05);
    // Over all 512 chains: chains stuck in their modes give about one effective draw each.
    expect(report.allChains!.chains).toBe(512);
    expect(report.warnings.some((w) => /^(nested R-hat|ESS)/.test(w.text))).toBe(true);
  });
});
