// Independent Metropolis–Hastings with the trained flow q as proposal (after lib_flow,
// lib_flow_params, lib_metropolis, lib_langevin, lib_mala): y = f(z), z ~ N(0, I), accepted with
// min(1, p(y) q(x) / (p(x) q(y))) — exact whatever the flow's quality; q(x) comes from the
// inverse map. With h > 0 a MALA step follows (local moves where the flow is poor).
// Draws (mirrored by src/samplers/flow-imh.ts): D normals (z) and the accept/reject uniform; then
// the MALA step's.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var z: array<f32, D>;
  let u = normals_then_uniform(rng, &z);
  var y: array<f32, D>;
  let log_q_new = flow_log_base(&z) - flow_forward(&z, &y);
  var z_cur: array<f32, D>;
  let log_det_cur = flow_inverse(x, &z_cur);
  let log_q_cur = flow_log_base(&z_cur) - log_det_cur;
  var gy: array<f32, D>;
  let lp = grad_log_density(&y, &gy);
  var info = mh_accept(x, g, logp, &y, &gy, lp, lp - *logp + log_q_cur - log_q_new, u);
  if (params.h > 0.0) {
    let local = mala_step(x, g, logp, rng, params.h);
    info.grad_evals = info.grad_evals + local.grad_evals;
    info.divergent = info.divergent + local.divergent;
  }
  return info;
}
