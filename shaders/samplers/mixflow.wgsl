// MixFlows (Xu, Chen & Campbell, "MixFlows: principled variational inference via mixed flows",
// ICML 2023): the uncorrected Hamiltonian MixFlow, after lib_hamiltonian and lib_normal; mirrored
// by src/samplers/mixflow.ts, whose header explains the construction.
//
// State s = (x, ρ, u) with π̄(s) = π(x) N(ρ; 0, I) 1[0,1)(u). The map T is L leapfrog steps of
// size ε, then the deterministic refreshment, coordinate by coordinate (i = 0..D−1):
//   ρ_i ← Φ⁻¹((Φ(ρ_i) + z(x_i, u)) mod 1),  u ← (u + ξ) mod 1,
// z(x, u) = (sin(2x + u) + 1)/2, ξ = π/16. log|det ∂T/∂s| = Σ_i log φ(ρ_i) − log φ(ρ'_i).
// One transition is one independent draw y ~ q_N = (1/N) Σ_{n<N} T^n_# q0 and its ELBO term
// log π(y.x) + log N(y.ρ) − log q_N(y), with log q_N(y) from one forward and one backward walk
// from s_0 (online log-sum-exp, nothing stored).
// Draws (mirrored): D normals (x_0 / σ0) and the uniform u_0; D normals (ρ_0) and the uniform
// that picks n.

const MIXFLOW_XI: f32 = 0.19634954084936207;
// Reported ELBO term of a draw whose ELBO is not finite (with a divergence), so sums stay finite.
const MIXFLOW_ELBO_CAP: f32 = 1e30;

// sin a to a few f32 ulps (absolute) for any a: reduced to [−π, π], folded to [−π/2, π/2], then
// its Taylor polynomial to degree 11 (remainder < 6e-8 there). WGSL's own sin is promised only to
// 2^-11 on [−π, π] (SwiftShader's is off by ~2e-4), which would make the kernel's map differ from
// the float64 one by ~1e-4 in Φ-space every time.
fn mixflow_sin(a: f32) -> f32 {
  var r = a - TWO_PI * round(a / TWO_PI);
  if (r > 0.5 * PI) {
    r = PI - r;
  } else if (r < -0.5 * PI) {
    r = -PI - r;
  }
  let r2 = r * r;
  return r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0
    + r2 * (1.0 / 362880.0 + r2 * (-1.0 / 39916800.0))))));
}

// z(x, u) = (sin(2x + u) + 1)/2 ∈ [0, 1].
fn mixflow_shift(x: f32, u: f32) -> f32 {
  return 0.5 * (mixflow_sin(2.0 * x + u) + 1.0);
}

// v mod 1 for v in [−1, 2).
fn mixflow_wrap(v: f32) -> f32 {
  if (v >= 1.0) {
    return v - 1.0;
  }
  if (v < 0.0) {
    return v + 1.0;
  }
  return v;
}

// s ← T(s) (g and lp follow x); returns log|det ∂T/∂s|.
fn mixflow_forward(x: ptr<function, array<f32, D>>, rho: ptr<function, array<f32, D>>,
                   g: ptr<function, array<f32, D>>, u: ptr<function, f32>, lp: ptr<function, f32>) -> f32 {
  for (var l = 0u; l < params.L; l = l + 1u) {
    *lp = leapfrog(x, rho, g, params.eps);
  }
  var before = 0.0;
  var after = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let r = (*rho)[i];
    let r1 = normal_quantile(mixflow_wrap(normal_cdf(r) + mixflow_shift((*x)[i], *u)));
    (*rho)[i] = r1;
    before = before + r * r;
    after = after + r1 * r1;
    *u = mixflow_wrap(*u + MIXFLOW_XI);
  }
  return 0.5 * (after - before);
}

// s ← T⁻¹(s); returns log|det ∂T/∂s| at the new s (so the cumulative log-det drops by it).
fn mixflow_inverse(x: ptr<function, array<f32, D>>, rho: ptr<function, array<f32, D>>,
                   g: ptr<function, array<f32, D>>, u: ptr<function, f32>, lp: ptr<function, f32>) -> f32 {
  var before = 0.0;
  var after = 0.0;
  for (var k = 0u; k < D; k = k + 1u) {
    let i = D - 1u - k;
    *u = mixflow_wrap(*u - MIXFLOW_XI);
    let r1 = (*rho)[i];
    let r = normal_quantile(mixflow_wrap(normal_cdf(r1) - mixflow_shift((*x)[i], *u)));
    (*rho)[i] = r;
    before = before + r * r;
    after = after + r1 * r1;
  }
  for (var l = 0u; l < params.L; l = l + 1u) {
    *lp = leapfrog(x, rho, g, -params.eps);
  }
  return 0.5 * (after - before);
}

// log q0(x, ρ, u) = log N(x; 0, σ0² I) + log N(ρ; 0, I) (u is uniform on [0, 1)).
fn mixflow_log_q0(x: ptr<function, array<f32, D>>, rho: ptr<function, array<f32, D>>) -> f32 {
  let inv_var = 1.0 / (params.sigma0 * params.sigma0);
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i] * inv_var + (*rho)[i] * (*rho)[i];
  }
  return -0.5 * s - f32(D) * (log(params.sigma0) + LOG_2PI);
}

// Online log-sum-exp: acc = (max, Σ exp(t − max)). −∞ adds nothing; NaN or +∞ is left out and
// reported (false).
fn mixflow_lse_add(acc: ptr<function, vec2<f32>>, t: f32) -> bool {
  if (is_bad_log_density(t)) {
    return false;
  }
  if (!is_finite(t)) {
    return true;
  }
  if (t > (*acc).x) {
    *acc = vec2<f32>(t, (*acc).y * exp((*acc).x - t) + 1.0);
  } else {
    *acc = vec2<f32>((*acc).x, (*acc).y + exp(t - (*acc).x));
  }
  return true;
}

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  let n_flow = params.flowSteps;
  var x0: array<f32, D>;
  var rho0: array<f32, D>;
  let u0 = normals_then_uniform(rng, &x0);
  let pick = normals_then_uniform(rng, &rho0);
  for (var i = 0u; i < D; i = i + 1u) {
    x0[i] = params.sigma0 * x0[i];
  }
  let n = min(u32(pick * f32(n_flow)), n_flow - 1u);
  var g0: array<f32, D>;
  let lp0 = grad_log_density(&x0, &g0);
  // Forward: s_0 → s_n = y, terms m = 0..n. L_m: cumulative log-det from s_0.
  var xf = x0;
  var rf = rho0;
  var gf = g0;
  var uf = u0;
  var lpf = lp0;
  var acc = vec2<f32>(-F32_MAX, 0.0);
  var ok = mixflow_lse_add(&acc, mixflow_log_q0(&xf, &rf));
  var cum = 0.0;
  for (var m = 1u; m <= n; m = m + 1u) {
    cum = cum + mixflow_forward(&xf, &rf, &gf, &uf, &lpf);
    let fine = mixflow_lse_add(&acc, mixflow_log_q0(&xf, &rf) + cum);
    ok = ok && fine;
  }
  let cum_y = cum;
  // Backward: s_0 → s_{−(N−1−n)}, terms m = −1 down to n − N + 1.
  var ub = u0;
  var lpb = lp0;
  cum = 0.0;
  for (var m = n + 1u; m < n_flow; m = m + 1u) {
    cum = cum - mixflow_inverse(&x0, &rho0, &g0, &ub, &lpb);
    let fine = mixflow_lse_add(&acc, mixflow_log_q0(&x0, &rho0) + cum);
    ok = ok && fine;
  }
  info.grad_evals = 1u + (n_flow - 1u) * params.L;
  let log_qn = acc.x + log(acc.y) - cum_y - log(f32(n_flow));
  var rr = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    rr = rr + rf[i] * rf[i];
  }
  let elbo = lpf - 0.5 * rr - 0.5 * f32(D) * LOG_2PI - log_qn;
  info.elbo = elbo;
  if (!ok || !is_finite(elbo)) {
    info.divergent = 1u;
    if (!is_finite(elbo)) {
      info.elbo = -MIXFLOW_ELBO_CAP;
    }
  }
  if (is_finite(lpf)) {
    *x = xf;
    *g = gf;
    *logp = lpf;
  }
  return info;
}
