import { scratchFloat64, scratchUint32 } from './scratch';

/** Whether `indicatorAutocovariance` beats the FFT on these 0/1 chains: it costs a step per pair
 * of ones in a chain (k(k − 1)/2 for k ones) plus two per draw, the FFT ~log₂(2n) per draw. */
export function sparseEnough(chains: readonly ArrayLike<number>[]): boolean {
  const n = chains[0].length;
  let pairs = 0;
  for (const x of chains) {
    let k = 0;
    for (let i = 0; i < n; i++) k += x[i];
    pairs += (k * (k - 1)) / 2;
  }
  return pairs < chains.length * n * Math.log2(2 * n);
}

/** `meanAutocovariance` of chains of zeros and ones (all lags), from the positions of the ones:
 * Σ_{i<n−t} (b_i − p)(b_{i+t} − p) = C_t − p(A_t + B_t) + (n − t)p² with p the chain's share of
 * ones, C_t the pairs of ones t apart, A_t the ones before n − t and B_t those from t on. The
 * tail indicators of the ESS of a 5% quantile are this sparse; 1 − b has the autocovariance of
 * b, so pass the rarer side. */
export function indicatorAutocovariance(chains: readonly ArrayLike<number>[]): Float64Array {
  const n = chains[0].length;
  const sums = new Float64Array(n);
  const ones = scratchUint32('indicatorAutocovariance.ones', n);
  const upTo = scratchFloat64('indicatorAutocovariance.upTo', n); // ones at positions ≤ i
  for (const x of chains) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (x[i] === 1) ones[k++] = i;
      upTo[i] = k;
    }
    for (let a = 0; a < k; a++) for (let b = a; b < k; b++) sums[ones[b] - ones[a]]++;
    const p = k / n;
    for (let t = 0; t < n; t++) {
      const before = upTo[n - t - 1];
      const from = t > 0 ? k - upTo[t - 1] : k;
      sums[t] += (n - t) * p * p - p * (before + from);
    }
  }
  for (let t = 0; t < n; t++) sums[t] /= n * chains.length;
  return sums;
}
