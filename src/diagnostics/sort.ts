import { scratchFloat64, scratchUint32 } from './scratch';

/** Indices that sort `values` ascending, ties in index order (−0 and +0 tie; NaN positions are
 * unspecified: callers check for NaN first). Ranking 10⁵ draws is the hot spot of a refresh, so
 * this is an LSD radix sort on the top 32 bits of the IEEE pattern, then on the low 32 bits
 * within the (rare) runs that agree on the top: ~2× faster than `Float64Array.prototype.sort`,
 * which besides would not give the permutation. */
export function argsort(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  const copy = scratchFloat64('argsort.values', n);
  copy.set(values);
  const words = new Uint32Array(copy.buffer, copy.byteOffset, 2 * n); // little-endian: [low, high] each
  const high = scratchUint32('argsort.high', n);
  const low = scratchUint32('argsort.low', n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let hi = words[2 * i + 1];
    const lo = words[2 * i];
    if (hi === 0x80000000 && lo === 0) hi = 0; // −0 as +0
    // Unsigned integers in numeric order: flip all bits of negatives, the sign bit of the rest.
    const negative = hi >>> 31 === 1;
    high[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
    low[i] = negative ? ~lo >>> 0 : lo;
    order[i] = i;
  }
  radixSort(high, order, 16);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && high[end] === high[start]) end++;
    if (end - start > 1) sortRun(order.subarray(start, end), low, values);
    start = end;
  }
  return order;
}

/** Orders a run of indices whose draws share their top 32 bits by the low 32. */
function sortRun(run: Uint32Array, low: Uint32Array, values: ArrayLike<number>): void {
  if (run.length <= 32) {
    for (let i = 1; i < run.length; i++) {
      const k = run[i];
      let j = i - 1;
      for (; j >= 0 && values[run[j]] > values[k]; j--) run[j + 1] = run[j];
      run[j + 1] = k;
    }
    return;
  }
  if (isSorted(run, values)) return; // ties of a discrete quantity
  const keys = new Uint32Array(run.length);
  for (let i = 0; i < run.length; i++) keys[i] = low[run[i]];
  radixSort(keys, run, 8); // small digits: runs are short
}

function isSorted(run: Uint32Array, values: ArrayLike<number>): boolean {
  for (let i = 1; i < run.length; i++) if (values[run[i]] < values[run[i - 1]]) return false;
  return true;
}

/** Stable LSD radix sort of `order` by the parallel `keys` (both permuted in place). */
function radixSort(keys: Uint32Array, order: Uint32Array, digitBits: 8 | 16): void {
  const n = keys.length;
  const mask = (1 << digitBits) - 1;
  const counts = new Uint32Array(1 << digitBits);
  let fromKeys = keys;
  let fromOrder = order;
  let toKeys = scratchUint32('radixSort.keys', n);
  let toOrder = scratchUint32('radixSort.order', n);
  for (let shift = 0; shift < 32; shift += digitBits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(fromKeys[i] >>> shift) & mask]++;
    if (counts[(fromKeys[0] >>> shift) & mask] === n) continue; // one digit value: nothing moves
    let offset = 0;
    for (let d = 0; d <= mask; d++) {
      const c = counts[d];
      counts[d] = offset;
      offset += c;
    }
    for (let i = 0; i < n; i++) {
      const key = fromKeys[i];
      const to = counts[(key >>> shift) & mask]++;
      toKeys[to] = key;
      toOrder[to] = fromOrder[i];
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromOrder, toOrder] = [toOrder, fromOrder];
  }
  if (fromKeys !== keys) {
    keys.set(fromKeys);
    order.set(fromOrder);
  }
}

/** The k-th smallest (0-based) of `values` by Hoare's quickselect (median-of-three pivots),
 * leaving values[0..k) ≤ values[k] ≤ values(k..]: O(n) where the median of 10⁵ pairwise
 * distances would otherwise need a sort. */
export function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo];
    const b = values[(lo + hi) >>> 1];
    const c = values[hi];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break; // values(j..i) all equal the pivot
  }
  return values[k];
}
