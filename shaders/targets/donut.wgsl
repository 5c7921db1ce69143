// donut: log p = -(r - 2.6)²/0.033, r = |(x, y)|.

const DONUT_R: f32 = 2.6;
const DONUT_W: f32 = 0.033;

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let r = length(vec2<f32>((*x)[0], (*x)[1]));
  return -(r - DONUT_R) * (r - DONUT_R) / DONUT_W;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let z = vec2<f32>((*x)[0], (*x)[1]);
  let r = length(z);
  // ∂/∂z = dlogp/dr · z/r; at r = 0 the direction is undefined: take 0 there, not NaN.
  let s = select(0.0, -2.0 * (r - DONUT_R) / (DONUT_W * r), r > 0.0);
  (*g)[0] = s * z.x;
  (*g)[1] = s * z.y;
  return -(r - DONUT_R) * (r - DONUT_R) / DONUT_W;
}
