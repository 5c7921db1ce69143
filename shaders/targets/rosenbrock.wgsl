// rosenbrock: log p = -((1 - x)² + 100 (y - x²)²)/20, i.e. x ~ N(1, 10), y | x ~ N(x², 0.1).

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - a * a;
  return -((1.0 - a) * (1.0 - a) + 100.0 * r * r) / 20.0;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - a * a;
  (*g)[0] = 0.1 * (1.0 - a) + 20.0 * a * r;
  (*g)[1] = -10.0 * r;
  return -((1.0 - a) * (1.0 - a) + 100.0 * r * r) / 20.0;
}
