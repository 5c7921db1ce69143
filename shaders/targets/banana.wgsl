// banana: log p = -x²/8 - (y - (x² - 4)/4)²/2, i.e. x ~ N(0, 4), y | x ~ N((x² - 4)/4, 1).

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - 0.25 * (a * a - 4.0);
  return -0.125 * a * a - 0.5 * r * r;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = (*x)[1] - 0.25 * (a * a - 4.0);
  (*g)[0] = -0.25 * a + 0.5 * a * r;
  (*g)[1] = -r;
  return -0.125 * a * a - 0.5 * r * r;
}
