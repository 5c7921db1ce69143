// squiggle: N((0, 0), [[2, .25], [.25, .5]]) evaluated at (x, y + sin 5x). Needs lib_bivariate.

const SQUIGGLE = Bvn(vec2<f32>(0.0, 0.0), vec3<f32>(2.0, 0.25, 0.5), 0.0);

// (sin 5a, cos 5a) to float32 accuracy. WGSL's sin and cos only promise 2^-11 absolute error
// (SwiftShader's reach 2e-4), which would leave the gradient inconsistent with log p.
fn squiggle_sin_cos(a: f32) -> vec2<f32> {
  let t0 = 5.0 * a;
  let t = t0 - TWO_PI * round(t0 / TWO_PI);
  // Fold [-π, π] into [-π/2, π/2]: sin(±π - t) = sin t, cos(±π - t) = -cos t.
  let fold = abs(t) > 0.5 * PI;
  let f = select(t, sign(t) * PI - t, fold);
  let u = f * f;
  // Taylor series; the first omitted terms are < 1e-8 on [-π/2, π/2].
  let s = f * (1.0 + u * (-1.0 / 6.0 + u * (1.0 / 120.0 + u * (-1.0 / 5040.0 + u * (1.0 / 362880.0
    + u * (-1.0 / 39916800.0 + u / 6227020800.0))))));
  let c = 1.0 + u * (-0.5 + u * (1.0 / 24.0 + u * (-1.0 / 720.0 + u * (1.0 / 40320.0
    + u * (-1.0 / 3628800.0 + u / 479001600.0)))));
  return vec2<f32>(s, select(c, -c, fold));
}

fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  return bvn_log(SQUIGGLE, vec2<f32>(a, (*x)[1] + squiggle_sin_cos(a).x));
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  let a = (*x)[0];
  let sc = squiggle_sin_cos(a);
  var gz: vec2<f32>;
  let lp = bvn_log_grad(SQUIGGLE, vec2<f32>(a, (*x)[1] + sc.x), &gz);
  (*g)[0] = gz.x + 5.0 * sc.y * gz.y;
  (*g)[1] = gz.y;
  return lp;
}
