import {
  EBFMI_MIN, ebfmi, energyDistance, gridKl, manyChainRow, manyChainWarnings, meanAutocorrelation, mmdRbf, PreparedDraws,
  rankHistogram, slicedWasserstein, summariseDraws, type Points,
} from '../diagnostics';
import { divergencesWarn } from '../diagnostics/thresholds';
import { initialPositions } from '../engine/init-state';
import { cellCentres, logDensityGrid } from '../targets/grid';
import { findSampler } from '../samplers';
import { targetOf } from '../targets';
import type { TargetDecl } from '../targets/types';
import type { DiagnosticsReport, ManyChainRow, SummaryWarning } from './report';
import type { ReportInput } from './report-input';
import { traceColumn } from './trace-window';

/** Draws the trace plot shows per chain. */
const TRACE_SHOWN = 300;
const ACF_LAGS = 40;
/** The autocorrelation plot's estimate uses each chain's newest draws only: 40 lags need no more. */
const ACF_DRAWS = 500;
const RANK_BINS = 20;
/** Points per side of the distances (O(n²) each): 256 keeps a refresh within its budget. */
const DISTANCE_POINTS = 256;
const SLICED_PROJECTIONS = 64;

/** Rows `rows` of a coordinate-major array over `stride` chains ([i · stride + c]), for its
 * first n chains, as row-major points. */
function pointsOf(values: Float64Array, stride: number, rows: readonly number[], n: number): Points {
  const k = rows.length;
  const data = new Float64Array(n * k);
  for (let c = 0; c < n; c++) rows.forEach((i, j) => (data[c * k + j] = values[i * stride + c]));
  return { n, d: k, data };
}

/** Exact draws of a target's coordinates, cached by (target, d, coords): the same reference set
 * every refresh, so the distances over time move only with the chains. */
const exactCache = new Map<string, Points>();
function exactPoints(target: TargetDecl, d: number, coords: readonly number[]): Points | null {
  if (!target.exact) return null;
  const key = `${target.id}/${d}/${coords.join(',')}`;
  let p = exactCache.get(key);
  if (!p) {
    p = pointsOf(initialPositions(target, d, DISTANCE_POINTS, 0, 'exact'), DISTANCE_POINTS, coords, DISTANCE_POINTS);
    exactCache.set(key, p);
  }
  return p;
}

/** The chains' current positions (the input's shown chains, coordinate-major) as points. */
function currentPoints(input: ReportInput): Points {
  return pointsOf(input.positions, input.shownChains, input.coords.map((_, k) => k), Math.min(input.shownChains, DISTANCE_POINTS));
}

/** The target's log-density at the centres of the recorded histogram's bins (2-D only), cached. */
const gridCache = new Map<string, Float64Array>();
function cachedLogDensityGrid(target: TargetDecl, box: readonly number[], bins: number): Float64Array {
  const key = `${target.id}/${box.join(',')}/${bins}`;
  let grid = gridCache.get(key);
  if (!grid) {
    grid = logDensityGrid(target, box, bins);
    gridCache.set(key, grid);
  }
  return grid;
}

/** The recorded mass nearest each mode (by the histogram's two coordinates, over its box). */
function modeMass(input: ReportInput, modeCenters: readonly (readonly number[])[]): number[] {
  const { hist2, spec } = input.recording;
  const { box, bins, coords } = spec.histogram;
  const centers = modeCenters.map((m) => coords.map((i) => m[i]));
  const mass = new Array<number>(centers.length).fill(0);
  let total = 0;
  const xs = cellCentres(box[0], box[1], bins);
  const ys = cellCentres(box[2], box[3], bins);
  for (let j = 0; j < bins; j++) {
    for (let i = 0; i < bins; i++) {
      const n = hist2[j * bins + i];
      if (n === 0) continue;
      const [x, y] = [xs[i], ys[j]];
      let best = 0;
      centers.forEach((m, k) => {
        if ((x - m[0]) ** 2 + (y - m[1]) ** 2 < (x - centers[best][0]) ** 2 + (y - centers[best][1]) ** 2) best = k;
      });
      mass[best] += n;
      total += n;
    }
  }
  return mass.map((m) => (total > 0 ? m / total : NaN));
}

/** Stan's energy plot: E − Ē pooled over chains and each chain's Eₙ − Eₙ₋₁, plus E-BFMI. */
function energyPlotData(chains: readonly Float64Array[]): NonNullable<DiagnosticsReport['energy']> {
  const n = chains[0].length;
  const centred = new Float64Array(chains.length * n);
  const transitions = new Float64Array(chains.length * (n - 1));
  let sum = 0;
  chains.forEach((x, c) => {
    centred.set(x, c * n);
    for (let j = 1; j < n; j++) transitions[c * (n - 1) + j - 1] = x[j] - x[j - 1];
  });
  for (let k = 0; k < centred.length; k++) sum += centred[k];
  const mean = sum / centred.length;
  for (let k = 0; k < centred.length; k++) centred[k] -= mean;
  return { centred, transitions, ebfmi: chains.map((x) => ebfmi(x)) };
}

/** The all-chain rows (nested R-hat, ESS, MCSE of the mean) of every coordinate the recording's
 * per-chain moments cover, by coordinate. */
function allChainsOf(input: ReportInput): DiagnosticsReport['allChains'] {
  const m = input.recording.chainMoments;
  if (!m || m.chains < 2) return null;
  const rows = new Array<ManyChainRow | null>(input.d).fill(null);
  m.coords.forEach((i, k) => {
    rows[i] = manyChainRow(m.mean.subarray(k * m.chains, (k + 1) * m.chains), m.variance.subarray(k * m.chains, (k + 1) * m.chains), m.draws);
  });
  return { chains: m.chains, totalChains: input.chains, rows };
}

/**
 * Every diagnostic of one refresh. Convergence readouts and warnings (nested R-hat, ESS, MCSE of
 * the mean) come from the per-chain moments of (up to MAX_MOMENT_CHAINS) chains; the traced
 * chains' window gives the plots (trace, ranks, ACF, energy) and the traced summary (quantiles,
 * MCSE of the sd). The error against the truth uses the pooled moments of all chains. Samplers
 * whose particles interact (SVGD) get no mixing diagnostics: their chains are not independent.
 */
export function computeReport(input: ReportInput): DiagnosticsReport {
  const started = performance.now();
  const target = targetOf(input);
  const sampler = findSampler(input.sampler);
  if (!target || !sampler) throw new Error(`Unknown target or sampler: ${input.target}, ${input.sampler}`);
  const { trace, coords, d, recording } = input;
  const columns = Array.from({ length: d }, (_, i) => traceColumn(trace, i));
  // Each coordinate sorted and rank-normalised once, for the summary and the rank plots alike.
  const prepared = columns.map((draws) => new PreparedDraws(draws));
  const summary = summariseDraws(prepared.map((draws, i) => ({ name: `x${i}`, draws })));
  const interacting = sampler.interaction !== undefined;
  const allChains = interacting ? null : allChainsOf(input);
  const warnings: SummaryWarning[] = (allChains?.rows ?? []).flatMap((row, i) =>
    row ? manyChainWarnings(row).map((text) => ({ variable: `x${i}`, text })) : []);
  const transitions = input.chains * Math.max(1, recording.draws);
  if (divergencesWarn(input.divergences, transitions, !sampler.reports.includes('accepted'))) {
    warnings.push({ variable: null, text: `${input.divergences.toLocaleString('en-US')} divergent transitions after warm-up (${((100 * input.divergences) / transitions).toPrecision(2)} %): the draws may be biased where the target is most curved` });
  }

  const shown = coords.map((i) => traceColumn(trace, i, TRACE_SHOWN));
  const firstShown = trace.from + trace.rows - shown[0][0].length;
  const iterations = Float64Array.from({ length: shown[0][0].length }, (_, j) => firstShown + j);

  let energy: DiagnosticsReport['energy'] = null;
  // E-BFMI is about HMC's momentum resampling (Betancourt 2016): Hamiltonian samplers only.
  if (sampler.family === 'hamiltonian' && sampler.reports.includes('energy')) {
    energy = energyPlotData(traceColumn(trace, d));
    const low = energy.ebfmi.filter((b) => b < EBFMI_MIN).length;
    if (low > 0) warnings.push({ variable: null, text: `E-BFMI below ${EBFMI_MIN} in ${low} of ${trace.chains} traced chains: the momentum resampling explores the energy slowly (heavy tails or poor adaptation)` });
  }

  const truth = target.truth(d);
  // Pooled draws against the window's: MCSE scales as 1/√draws at a fixed efficiency.
  const pooledDraws = input.chains * recording.draws;
  const scale = Math.sqrt((trace.chains * trace.rows) / pooledDraws);
  const pooled = summary.map((row, i) => {
    const sd = Math.sqrt(recording.variance[i]);
    // The all-chain MCSE where there is one (from allChains.chains of the chains: scaled to all).
    const all = allChains?.rows[i];
    const mcseMean = all ? all.mcseMean * Math.sqrt(allChains!.chains / input.chains) : row.mcseMean * scale;
    return {
      mean: recording.mean[i], sd,
      meanZ: (recording.mean[i] - truth.mean[i]) / mcseMean,
      sdZ: (sd - Math.sqrt(truth.variance[i])) / (row.mcseSd * scale),
    };
  });
  const truthError = pooledDraws > 1 ? coords.map((i) => pooled[i]) : null;

  const exact = exactPoints(target, d, coords);
  const { box, bins } = recording.spec.histogram;
  const kl = d === 2 ? gridKl(recording.hist2, cachedLogDensityGrid(target, box, bins)) : null;
  let distances: DiagnosticsReport['distances'] = null;
  if (exact || kl !== null) {
    const now = currentPoints(input);
    distances = {
      energy: exact ? energyDistance(now, exact) : NaN,
      mmd: exact ? mmdRbf(now, exact) : NaN,
      sliced: exact ? slicedWasserstein(now, exact, SLICED_PROJECTIONS, 1) : NaN,
      kl,
    };
  }

  return {
    iteration: trace.from + trace.rows,
    draws: trace.rows,
    chains: trace.chains,
    coords,
    trace: { iterations, values: shown },
    acf: coords.map((i) => meanAutocorrelation(columns[i].map((x) => x.subarray(Math.max(0, x.length - ACF_DRAWS))), ACF_LAGS)),
    ranks: { bins: RANK_BINS, counts: coords.map((i) => rankHistogram(prepared[i], RANK_BINS)) },
    summary,
    allChains,
    interacting,
    warnings,
    energy,
    truthError,
    pooled,
    distances,
    modes: truth.modes ? { observed: modeMass(input, truth.modes.centers), truth: truth.modes.mass } : null,
    elapsedMs: performance.now() - started,
  };
}
