// Kinetic (underdamped) Langevin (after lib_hamiltonian), no accept step: the momentum persists
// across transitions in aux vector 0, stored whitened (M^(-1/2) p ~ N(0, I), so a new mass
// matrix from warm-up keeps it in equilibrium), and is partially refreshed by the Ornstein–Uhlenbeck step
// O: p ← c p + √(1 − c²) M^(1/2) z. scheme 0 = BAOAB (Leimkuhler & Matthews 2013: exact
// position marginal on Gaussians), 1 = OBABO. One gradient per transition. A non-finite new
// log-density or gradient is a divergence: the chain keeps its position and takes a fresh momentum.
// Draws (mirrored by src/samplers/kinetic.ts): D normals (+ one unused uniform), and for OBABO a
// second set.

fn ornstein_uhlenbeck(p: ptr<function, array<f32, D>>, z: ptr<function, array<f32, D>>, c: f32) {
  let s = sqrt(1.0 - c * c);
  for (var i = 0u; i < D; i = i + 1u) {
    (*p)[i] = c * (*p)[i] + s * (*z)[i] / sqrt(inv_mass(i));
  }
}

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  var p: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    p[i] = aux[aux_index(0u, i)];
  }
  scale_momentum(&p);
  var z: array<f32, D>;
  normals_then_uniform(rng, &z);
  var q: array<f32, D> = *x;
  var gq: array<f32, D> = *g;
  let h = params.h;
  var lp: f32;
  if (params.scheme == 0u) {
    for (var i = 0u; i < D; i = i + 1u) {
      p[i] = p[i] + 0.5 * h * gq[i];
      q[i] = q[i] + 0.5 * h * inv_mass(i) * p[i];
    }
    ornstein_uhlenbeck(&p, &z, exp(-params.gamma * h));
    for (var i = 0u; i < D; i = i + 1u) {
      q[i] = q[i] + 0.5 * h * inv_mass(i) * p[i];
    }
    lp = grad_log_density(&q, &gq);
    for (var i = 0u; i < D; i = i + 1u) {
      p[i] = p[i] + 0.5 * h * gq[i];
    }
  } else {
    let c = exp(-0.5 * params.gamma * h);
    ornstein_uhlenbeck(&p, &z, c);
    lp = leapfrog(&q, &p, &gq, h);
    // The first normals are spent: draw the second set into the same array.
    normals_then_uniform(rng, &z);
    ornstein_uhlenbeck(&p, &z, c);
  }
  info.grad_evals = 1u;
  var ok = is_finite(lp);
  for (var i = 0u; i < D; i = i + 1u) {
    ok = ok && is_finite(gq[i]) && is_finite(p[i]);
  }
  if (ok) {
    *x = q;
    *g = gq;
    *logp = lp;
    info.accepted = 1u;
  } else {
    info.divergent = 1u;
    p = z;
    scale_momentum(&p);
  }
  info.energy = bounded(-*logp + kinetic_energy(&p), ENERGY_CAP);
  for (var i = 0u; i < D; i = i + 1u) {
    aux[aux_index(0u, i)] = p[i] * sqrt(inv_mass(i));
  }
  return info;
}
