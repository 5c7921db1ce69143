// ULA (after lib_langevin): always moves, no accept step, so it samples a distribution biased by
// O(h). A non-finite new log-density or gradient (the step exploded) is counted as divergent and
// the chain keeps its state. Draws (mirrored by src/samplers/ula.ts): D normals, one unused uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var y: array<f32, D>;
  normals_then_uniform(rng, &y);
  langevin_proposal(x, g, &y, params.h);
  var gy: array<f32, D>;
  let lp = grad_log_density(&y, &gy);
  info.grad_evals = 1u;
  var ok = is_finite(lp);
  for (var i = 0u; i < D; i = i + 1u) {
    ok = ok && is_finite(gy[i]);
  }
  if (!ok) {
    info.divergent = 1u;
    return info;
  }
  *x = y;
  *g = gy;
  *logp = lp;
  info.accepted = 1u;
  return info;
}
