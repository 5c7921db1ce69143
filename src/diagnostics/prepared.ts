import { scratchFloat64, scratchUint32 } from './scratch';
import { argsort } from './sort';
import { type Draws, hasNaN, keptBySplit, quantileSorted, rankNormalise, splitChains } from './draws';

/** What several diagnostics of one quantity share, computed once and on demand: the pooled
 * draws, their sort and the rank-normalised split chains. Every diagnostic accepts a
 * `PreparedDraws` in place of `Draws`; `summariseDraws` prepares each variable once. The draws
 * are copied, so later changes to the arrays passed in do not reach it. */
export class PreparedDraws {
  readonly chains: number;
  readonly iterations: number;
  /** All draws, chain-major: `pooled[c · iterations + i]`. */
  readonly pooled: Float64Array;
  readonly hasNaN: boolean;
  private order?: Uint32Array;
  private sortedDraws?: Float64Array;
  private bulk?: Float64Array[];
  private folded?: Float64Array[];

  constructor(draws: Draws) {
    if (draws.length === 0) throw new Error('diagnostics: no chains');
    this.chains = draws.length;
    this.iterations = draws[0].length;
    if (this.iterations === 0 || draws.some((x) => x.length !== this.iterations)) {
      throw new Error('diagnostics: chains must be non-empty and of one length');
    }
    this.pooled = new Float64Array(this.chains * this.iterations);
    draws.forEach((x, c) => this.pooled.set(x, c * this.iterations));
    this.hasNaN = hasNaN(this.pooled);
  }

  /** `values` (chain-major like `pooled`) split as posterior's `.split_chains`. */
  split(values = this.pooled): Float64Array[] {
    return splitChains(values, this.iterations);
  }

  /** `values` (chain-major like `pooled`) as one view per chain. */
  whole(values = this.pooled): Float64Array[] {
    return Array.from({ length: this.chains }, (_, c) => values.subarray(c * this.iterations, (c + 1) * this.iterations));
  }

  /** R's type-7 quantile of all draws (NaN when any is NaN). */
  quantile(prob: number): number {
    return this.hasNaN ? NaN : quantileSorted(this.sorted, prob);
  }

  /** Indices into `pooled` in ascending order of the draws (NaN positions unspecified). */
  sortOrder(): Uint32Array {
    if (!this.order) this.order = argsort(this.pooled);
    return this.order;
  }

  /** All draws ascending (NaN positions unspecified). */
  get sorted(): Float64Array {
    if (!this.sortedDraws) this.sortedDraws = this.gather(this.pooled, this.sortOrder());
    return this.sortedDraws;
  }

  /** Rank-normalised split draws (posterior's `z_scale(.split_chains(x))`). */
  get bulkZ(): Float64Array[] {
    if (!this.bulk) {
      const { order, ascending } = this.keptSorted();
      this.bulk = this.rankNormalisedSplit(ascending, order);
    }
    return this.bulk;
  }

  /** Rank-normalised split folded draws |θ − median θ| (posterior's
   * `z_scale(.split_chains(fold_draws(x)))`, the median over all draws). The kept draws come in
   * this order without a second sort: from the median outwards the distances increase on either
   * side, so merging the two sides orders them. */
  get foldedZ(): Float64Array[] {
    if (!this.folded) {
      const median = this.quantile(0.5);
      const kept = this.keptSorted();
      const n = kept.order.length;
      const order = scratchUint32('foldedZ.order', n);
      const ascending = scratchFloat64('foldedZ.ascending', n);
      let right = 0;
      while (right < n && kept.ascending[right] < median) right++;
      let left = right - 1;
      for (let j = 0; j < n; j++) {
        const toLeft = left >= 0 ? median - kept.ascending[left] : Infinity;
        const toRight = right < n ? kept.ascending[right] - median : Infinity;
        if (toLeft <= toRight) {
          order[j] = kept.order[left--];
          ascending[j] = toLeft;
        } else {
          order[j] = kept.order[right++];
          ascending[j] = toRight;
        }
      }
      this.folded = this.rankNormalisedSplit(ascending, order);
    }
    return this.folded;
  }

  /** The draws that `split` keeps: their positions in ascending order, and their values so. */
  private keptSorted(): { order: Uint32Array; ascending: Float64Array } {
    const order = this.sortOrder();
    if (this.iterations % 2 === 0) return { order, ascending: this.sorted };
    const kept = order.filter((k) => keptBySplit(k, this.iterations));
    return { order: kept, ascending: this.gather(this.pooled, kept) };
  }

  private gather(values: Float64Array, order: Uint32Array): Float64Array {
    const out = new Float64Array(order.length);
    for (let j = 0; j < order.length; j++) out[j] = values[order[j]];
    return out;
  }

  /** Rank normalisation of kept draws, given ascending with their positions, as split chains. */
  private rankNormalisedSplit(ascending: Float64Array, order: Uint32Array): Float64Array[] {
    const z = new Float64Array(this.pooled.length);
    // posterior: z-scores of data with NA are NA (|∞ − ∞| of the folding included)
    if (hasNaN(ascending)) z.fill(NaN);
    else rankNormalise(ascending, order, z);
    return this.split(z);
  }
}

/** What every diagnostic of one quantity accepts. */
export type DrawsInput = Draws | PreparedDraws;

export function prepare(draws: DrawsInput): PreparedDraws {
  return draws instanceof PreparedDraws ? draws : new PreparedDraws(draws);
}
