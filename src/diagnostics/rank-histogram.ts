import { averageRanks } from './draws';
import { type DrawsInput, prepare } from './prepared';

/** Rank plot data (Vehtari et al. 2021 §4.1): the draws of all chains ranked together (ties
 * averaged), and per chain the counts of its ranks in `bins` equal bins of 1…S. Chains that mix
 * have near-uniform histograms. NaN draws are left out (the others ranked among themselves). */
export function rankHistogram(draws: DrawsInput, bins: number): number[][] {
  const prepared = prepare(draws);
  const { pooled, iterations } = prepared;
  let order = prepared.sortOrder();
  let ascending = prepared.sorted;
  if (prepared.hasNaN) {
    order = order.filter((k) => !Number.isNaN(pooled[k]));
    ascending = ascending.filter((v) => !Number.isNaN(v));
  }
  const ranks = averageRanks(ascending);
  const counts = Array.from({ length: prepared.chains }, () => new Array<number>(bins).fill(0));
  for (let j = 0; j < order.length; j++) {
    counts[Math.floor(order[j] / iterations)][Math.floor(((ranks[j] - 1) * bins) / ranks.length)]++;
  }
  return counts;
}
