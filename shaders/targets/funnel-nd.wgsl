// funnel-nd: v = x_0 ~ N(0, 9), x_i | v ~ N(0, e^v) for i = 1..D-1:
// log p = -v²/18 - (D - 1) v/2 - e^(-v) Σ x_i²/2.

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let v = (*x)[0];
  var s = 0.0;
  for (var i = 1u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
  }
  return -v * v / 18.0 - 0.5 * f32(D - 1u) * v - 0.5 * s * exp(-v);
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let v = (*x)[0];
  let e = exp(-v);
  var s = 0.0;
  for (var i = 1u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
    (*g)[i] = -e * (*x)[i];
  }
  (*g)[0] = -v / 9.0 - 0.5 * f32(D - 1u) + 0.5 * s * e;
  return -v * v / 18.0 - 0.5 * f32(D - 1u) * v - 0.5 * s * e;
}
