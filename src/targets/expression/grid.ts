/** n evenly spaced points across [lo, hi]: cell midpoints, or (`ends`) from lo to hi inclusive. */
function axis(lo: number, hi: number, n: number, ends: boolean): Float64Array {
  const h = (hi - lo) / (ends ? n - 1 : n);
  const start = ends ? lo : lo + h / 2;
  return Float64Array.from({ length: n }, (_, i) => start + i * h);
}

/** An n × n grid over the box [x0, x1, y0, y1] (see `axis`): point k is (x_⌊k/n⌋, y_(k mod n)). */
export function gridPoints(box: readonly number[], n: number, ends: boolean): Float64Array[] {
  const xs = axis(box[0], box[1], n, ends);
  const ys = axis(box[2], box[3], n, ends);
  return Array.from({ length: n * n }, (_, k) => Float64Array.of(xs[Math.floor(k / n)], ys[k % n]));
}
