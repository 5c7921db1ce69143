// Gibbsian polar slice sampling (after lib_slice; Schär, Habeck & Rudolf 2023). In polar
// coordinates x = r·θ about the origin the target is p(rθ)·r^(D−1) dr dθ: one level is drawn under
// p(x)·|x|^(D−1), then the direction θ moves on a great circle (shrinking an angle bracket towards
// the current θ) and the radius r by a univariate slice with stepping-out, both uniform on the
// same super-level set. A capped update keeps its own coordinate; the other still runs (each is
// reversible on its own, so the composition stays exact).
// Draws (mirrored by src/samplers/polar-slice.ts): D normals (the tangent direction) and the
// level's uniform, then the angles and the radius update's uniforms from one pool.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var v: array<f32, D>;
  let u = normals_then_uniform(rng, &v);
  var r2 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    r2 = r2 + (*x)[i] * (*x)[i];
  }
  let r = sqrt(r2);
  if (!(r > 0.0) || !is_finite(r)) {
    // No direction at the origin (a null set), none at infinity.
    info.capped = 1u;
    return info;
  }
  let log_y = *logp + f32(D - 1u) * log(r) + log(u);
  // v: the normal draw's part orthogonal to θ = x/r, normalised.
  var vt = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    vt = vt + v[i] * (*x)[i] / r;
  }
  var v2 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    v[i] = v[i] - vt * (*x)[i] / r;
    v2 = v2 + v[i] * v[i];
  }
  let inv_v = inverseSqrt(v2);
  for (var i = 0u; i < D; i = i + 1u) {
    v[i] = v[i] * inv_v;
  }
  var pool = uniform_pool();
  var point: array<f32, D>;
  var evals = 0u;
  var lp = 0.0;
  var dir: array<f32, D>;
  var omega = TWO_PI * next_uniform(rng, &pool);
  var lo = omega - TWO_PI;
  var hi = omega;
  var moved = false;
  for (var n = 0u; n < params.maxShrink; n = n + 1u) {
    let c = cos(omega);
    let s = sin(omega);
    for (var i = 0u; i < D; i = i + 1u) {
      dir[i] = (*x)[i] / r * c + v[i] * s;
    }
    if (line_in_slice(&dir, &dir, true, r, log_y, &point, &lp, &evals)) {
      moved = true;
      break;
    }
    if (omega < 0.0) {
      lo = omega;
    } else {
      hi = omega;
    }
    omega = lo + next_uniform(rng, &pool) * (hi - lo);
  }
  if (!moved) {
    for (var i = 0u; i < D; i = i + 1u) {
      dir[i] = (*x)[i] / r;
    }
    lp = *logp;
  }
  let settings = SliceSettings(params.w, params.maxSteps, false, params.maxShrink);
  let radius = slice_along(&dir, &dir, true, r, lp, log_y, settings, rng, &pool, &point, &evals);
  info.density_evals = evals;
  info.capped = select(0u, 1u, !moved || radius.capped);
  info.accepted = 1u - info.capped;
  if (moved || !radius.capped) {
    // The product line_in_slice evaluated, so log p belongs to exactly this point.
    for (var i = 0u; i < D; i = i + 1u) {
      (*x)[i] = radius.t * dir[i];
    }
    *logp = radius.log_p;
  }
  return info;
}
