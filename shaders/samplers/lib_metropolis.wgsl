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
