// The standard normal CDF Φ and quantile Φ⁻¹ in f32 (src/samplers/normal.ts is the float64
// reference, which refines its quantile against its own CDF; these are one-shot approximations
// accurate to a few f32 ulps of the result).

const NORMAL_SQRT1_2: f32 = 0.70710678118654752;
const NORMAL_SQRT2: f32 = 1.41421356237309505;
// Smallest tail probability the quantile resolves (2^-25): p is clamped into [Q, 1 − Q], so
// |Φ⁻¹(p)| ≤ 5.42. f32 cannot tell Φ(x) from 1 beyond x ≈ 5.4 anyway.
const NORMAL_TAIL_MIN: f32 = 2.98023224e-8;

// Φ(x) = erfc(−x/√2)/2, with erfc from the Chebyshev fit of Numerical Recipes' `erfcc`
// (relative error < 1.2e-7 for every z ≥ 0, so the lower tail keeps its relative accuracy).
fn normal_cdf(x: f32) -> f32 {
  let z = abs(x) * NORMAL_SQRT1_2;
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let half_erfc = 0.5 * t * exp(poly - z * z);
  if (x < 0.0) {
    return half_erfc;
  }
  return 1.0 - half_erfc;
}

// Φ⁻¹(p) = √2 erfinv(2p − 1), erfinv by Giles' single-precision approximation ("Approximating the
// erfinv function", GPU Computing Gems, 2011): erfinv(x) = x · P(w), w = −log(1 − x²). Here
// 1 − x² = 4q(1 − q) is formed from the smaller tail q = min(p, 1 − p) (1 − p is exact in f32 for
// p ≥ 1/2), so nothing cancels near p = 0 or 1.
fn normal_quantile(p: f32) -> f32 {
  let q = clamp(min(p, 1.0 - p), NORMAL_TAIL_MIN, 0.5);
  var w = -log(4.0 * q * (1.0 - q));
  var r: f32;
  if (w < 5.0) {
    w = w - 2.5;
    r = 2.81022636e-08;
    r = 3.43273939e-07 + r * w;
    r = -3.5233877e-06 + r * w;
    r = -4.39150654e-06 + r * w;
    r = 0.00021858087 + r * w;
    r = -0.00125372503 + r * w;
    r = -0.00417768164 + r * w;
    r = 0.246640727 + r * w;
    r = 1.50140941 + r * w;
  } else {
    w = sqrt(w) - 3.0;
    r = -0.000200214257;
    r = 0.000100950558 + r * w;
    r = 0.00134934322 + r * w;
    r = -0.00367342844 + r * w;
    r = 0.00573950773 + r * w;
    r = -0.0076224613 + r * w;
    r = 0.00943887047 + r * w;
    r = 1.00167406 + r * w;
    r = 2.83297682 + r * w;
  }
  let v = NORMAL_SQRT2 * r * (1.0 - 2.0 * q);
  if (p < 0.5) {
    return -v;
  }
  return v;
}
