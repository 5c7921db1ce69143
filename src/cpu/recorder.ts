import { histogramBin, histogramScale, momentChains, traceRows } from '../engine/recording';
import type { RecordSpec } from '../engine/types';
import { type ChainRange, held, type RecordingPart } from './shard';

/** CpuEngine's recording of chains [first, first + count) of a run, in float64: the same
 * quantities as the WGSL `record_draw` (per-chain Welford moments, histograms, the traced chains'
 * ring), read as this range's part of a `Recording` (src/cpu/shard.ts merges the parts). */
export class CpuRecorder {
  /** [i][chain] means and M2s. */
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly hist: Uint32Array;
  /** The traced chains held here (the run's first spec.traceChains). */
  private readonly traced: number;
  /** [row][traced chain][d + 1]. */
  private readonly ring: Float64Array;
  private readonly scales: readonly [number, number];
  private readonly chains: number;

  /** `spec` is fitted to the whole run (recordLayout over all its chains). */
  constructor(readonly spec: RecordSpec, private readonly d: number, private readonly range: ChainRange, private readonly total: number, readonly start: number) {
    const { box, bins } = spec.histogram;
    this.chains = range.count;
    this.mean = new Float64Array(d * this.chains);
    this.m2 = new Float64Array(d * this.chains);
    this.hist = new Uint32Array(2 * bins + bins * bins);
    this.traced = held(range, spec.traceChains);
    this.ring = new Float64Array(spec.window * this.traced * (d + 1));
    this.scales = [histogramScale(box[0], box[1], bins), histogramScale(box[2], box[3], bins)];
  }

  /** Draw x of chain c (of this range), made by transition `iteration` (≥ start). */
  add(c: number, iteration: number, x: Float64Array, energy: number): void {
    const { d, chains } = this;
    const k = iteration - this.start + 1;
    for (let i = 0; i < d; i++) {
      const j = i * chains + c;
      const delta = x[i] - this.mean[j];
      this.mean[j] += delta / k;
      this.m2[j] += delta * (x[i] - this.mean[j]);
    }
    const { coords, box, bins } = this.spec.histogram;
    const b0 = histogramBin(x[coords[0]], box[0], this.scales[0], bins);
    const b1 = histogramBin(x[coords[1]], box[2], this.scales[1], bins);
    if (b0 >= 0) this.hist[b0]++;
    if (b1 >= 0) this.hist[bins + b1]++;
    if (b0 >= 0 && b1 >= 0) this.hist[2 * bins + b1 * bins + b0]++;
    if (c < this.traced) {
      const base = (((iteration - this.start) % this.spec.window) * this.traced + c) * (d + 1);
      this.ring.set(x, base);
      this.ring[base + d] = energy;
    }
  }

  /** This range's part when every chain has made `iteration` transitions: the ring's rows from
   * `traceSince` (or none); the per-chain moments of `momentCoords` (checked) when given. */
  read(iteration: number, traceSince: number | undefined, momentCoords?: readonly number[]): RecordingPart {
    const { d, chains, spec, start } = this;
    const chainMean = new Float64Array(d);
    const between = new Float64Array(d);
    const within = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      // Welford over the chain means (Chan et al.'s merge of equal-count groups needs their
      // spread), and the chains' own M2s summed.
      let m = 0;
      let b = 0;
      let w = 0;
      for (let c = 0; c < chains; c++) {
        const v = this.mean[i * chains + c];
        const delta = v - m;
        m += delta / (c + 1);
        b += delta * (v - m);
        w += this.m2[i * chains + c];
      }
      chainMean[i] = m;
      between[i] = b;
      within[i] = w;
    }
    const { from, rows } = traceRows(spec, start, iteration, traceSince);
    const rowFloats = this.traced * (d + 1);
    const values = new Float64Array(rows * rowFloats);
    for (let r = 0; r < rows; r++) {
      const row = (from + r - start) % spec.window;
      values.set(this.ring.subarray(row * rowFloats, (row + 1) * rowFloats), r * rowFloats);
    }
    return {
      spec, start, draws: iteration - start, chainMean, between, within, hist: this.hist.slice(),
      trace: { from, rows, chains: this.traced, values },
      ...(momentCoords ? { chainMoments: this.chainMoments(momentCoords) } : {}),
    };
  }

  /** The raw Welford rows of this range's chains among the run's first `momentChains`. */
  private chainMoments(coords: readonly number[]) {
    const m = held(this.range, momentChains(this.total, coords.length));
    const mean = new Float64Array(coords.length * m);
    const m2 = new Float64Array(coords.length * m);
    coords.forEach((i, k) => {
      mean.set(this.mean.subarray(i * this.chains, i * this.chains + m), k * m);
      m2.set(this.m2.subarray(i * this.chains, i * this.chains + m), k * m);
    });
    return { coords, chains: m, mean, m2 };
  }
}
