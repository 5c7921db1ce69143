// gaussian-nd: x_i ~ N(0, 1), log p = -|x|²/2.

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
  }
  return -0.5 * s;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    (*g)[i] = -(*x)[i];
  }
  return -0.5 * s;
}
