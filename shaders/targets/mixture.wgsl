// mixture: .5 N((-2, -1.5), [[.6, .3], [.3, .6]]) + .3 N((2, 2), .4 I) + .2 N((2.5, -2), [[.3, -.2], [-.2, .5]]).
// Needs lib_bivariate and lib_mixture.

const MIX_K: u32 = 3u;
const MIX = array<Bvn, MIX_K>(
  Bvn(vec2<f32>(-2.0, -1.5), vec3<f32>(0.6, 0.3, 0.6), -0.693147180559945),   // log .5
  Bvn(vec2<f32>(2.0, 2.0), vec3<f32>(0.4, 0.0, 0.4), -1.20397280432594),      // log .3
  Bvn(vec2<f32>(2.5, -2.0), vec3<f32>(0.3, -0.2, 0.5), -1.6094379124341),     // log .2
);

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  return mix_log(vec2<f32>((*x)[0], (*x)[1]));
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  var gz: vec2<f32>;
  let lp = mix_log_grad(vec2<f32>((*x)[0], (*x)[1]), &gz);
  (*g)[0] = gz.x;
  (*g)[1] = gz.y;
  return lp;
}
