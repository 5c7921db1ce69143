// Hit-and-run slice sampling (after lib_slice): a univariate slice along a uniformly random
// direction through the current point.
// Draws (mirrored by src/samplers/hit-and-run.ts): D normals (the direction) and the level's
// uniform, then the slice update's uniforms from a pool.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var dir: array<f32, D>;
  let u = normals_then_uniform(rng, &dir);
  var norm2 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    norm2 = norm2 + dir[i] * dir[i];
  }
  let inv_norm = inverseSqrt(norm2);
  for (var i = 0u; i < D; i = i + 1u) {
    dir[i] = dir[i] * inv_norm;
  }
  let settings = SliceSettings(params.w, params.maxSteps, params.doubling != 0u, params.maxShrink);
  var pool = uniform_pool();
  var point: array<f32, D>;
  var evals = 0u;
  let r = slice_along(x, &dir, false, 0.0, *logp, *logp + log(u), settings, rng, &pool, &point, &evals);
  info.density_evals = evals;
  if (r.capped) {
    info.capped = 1u;
    return info;
  }
  // The sum line_in_slice evaluated, so log p belongs to exactly this point.
  for (var i = 0u; i < D; i = i + 1u) {
    (*x)[i] = (*x)[i] + r.t * dir[i];
  }
  *logp = r.log_p;
  info.accepted = 1u;
  return info;
}
