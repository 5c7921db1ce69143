// Bivariate normals for the 2-D targets (mirrors src/targets/gaussian-math.ts): a component is
// w · N(m, S) with S = [[s.x, s.y], [s.y, s.z]] and log_w = log w. Normalised, so mixture weights
// are masses.

struct Bvn {
  m: vec2<f32>,
  s: vec3<f32>,
  log_w: f32,
}

// log w + log N(z; m, S); writes its gradient -S⁻¹ (z - m) into g.
fn bvn_log_grad(b: Bvn, z: vec2<f32>, g: ptr<function, vec2<f32>>) -> f32 {
  let det = b.s.x * b.s.z - b.s.y * b.s.y;
  let u = z - b.m;
  let pu = vec2<f32>(b.s.z * u.x - b.s.y * u.y, b.s.x * u.y - b.s.y * u.x) / det;
  *g = -pu;
  return b.log_w - LOG_2PI - 0.5 * log(det) - 0.5 * dot(u, pu);
}

fn bvn_log(b: Bvn, z: vec2<f32>) -> f32 {
  var g: vec2<f32>;
  return bvn_log_grad(b, z, &g);
}

// The component convolved with N(0, s2 I): w · N(m, S + s2 I).
fn bvn_smoothed(b: Bvn, s2: f32) -> Bvn {
  return Bvn(b.m, b.s + vec3<f32>(s2, 0.0, s2), b.log_w);
}
