// Mixtures of bivariate normals (after lib_bivariate): log Σ_k w_k N_k(z), shifted by the largest
// term so that no component underflows to log 0 away from its mode. The including target
// declares `const MIX_K: u32` and `const MIX: array<Bvn, MIX_K>`; this file supplies its
// log_density, grad_log_density and smoothed_grad_log_density.

// The mixture convolved with N(0, s2 I), Σ_k w_k N(m_k, S_k + s2 I) (s2 = 0: the target itself);
// writes its gradient Σ_k r_k ∇log N_k (r_k the responsibilities) into g.
fn mix_smoothed_log_grad(z: vec2<f32>, s2: f32, g: ptr<function, vec2<f32>>) -> f32 {
  var l: array<f32, MIX_K>;
  var gk: array<vec2<f32>, MIX_K>;
  var m = -F32_MAX;
  for (var k = 0u; k < MIX_K; k = k + 1u) {
    var gc: vec2<f32>;
    l[k] = bvn_log_grad(bvn_smoothed(MIX[k], s2), z, &gc);
    gk[k] = gc;
    m = max(m, l[k]);
  }
  var s = 0.0;
  var acc = vec2<f32>(0.0);
  for (var k = 0u; k < MIX_K; k = k + 1u) {
    let w = exp(l[k] - m);
    s = s + w;
    acc = acc + w * gk[k];
  }
  *g = acc / s;
  return m + log(s);
}

fn mix_log(z: vec2<f32>) -> f32 {
  var m = -F32_MAX;
  for (var k = 0u; k < MIX_K; k = k + 1u) {
    m = max(m, bvn_log(MIX[k], z));
  }
  var s = 0.0;
  for (var k = 0u; k < MIX_K; k = k + 1u) {
    s = s + exp(bvn_log(MIX[k], z) - m);
  }
  return m + log(s);
}

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  return mix_log(vec2<f32>((*x)[0], (*x)[1]));
}

fn smoothed_grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
                             s2: f32) -> f32 {
  var gz: vec2<f32>;
  let lp = mix_smoothed_log_grad(vec2<f32>((*x)[0], (*x)[1]), s2, &gz);
  (*g)[0] = gz.x;
  (*g)[1] = gz.y;
  return lp;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  return smoothed_grad_log_density(x, g, 0.0);
}
