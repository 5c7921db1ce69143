// correlated: N((0, 0), [[1, .95], [.95, 1]]). Needs lib_bivariate.

const CORRELATED = Bvn(vec2<f32>(0.0, 0.0), vec3<f32>(1.0, 0.95, 1.0), 0.0);

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  return bvn_log(CORRELATED, vec2<f32>((*x)[0], (*x)[1]));
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  var gz: vec2<f32>;
  let lp = bvn_log_grad(CORRELATED, vec2<f32>((*x)[0], (*x)[1]), &gz);
  (*g)[0] = gz.x;
  (*g)[1] = gz.y;
  return lp;
}
