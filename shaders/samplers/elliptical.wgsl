// Elliptical slice sampling (after lib_slice; Murray, Adams & MacKay 2010). The target is read as a
// prior N(0, diag(s_i²)) times a likelihood L = p / N(0, diag(s_i²)): the target's own prior where
// it declares one, else s_i = params.s. The ellipse through x and a prior draw ν is searched by
// shrinking an angle bracket towards the current point.
// Draws (mirrored by src/samplers/elliptical.ts): D normals (ν) and the level's uniform, then the
// angles from a uniform pool.

fn prior_std(i: u32) -> f32 {
  if (HAS_GAUSSIAN_PRIOR) {
    return gaussian_prior_std(i);
  }
  return params.s;
}

// log L up to a constant, from log p at x and the prior's scales.
fn log_likelihood(x: ptr<function, array<f32, D>>, log_p: f32, scale: ptr<function, array<f32, D>>) -> f32 {
  var q = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let z = (*x)[i] / (*scale)[i];
    q = q + z * z;
  }
  return log_p + 0.5 * q;
}

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var nu: array<f32, D>;
  let u = normals_then_uniform(rng, &nu);
  // The prior's scales once per transition, not once per shrinkage step.
  var scale: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    scale[i] = prior_std(i);
    nu[i] = nu[i] * scale[i];
  }
  let log_y = log_likelihood(x, *logp, &scale) + log(u);
  var pool = uniform_pool();
  var theta = TWO_PI * next_uniform(rng, &pool);
  var lo = theta - TWO_PI;
  var hi = theta;
  var y: array<f32, D>;
  for (var n = 0u; n < params.maxShrink; n = n + 1u) {
    let c = cos(theta);
    let s = sin(theta);
    for (var i = 0u; i < D; i = i + 1u) {
      y[i] = (*x)[i] * c + nu[i] * s;
    }
    let lp = log_density(&y);
    info.density_evals = info.density_evals + 1u;
    if (in_slice(log_likelihood(&y, lp, &scale), log_y)) {
      *x = y;
      *logp = lp;
      info.accepted = 1u;
      return info;
    }
    if (theta < 0.0) {
      lo = theta;
    } else {
      hi = theta;
    }
    theta = lo + next_uniform(rng, &pool) * (hi - lo);
  }
  info.capped = 1u;
  return info;
}
