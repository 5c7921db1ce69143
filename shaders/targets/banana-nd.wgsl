// banana-nd: x_0 ~ N(0, 4), x_1 | x_0 ~ N((x_0² - 4)/4, 1), x_i ~ N(0, 1) for i ≥ 2.

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - 0.25 * (a * a - 4.0);
  var s = 0.0;
  for (var i = 2u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
  }
  return -0.125 * a * a - 0.5 * r * r - 0.5 * s;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - 0.25 * (a * a - 4.0);
  (*g)[0] = -0.25 * a + 0.5 * a * r;
  (*g)[1] = -r;
  var s = 0.0;
  for (var i = 2u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    (*g)[i] = -(*x)[i];
  }
  return -0.125 * a * a - 0.5 * r * r - 0.5 * s;
}
