// One MALA transition with step h (after lib_metropolis and lib_langevin; src/samplers/langevin.ts
// malaStep mirrors it): the Langevin proposal, corrected for its
// asymmetry, log α = log p(y) − log p(x) + log q(x | y) − log q(y | x). Draws: D normals, then the
// accept/reject uniform.
fn mala_step(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
             logp: ptr<function, f32>, rng: ptr<function, Rng>, h: f32) -> Info {
  var y: array<f32, D>;
  let u = normals_then_uniform(rng, &y);
  langevin_proposal(x, g, &y, h);
  var gy: array<f32, D>;
  let lp = grad_log_density(&y, &gy);
  let log_alpha = lp - *logp + langevin_log_q(x, &y, &gy, h) - langevin_log_q(&y, x, g, h);
  return mh_accept(x, g, logp, &y, &gy, lp, log_alpha, u);
}
