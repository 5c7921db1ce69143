// ill-conditioned-nd: x_i ~ N(0, s_i²), s_i = 10^(-1 + 2i/(D - 1)) for i = 0..D-1 (condition
// number 10^4). Precision 1/s_i² = 10^(2 - 4i/(D - 1)).

const ILL_LN10: f32 = 2.30258509299405;

fn ill_precision(i: u32) -> f32 {
  return exp(ILL_LN10 * (2.0 - 4.0 * f32(i) / f32(D - 1u)));
}

fn gaussian_prior_std(i: u32) -> f32 {
  return inverseSqrt(ill_precision(i));
}

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + ill_precision(i) * (*x)[i] * (*x)[i];
  }
  return -0.5 * s;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let px = ill_precision(i) * (*x)[i];
    s = s + px * (*x)[i];
    (*g)[i] = -px;
  }
  return -0.5 * s;
}
