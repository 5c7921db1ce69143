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

// The target convolved with N(0, s2 I): ½ N(+μ, vI) + ½ N(-μ, vI), v = 1 + s2, so with t = μ·x/v
// log p_s = (-|x|²/2 - |μ|²/2)/v + log cosh t - (D/2) log v and ∇ = (-x + tanh(t) μ)/v
// (s2 = 0: grad_log_density).
fn smoothed_grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
                             s2: f32) -> f32 {
  let mu = mixture_nd_mu();
  let v = 1.0 + s2;
  var s = 0.0;
  var sx = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    sx = sx + (*x)[i];
  }
  let t = mu * sx / v;
  // tanh from exp(-2|t|) so it cannot overflow.
  let e = exp(-2.0 * abs(t));
  let th = sign(t) * (1.0 - e) / (1.0 + e);
  for (var i = 0u; i < D; i = i + 1u) {
    (*g)[i] = (-(*x)[i] + th * mu) / v;
  }
  return (-0.5 * s - 4.5) / v + log_sum_exp2(t, -t) - 0.693147180559945 - 0.5 * f32(D) * log(v);
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  return smoothed_grad_log_density(x, g, 0.0);
}
