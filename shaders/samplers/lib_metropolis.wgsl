// The Metropolis accept step of the random-walk samplers (mirrored by src/samplers/metropolis.ts):
// y symmetric around x; accept with min(1, p(y)/p(x)). A NaN or +Inf log-density is rejected and
// counted as a divergence, never propagated.

fn metropolis_accept(x: ptr<function, array<f32, D>>, y: ptr<function, array<f32, D>>,
                     logp: ptr<function, f32>, u: f32) -> Info {
  var info = no_info();
  info.density_evals = 1u;
  let lp = log_density(y);
  if (is_bad_log_density(lp)) {
    info.divergent = 1u;
    return info;
  }
  info.accept_prob = min(1.0, exp(lp - *logp));
  if (log(u) < lp - *logp) {
    *x = *y;
    *logp = lp;
    info.accepted = 1u;
  }
  return info;
}

// Metropolis–Hastings to y (its log p and gradient already computed) with log α given: a NaN or
// +Inf log-density, or a non-finite α at a finite one, is a divergence; −Inf (outside the
// support) is rejected.
fn mh_accept(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>, logp: ptr<function, f32>,
             y: ptr<function, array<f32, D>>, gy: ptr<function, array<f32, D>>, lp: f32, log_alpha: f32,
             u: f32) -> Info {
  var info = no_info();
  info.grad_evals = 1u;
  if (is_bad_log_density(lp) || (is_finite(lp) && !is_finite(log_alpha))) {
    info.divergent = 1u;
    return info;
  }
  if (!is_finite(lp)) {
    return info;
  }
  info.accept_prob = min(1.0, exp(log_alpha));
  if (log(u) < log_alpha) {
    *x = *y;
    *g = *gy;
    *logp = lp;
    info.accepted = 1u;
  }
  return info;
}
