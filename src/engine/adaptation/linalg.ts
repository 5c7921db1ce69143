/** Lower Cholesky factor L (row-major d×d) of a symmetric positive-definite matrix `a`
 * (row-major d×d), L L^T = a. Throws when `a` is not positive definite. */
export function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`Matrix is not positive definite (pivot ${i}: ${s})`);
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return l;
}

/** Haario's scale of the proposal factor: (2.38²/d) Σ is optimal for Gaussian targets. */
export const haarioScale = (d: number): number => 2.38 / Math.sqrt(d);

/** The proposal factor adaptive Metropolis converges to: L with L Lᵀ = (2.38²/d) Σ, Σ the target's
 * covariance (diagonal where only variances are known). */
export function haarioFactor(truth: { readonly variance: readonly number[]; readonly cov?: readonly (readonly number[])[] }, d: number): Float64Array {
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) cov[i * d + j] = truth.cov ? truth.cov[i][j] : i === j ? truth.variance[i] : 0;
  }
  const l = cholesky(cov, d);
  for (let k = 0; k < l.length; k++) l[k] *= haarioScale(d);
  return l;
}
