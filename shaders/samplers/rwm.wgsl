// Random-walk Metropolis: x' = x + sigma * z, z ~ N(0, I); accept with min(1, p(x')/p(x)).
// Draws (mirrored by src/samplers/rwm.ts): D normals, then the accept/reject uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = Info(0u, 0u, 1u, 0u);
  var y: array<f32, D>;
  let u = normals_then_uniform(rng, &y);
  for (var i = 0u; i < D; i = i + 1u) {
    y[i] = (*x)[i] + params.sigma * y[i];
  }
  let lp = log_density(&y);
  if (is_bad_log_density(lp)) {
    // NaN or +Inf: the proposal is rejected and counted, never propagated.
    info.divergent = 1u;
    return info;
  }
  if (log(u) < lp - *logp) {
    *x = y;
    *logp = lp;
    info.accepted = 1u;
  }
  return info;
}
