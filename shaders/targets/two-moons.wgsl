// two-moons: a ring of radius 2 (width 0.2) times a two-bump profile in x:
// log p = -((r - 2)/0.2)²/2 + log-sum-exp(-((x - 2)/0.6)²/2, -((x + 2)/0.6)²/2).

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let r = length(vec2<f32>(a, (*x)[1]));
  let ring = (r - 2.0) / 0.2;
  let up = (a - 2.0) / 0.6;
  let um = (a + 2.0) / 0.6;
  return -0.5 * ring * ring + log_sum_exp2(-0.5 * up * up, -0.5 * um * um);
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let z = vec2<f32>((*x)[0], (*x)[1]);
  let r = length(z);
  let ring = (r - 2.0) / 0.2;
  let up = (z.x - 2.0) / 0.6;
  let um = (z.x + 2.0) / 0.6;
  let lp = -0.5 * up * up;
  let lm = -0.5 * um * um;
  let wp = sigmoid(lp - lm);   // weight of the x = +2 bump, without overflow
  // Ring term: d/dr · z/r, set to 0 at r = 0 where the direction is undefined.
  let s = select(0.0, -ring / (0.2 * r), r > 0.0);
  (*g)[0] = s * z.x - (wp * up + (1.0 - wp) * um) / 0.6;
  (*g)[1] = s * z.y;
  return -0.5 * ring * ring + log_sum_exp2(lp, lm);
}
