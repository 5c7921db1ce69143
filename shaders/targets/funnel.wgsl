// funnel (Neal): y ~ N(0, 9), x | y ~ N(0, e^y):
// log p = -y²/18 - y/2 - x² e^(-y)/2. y is the log-scale (vertical) coordinate.

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let y = (*x)[1];
  return -y * y / 18.0 - 0.5 * y - 0.5 * a * a * exp(-y);
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let y = (*x)[1];
  let e = exp(-y);
  (*g)[0] = -a * e;
  (*g)[1] = -y / 9.0 - 0.5 + 0.5 * a * a * e;
  return -y * y / 18.0 - 0.5 * y - 0.5 * a * a * e;
}
