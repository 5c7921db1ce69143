// The Langevin proposal shared by ULA, MALA and annealed Langevin (mirrored by
// src/samplers/langevin.ts), with the
// diagonal preconditioner M⁻¹ = inv_mass from warm-up: y = x + (h/2) M⁻¹∇log p(x) + √h M^(-1/2) z.

// y from x, its gradient g and standard normals z (y may alias z).
fn langevin_proposal(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
                     z: ptr<function, array<f32, D>>, h: f32) {
  let s = sqrt(h);
  for (var i = 0u; i < D; i = i + 1u) {
    let m = inv_mass(i);
    (*z)[i] = (*x)[i] + 0.5 * h * m * (*g)[i] + s * sqrt(m) * (*z)[i];
  }
}

// log q(to | at) up to a constant, for the proposal above.
fn langevin_log_q(to: ptr<function, array<f32, D>>, at: ptr<function, array<f32, D>>,
                  g_at: ptr<function, array<f32, D>>, h: f32) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let m = inv_mass(i);
    let r = (*to)[i] - (*at)[i] - 0.5 * h * m * (*g_at)[i];
    s = s + r * r / m;
  }
  return -s / (2.0 * h);
}

// The move of an unadjusted sampler (no accept step) to y: taken when y, log p(y) and its gradient
// are finite; otherwise a divergence, and the chain keeps its state.
fn unadjusted_move(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
                   logp: ptr<function, f32>, y: ptr<function, array<f32, D>>, grad_evals: u32) -> Info {
  var info = no_info();
  info.grad_evals = grad_evals;
  var gy: array<f32, D>;
  let lp = grad_log_density(y, &gy);
  var ok = is_finite(lp);
  for (var i = 0u; i < D; i = i + 1u) {
    ok = ok && is_finite((*y)[i]) && is_finite(gy[i]);
  }
  if (!ok) {
    info.divergent = 1u;
    return info;
  }
  *x = *y;
  *g = gy;
  *logp = lp;
  info.accepted = 1u;
  return info;
}

