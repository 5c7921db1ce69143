// HMC (after lib_hamiltonian): diagonal mass from warm-up, optional jitter of eps (uniform in
// eps·[1 − j, 1 + j]) and of L (uniform in 1..L), Metropolis correction on the energy error.
// Divergent when the error is not finite or exceeds MAX_ENERGY_ERROR (the proposal is rejected).
// Draws (mirrored by src/samplers/hmc.ts): D normals (the momentum), the accept/reject uniform,
// then one block for the jitters.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var q: array<f32, D> = *x;
  var gq: array<f32, D> = *g;
  var p: array<f32, D>;
  let u = normals_then_uniform(rng, &p);
  let jit = uniform4(rng);
  scale_momentum(&p);
  let eps = params.eps * (1.0 + params.jitter * (2.0 * jit.x - 1.0));
  var steps = params.L;
  if (params.jitterL != 0u) {
    steps = 1u + min(u32(jit.y * f32(params.L)), params.L - 1u);
  }
  let h0 = -*logp + kinetic_energy(&p);
  var lp = *logp;
  for (var l = 0u; l < steps; l = l + 1u) {
    lp = leapfrog(&q, &p, &gq, eps);
  }
  info.grad_evals = steps;
  let h1 = -lp + kinetic_energy(&p);
  let dh = h1 - h0;
  info.energy = bounded(h0, ENERGY_CAP);
  info.energy_error = bounded(dh, ENERGY_CAP);
  if (!is_finite(dh) || dh > MAX_ENERGY_ERROR) {
    info.divergent = 1u;
    return info;
  }
  let a = min(1.0, exp(-dh));
  info.accept_prob = a;
  // ChEES gradient term (Hoffman et al. 2021), in the metric's whitened coordinates, centred on
  // the pooled mean warm-up last wrote.
  var s1 = 0.0;
  var s0 = 0.0;
  var sp = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let c = tuning_center(i);
    let d1 = q[i] - c;
    let d0 = (*x)[i] - c;
    s1 = s1 + d1 * d1 / inv_mass(i);
    s0 = s0 + d0 * d0 / inv_mass(i);
    sp = sp + d1 * p[i];
  }
  info.chees = bounded(a * eps * f32(steps) * (s1 - s0) * sp, ENERGY_CAP);
  if (log(u) < -dh) {
    *x = q;
    *g = gq;
    *logp = lp;
    info.accepted = 1u;
    info.energy = bounded(h1, ENERGY_CAP);
  }
  return info;
}
