// Static HMC: identity mass, L leapfrog steps of size eps, Metropolis correction on the energy.
// Divergent when the energy error is not finite or exceeds 1000 (the proposal is then rejected).
// Draws (mirrored by src/samplers/hmc.ts): D normals (the momentum), then the accept/reject uniform.

const HMC_MAX_ENERGY_ERROR: f32 = 1000.0;

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = Info(0u, 0u, 0u, 0u);
  var q: array<f32, D> = *x;
  var gq: array<f32, D> = *g;
  var p: array<f32, D>;
  let u = normals_then_uniform(rng, &p);
  var k0 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    k0 = k0 + p[i] * p[i];
  }
  let eps = params.eps;
  var lp = *logp;
  for (var l = 0u; l < params.L; l = l + 1u) {
    for (var i = 0u; i < D; i = i + 1u) {
      p[i] = p[i] + 0.5 * eps * gq[i];
      q[i] = q[i] + eps * p[i];
    }
    lp = grad_log_density(&q, &gq);
    for (var i = 0u; i < D; i = i + 1u) {
      p[i] = p[i] + 0.5 * eps * gq[i];
    }
  }
  info.grad_evals = params.L;
  var k1 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    k1 = k1 + p[i] * p[i];
  }
  let energy_error = (-lp + 0.5 * k1) - (-*logp + 0.5 * k0);
  if (!is_finite(energy_error) || energy_error > HMC_MAX_ENERGY_ERROR) {
    info.divergent = 1u;
    return info;
  }
  if (log(u) < -energy_error) {
    *x = q;
    *g = gq;
    *logp = lp;
    info.accepted = 1u;
  }
  return info;
}
