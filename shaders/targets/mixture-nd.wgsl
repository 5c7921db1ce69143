// mixture-nd: ½ N(+μ, I) + ½ N(-μ, I), μ = (3/√D)(1, ..., 1), |μ|² = 9. Factoring out the common
// part: log p = -|x|²/2 - |μ|²/2 + log-sum-exp(t, -t) - log 2, t = μ·x.

fn mixture_nd_mu() -> f32 {
  return 3.0 / sqrt(f32(D));
}

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  var sx = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    sx = sx + (*x)[i];
  }
  let t = mixture_nd_mu() * sx;
  return -0.5 * s - 4.5 + log_sum_exp2(t, -t) - 0.693147180559945;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let mu = mixture_nd_mu();
  var s = 0.0;
  var sx = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    sx = sx + (*x)[i];
  }
  let t = mu * sx;
  // ∇ = -x + tanh(t) μ; tanh from exp(-2|t|) so it cannot overflow.
  let e = exp(-2.0 * abs(t));
  let th = sign(t) * (1.0 - e) / (1.0 + e);
  for (var i = 0u; i < D; i = i + 1u) {
    (*g)[i] = -(*x)[i] + th * mu;
  }
  return -0.5 * s - 4.5 + log_sum_exp2(t, -t) - 0.693147180559945;
}
