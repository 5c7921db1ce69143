// Coordinate-wise slice sampling (after lib_slice): one systematic scan per transition, each
// coordinate updated by a univariate slice under a level of its own.
// Draws (mirrored by src/samplers/slice.ts): all from one uniform pool; per coordinate the level's
// uniform, then the slice update's.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  let settings = SliceSettings(params.w, params.maxSteps, params.doubling != 0u, params.maxShrink);
  var pool = uniform_pool();
  var dir: array<f32, D>;
  var point: array<f32, D>;
  var evals = 0u;
  var capped = false;
  for (var i = 0u; i < D; i = i + 1u) {
    dir[i] = 1.0;
    let log_y = *logp + log(next_uniform(rng, &pool));
    let r = slice_along(x, &dir, false, 0.0, *logp, log_y, settings, rng, &pool, &point, &evals);
    dir[i] = 0.0;
    // The sum line_in_slice evaluated (dir[i] = 1), so log p belongs to exactly this point.
    (*x)[i] = (*x)[i] + r.t;
    *logp = r.log_p;
    capped = capped || r.capped;
  }
  info.density_evals = evals;
  info.capped = select(0u, 1u, capped);
  info.accepted = 1u - info.capped;
  return info;
}
