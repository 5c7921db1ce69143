/** The standard normal CDF Φ and quantile Φ⁻¹ in float64, the reference for
 * shaders/samplers/lib_normal.wgsl (which is f32 and uses cheaper approximations). Φ⁻¹ is refined
 * against this Φ, so Φ⁻¹(Φ(x)) = x to rounding wherever Φ(x) carries the information. */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** erfc(z) for z ≥ 0, to about 1e-15 relative (1e-16 absolute below z = 1.5). */
function erfcNonNegative(z: number): number {
  if (z < 1.5) {
    // erf z = (2/√π) e^(−z²) Σ_n 2^n z^(2n+1) / (1·3···(2n+1)): positive terms, no cancellation.
    const z2 = 2 * z * z;
    let term = z;
    let sum = z;
    for (let n = 1; term > 1e-17 * sum; n++) {
      term *= z2 / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-z * z) * sum;
  }
  // erfc z = e^(−z²)/√π · 1/(z + (1/2)/(z + (2/2)/(z + (3/2)/(z + …)))), evaluated from the tail;
  // the term counts reach rounding level from z = 1.5, 2 and 3 on (checked against the series).
  const terms = z < 2 ? 120 : z < 3 ? 60 : 30;
  let f = z;
  for (let k = terms; k >= 1; k--) f = z + k / 2 / f;
  return Math.exp(-z * z) / SQRT_PI / f;
}

/** Φ(x); relative accuracy in the lower tail, absolute (1 − tiny) in the upper. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x < 0 ? 0.5 * erfcNonNegative(-x / Math.SQRT2) : 1 - 0.5 * erfcNonNegative(x / Math.SQRT2);
}

/** Φ⁻¹(p) for p in (0, 1): Abramowitz–Stegun 26.2.23 (|error| < 4.5e-4) on the smaller tail
 * q = min(p, 1 − p) (1 − p is exact for p ≥ 0.5), then two Halley steps on Φ(r) = q (cubic
 * convergence: 4.5e-4 → ~1e-10 → rounding). ±Infinity at 0 and 1, NaN outside. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let r = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (let k = 0; k < 2; k++) {
    const e = normalCdf(r) - q;
    const u = e * SQRT_2PI * Math.exp(0.5 * r * r);
    r -= u / (1 + 0.5 * r * u);
  }
  return p < 0.5 ? r : -r;
}

/** log φ(x), the standard normal log-density. */
export function logNormalPdf(x: number): number {
  return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
}
