// MALA (after lib_langevin): the Langevin proposal with the Metropolis–Hastings correction for
// its asymmetry, log α = log p(y) − log p(x) + log q(x | y) − log q(y | x). A NaN or +Inf
// log-density, or a non-finite ratio at a finite one, is a divergence (rejected). Draws (mirrored by src/samplers/mala.ts): D normals,
// then the accept/reject uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var y: array<f32, D>;
  let u = normals_then_uniform(rng, &y);
  let h = params.h;
  langevin_proposal(x, g, &y, h);
  var gy: array<f32, D>;
  let lp = grad_log_density(&y, &gy);
  info.grad_evals = 1u;
  let log_alpha = lp - *logp + langevin_log_q(x, &y, &gy, h) - langevin_log_q(&y, x, g, h);
  if (is_bad_log_density(lp) || (is_finite(lp) && !is_finite(log_alpha))) {
    info.divergent = 1u;
    return info;
  }
  if (!is_finite(lp)) {
    // −Inf: outside the support, rejected.
    return info;
  }
  info.accept_prob = min(1.0, exp(log_alpha));
  if (log(u) < log_alpha) {
    *x = y;
    *g = gy;
    *logp = lp;
    info.accepted = 1u;
  }
  return info;
}
