// gaussian: log p(x, y) = -(x² + y²)/2.

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  return -0.5 * ((*x)[0] * (*x)[0] + (*x)[1] * (*x)[1]);
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  (*g)[0] = -(*x)[0];
  (*g)[1] = -(*x)[1];
  return log_density(x);
}
