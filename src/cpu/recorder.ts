import { chainMomentsOf, histogramBin, histogramScale, momentChains, traceRows } from '../engine/recording';
import type { RecordSpec, Recording } from '../engine/types';

/** CpuEngine's recording, in float64: the same quantities as the WGSL `record_draw` (per-chain
 * Welford moments, histograms, the traced chains' ring), read as a `Recording`. */
export class CpuRecorder {
  /** [i][chain] means and M2s. */
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly hist: Uint32Array;
  /** [row][traced chain][d + 1]. */
  private readonly ring: Float64Array;
  private readonly scales: readonly [number, number];

  constructor(readonly spec: RecordSpec, private readonly d: number, private readonly chains: number, readonly start: number) {
    const { box, bins } = spec.histogram;
    this.mean = new Float64Array(d * chains);
    this.m2 = new Float64Array(d * chains);
    this.hist = new Uint32Array(2 * bins + bins * bins);
    this.ring = new Float64Array(spec.window * spec.traceChains * (d + 1));
    this.scales = [histogramScale(box[0], box[1], bins), histogramScale(box[2], box[3], bins)];
  }

  /** Draw x of chain c, made by transition `iteration` (≥ start). */
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
    const { traceChains, window } = this.spec;
    if (c < traceChains) {
      const base = (((iteration - this.start) % window) * traceChains + c) * (d + 1);
      this.ring.set(x, base);
      this.ring[base + d] = energy;
    }
  }

  /** What is recorded when every chain has made `iteration` transitions; the ring's rows from
   * `traceSince` (or none); the per-chain moments of `momentCoords` (checked) when given. */
  read(iteration: number, traceSince: number | undefined, momentCoords?: readonly number[]): Recording {
    const { d, chains, spec, start } = this;
    const draws = iteration - start;
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      // Chan et al.'s merge of equal-count groups: the spread of the chain means plus each M2.
      let m = 0;
      let between = 0;
      let within = 0;
      for (let c = 0; c < chains; c++) {
        const v = this.mean[i * chains + c];
        const delta = v - m;
        m += delta / (c + 1);
        between += delta * (v - m);
        within += this.m2[i * chains + c];
      }
      const n = chains * draws;
      mean[i] = n > 0 ? m : NaN;
      variance[i] = n > 1 ? (draws * between + within) / (n - 1) : NaN;
    }
    const { bins } = spec.histogram;
    const { from, rows } = traceRows(spec, start, iteration, traceSince);
    const rowFloats = spec.traceChains * (d + 1);
    const values = new Float64Array(rows * rowFloats);
    for (let r = 0; r < rows; r++) {
      const row = (from + r - start) % spec.window;
      values.set(this.ring.subarray(row * rowFloats, (row + 1) * rowFloats), r * rowFloats);
    }
    return {
      spec, start, draws, mean, variance,
      hist1: [this.hist.slice(0, bins), this.hist.slice(bins, 2 * bins)],
      hist2: this.hist.slice(2 * bins),
      trace: { from, rows, chains: spec.traceChains, values },
      ...(momentCoords ? { chainMoments: this.chainMoments(momentCoords, draws) } : {}),
    };
  }

  private chainMoments(coords: readonly number[], draws: number) {
    const m = momentChains(this.chains, coords.length);
    const mean = new Float64Array(coords.length * m);
    const m2 = new Float64Array(coords.length * m);
    coords.forEach((i, k) => {
      mean.set(this.mean.subarray(i * this.chains, i * this.chains + m), k * m);
      m2.set(this.m2.subarray(i * this.chains, i * this.chains + m), k * m);
    });
    return chainMomentsOf(coords, m, draws, mean, m2);
  }
}
