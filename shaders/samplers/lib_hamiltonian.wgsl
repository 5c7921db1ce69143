// Hamiltonian pieces shared by HMC, NUTS and kinetic Langevin (mirrored by
// src/samplers/hamiltonian.ts). Mass matrix M = diag(1 / inv_mass), set by warm-up.

const MAX_ENERGY_ERROR: f32 = 1000.0;
// Cap on reported energies so per-chain sums stay finite.
const ENERGY_CAP: f32 = 1e30;

// Standard normals z to a momentum p ~ N(0, M): p_i = z_i / √inv_mass_i.
fn scale_momentum(p: ptr<function, array<f32, D>>) {
  for (var i = 0u; i < D; i = i + 1u) {
    (*p)[i] = (*p)[i] / sqrt(inv_mass(i));
  }
}

fn kinetic_energy(p: ptr<function, array<f32, D>>) -> f32 {
  var k = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    k = k + inv_mass(i) * (*p)[i] * (*p)[i];
  }
  return 0.5 * k;
}

// One leapfrog step of size eps (q, p, g updated); returns log p at the new q.
fn leapfrog(q: ptr<function, array<f32, D>>, p: ptr<function, array<f32, D>>,
            g: ptr<function, array<f32, D>>, eps: f32) -> f32 {
  for (var i = 0u; i < D; i = i + 1u) {
    (*p)[i] = (*p)[i] + 0.5 * eps * (*g)[i];
    (*q)[i] = (*q)[i] + eps * inv_mass(i) * (*p)[i];
  }
  let lp = grad_log_density(q, g);
  for (var i = 0u; i < D; i = i + 1u) {
    (*p)[i] = (*p)[i] + 0.5 * eps * (*g)[i];
  }
  return lp;
}
