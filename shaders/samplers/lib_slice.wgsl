// Univariate slice sampling along a line (Neal 2003), shared by the slice samplers. Mirrored
// function for function by src/samplers/slice.ts, drawing the same uniforms in the same order.
// Every loop is capped, so chains in lockstep wait at most for the longest capped path.

// Uniforms four per Philox block.
struct UniformPool {
  block: vec4<f32>,
  used: u32,
}

fn uniform_pool() -> UniformPool {
  return UniformPool(vec4<f32>(0.0), 4u);
}

fn next_uniform(rng: ptr<function, Rng>, pool: ptr<function, UniformPool>) -> f32 {
  if ((*pool).used == 4u) {
    (*pool).block = uniform4(rng);
    (*pool).used = 0u;
  }
  let u = (*pool).block[(*pool).used];
  (*pool).used = (*pool).used + 1u;
  return u;
}

// Inside the slice {log f > log y}; NaN and +Inf are outside, so a bad density is shrunk away.
fn in_slice(log_f: f32, log_y: f32) -> bool {
  return !is_bad_log_density(log_f) && log_f > log_y;
}

struct SliceSettings {
  w: f32,
  // Stepping-out: at most this many widths in all (Neal's m); doubling: at most this many doublings.
  max_steps: u32,
  doubling: bool,
  // Shrinkage proposals before giving up and keeping the state.
  max_shrink: u32,
}

// Whether the point at t on the line lies in the slice under log_y. The point is base + t·dir, or
// for a radial line (the polar slice's radius) t·dir with t > 0 and log f = log p + (D − 1)·log t.
// Writes the point and its log p; one density evaluation (none for t ≤ 0 on a radial line).
fn line_in_slice(base: ptr<function, array<f32, D>>, dir: ptr<function, array<f32, D>>, radial: bool,
                 t: f32, log_y: f32, point: ptr<function, array<f32, D>>, log_p: ptr<function, f32>,
                 evals: ptr<function, u32>) -> bool {
  if (radial && !(t > 0.0)) {
    return false;
  }
  for (var j = 0u; j < D; j = j + 1u) {
    if (radial) {
      (*point)[j] = t * (*dir)[j];
    } else {
      (*point)[j] = (*base)[j] + t * (*dir)[j];
    }
  }
  *log_p = log_density(point);
  *evals = *evals + 1u;
  var log_f = *log_p;
  if (radial) {
    log_f = log_f + f32(D - 1u) * log(t);
  }
  return in_slice(log_f, log_y);
}

struct SliceResult {
  t: f32,
  log_p: f32,
  capped: bool,
}

// Neal's fig. 6: would doubling from t1 have produced the same interval?
fn doubling_accepts(base: ptr<function, array<f32, D>>, dir: ptr<function, array<f32, D>>, radial: bool,
                    t0: f32, t1: f32, lo0: f32, hi0: f32, log_y: f32, w: f32,
                    point: ptr<function, array<f32, D>>, evals: ptr<function, u32>) -> bool {
  var lo = lo0;
  var hi = hi0;
  var differ = false;
  var lp = 0.0;
  while (hi - lo > 1.1 * w) {
    let m = 0.5 * (lo + hi);
    if ((t0 < m) != (t1 < m)) {
      differ = true;
    }
    if (t1 < m) {
      hi = m;
    } else {
      lo = m;
    }
    if (differ && !line_in_slice(base, dir, radial, lo, log_y, point, &lp, evals)
        && !line_in_slice(base, dir, radial, hi, log_y, point, &lp, evals)) {
      return false;
    }
  }
  return true;
}

// One univariate slice update from t0 (log p there: log_p0) under the level log_y: the interval by
// stepping-out (Neal's fig. 3) or doubling (fig. 4), then shrinkage (fig. 5) with the doubling
// acceptability test (fig. 6). Shrinkage gives up after max_shrink proposals and returns t0,
// capped: every path of proposals is reversible on its own, so cutting the long ones off keeps
// the target invariant.
fn slice_along(base: ptr<function, array<f32, D>>, dir: ptr<function, array<f32, D>>, radial: bool,
               t0: f32, log_p0: f32, log_y: f32, s: SliceSettings, rng: ptr<function, Rng>,
               pool: ptr<function, UniformPool>, point: ptr<function, array<f32, D>>,
               evals: ptr<function, u32>) -> SliceResult {
  var lp = 0.0;
  var lo = t0 - s.w * next_uniform(rng, pool);
  var hi = lo + s.w;
  if (s.doubling) {
    var in_lo = line_in_slice(base, dir, radial, lo, log_y, point, &lp, evals);
    var in_hi = line_in_slice(base, dir, radial, hi, log_y, point, &lp, evals);
    for (var k = 0u; k < s.max_steps && (in_lo || in_hi); k = k + 1u) {
      if (next_uniform(rng, pool) < 0.5) {
        lo = lo - (hi - lo);
        in_lo = line_in_slice(base, dir, radial, lo, log_y, point, &lp, evals);
      } else {
        hi = hi + (hi - lo);
        in_hi = line_in_slice(base, dir, radial, hi, log_y, point, &lp, evals);
      }
    }
  } else {
    var j = min(u32(floor(next_uniform(rng, pool) * f32(s.max_steps))), s.max_steps - 1u);
    var k = s.max_steps - 1u - j;
    while (j > 0u && line_in_slice(base, dir, radial, lo, log_y, point, &lp, evals)) {
      lo = lo - s.w;
      j = j - 1u;
    }
    while (k > 0u && line_in_slice(base, dir, radial, hi, log_y, point, &lp, evals)) {
      hi = hi + s.w;
      k = k - 1u;
    }
  }
  let lo0 = lo;
  let hi0 = hi;
  for (var n = 0u; n < s.max_shrink; n = n + 1u) {
    let t1 = lo + next_uniform(rng, pool) * (hi - lo);
    if (line_in_slice(base, dir, radial, t1, log_y, point, &lp, evals)
        && (!s.doubling || doubling_accepts(base, dir, radial, t0, t1, lo0, hi0, log_y, s.w, point, evals))) {
      return SliceResult(t1, lp, false);
    }
    if (t1 < t0) {
      lo = t1;
    } else {
      hi = t1;
    }
  }
  return SliceResult(t0, log_p0, true);
}
