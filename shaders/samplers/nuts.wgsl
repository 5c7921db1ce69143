// No-U-Turn Sampler (after lib_hamiltonian): multinomial NUTS with the generalised U-turn criterion
// (Betancourt 2017, "A Conceptual Introduction to HMC", appendix A), built iteratively as NumPyro's
// `iterative_uturn` does (WGSL has no recursion). Mirrored statement for statement by
// src/samplers/nuts.ts.
//
// Each doubling extends the trajectory by a subtree of 2^depth leapfrog steps in a random direction.
// A leaf weighs exp(H0 − H): inside a subtree its proposal follows by uniform progressive sampling,
// and a finished subtree replaces the trajectory's proposal with probability min(1, W_sub / W_old)
// (biased progressive sampling). A subtree that diverges or turns is discarded and the tree stops;
// otherwise the merged trajectory stops when it turns or after params.maxDepth doublings.
//
// U-turn: a span of leaves turns iff (M⁻¹p_first)·ρ ≤ 0 or (M⁻¹p_last)·ρ ≤ 0, ρ the span's momentum
// sum (ends included). Inside a subtree every aligned span of 2, 4, … leaves is checked when its last
// leaf is built, against checkpoints taken at even leaves n (slot popcount(n) of `aux`: momentum in
// vectors [0, maxDepth), running momentum sum in [maxDepth, 2·maxDepth)). Every aligned span meets
// the same check whichever leaf the tree grew from, which keeps the transition reversible; so Stan's
// extra checks across merged halves (2.26+) are not made: inside a subtree they would need a third
// checkpoint per level (the left half's last momentum), and at the top level alone they would break
// that symmetry.
//
// Draws: D normals (the momentum) and one unused uniform; then per doubling one block (x: direction,
// forwards iff < 0.5; y: the merge uniform) followed by one block per four leaves of its subtree
// (leaf n's progressive-sampling uniform is component n mod 4), up to the leaf where it stops.

struct Subtree {
  // log Σ exp(H0 − H) over its leaves.
  log_w: f32,
  // log p and H at its proposal.
  lp: f32,
  h: f32,
  steps: u32,
  // Σ min(1, exp(H0 − H)) over its leaves (Stan's accept_stat numerator).
  accept_sum: f32,
  divergent: bool,
  turning: bool,
}

fn nuts_turning(p_a: ptr<function, array<f32, D>>, p_b: ptr<function, array<f32, D>>,
                rho: ptr<function, array<f32, D>>) -> bool {
  var a = 0.0;
  var b = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    a = a + inv_mass(i) * (*p_a)[i] * (*rho)[i];
    b = b + inv_mass(i) * (*p_b)[i] * (*rho)[i];
  }
  return a <= 0.0 || b <= 0.0;
}

// 2^depth leapfrog steps of size eps (negative: backwards) from the trajectory's end (q, p, g), which
// they move; the proposal goes to q_prop, g_prop and the momentum sum to rho. Stops at the first
// divergent leaf or U-turn.
fn build_subtree(q: ptr<function, array<f32, D>>, p: ptr<function, array<f32, D>>,
                 g: ptr<function, array<f32, D>>, q_prop: ptr<function, array<f32, D>>,
                 g_prop: ptr<function, array<f32, D>>, rho: ptr<function, array<f32, D>>,
                 eps: f32, depth: u32, h0: f32, rng: ptr<function, Rng>) -> Subtree {
  var t = Subtree(-F32_MAX, 0.0, 0.0, 0u, 0.0, false, false);
  for (var i = 0u; i < D; i = i + 1u) {
    (*rho)[i] = 0.0;
  }
  var u = vec4<f32>(0.0);
  let leaves = 1u << depth;
  for (var n = 0u; n < leaves; n = n + 1u) {
    if ((n & 3u) == 0u) {
      u = uniform4(rng);
    }
    let lp = leapfrog(q, p, g, eps);
    t.steps = t.steps + 1u;
    let h = -lp + kinetic_energy(p);
    let dh = h - h0;
    if (!is_finite(dh) || dh > MAX_ENERGY_ERROR) {
      t.divergent = true;
      return t;
    }
    t.accept_sum = t.accept_sum + min(1.0, exp(-dh));
    t.log_w = log_sum_exp2(t.log_w, -dh);
    if (log(u[n & 3u]) < -dh - t.log_w) {
      *q_prop = *q;
      *g_prop = *g;
      t.lp = lp;
      t.h = h;
    }
    for (var i = 0u; i < D; i = i + 1u) {
      (*rho)[i] = (*rho)[i] + (*p)[i];
    }
    if ((n & 1u) == 0u) {
      let k = countOneBits(n);
      for (var i = 0u; i < D; i = i + 1u) {
        aux[aux_index(k, i)] = (*p)[i];
        aux[aux_index(params.maxDepth + k, i)] = (*rho)[i];
      }
    } else {
      // The aligned spans ending at leaf n have 2, 4, …, 2^t leaves (t: trailing ones of n); the
      // one of 2^(j+1) leaves starts at the even leaf checkpointed in slot popcount(n >> 1) − j.
      let top = countOneBits(n >> 1u);
      let spans = countTrailingZeros(~n);
      for (var j = 0u; j < spans; j = j + 1u) {
        let k = top - j;
        var a = 0.0;
        var b = 0.0;
        for (var i = 0u; i < D; i = i + 1u) {
          let p_first = aux[aux_index(k, i)];
          let r = (*rho)[i] - aux[aux_index(params.maxDepth + k, i)] + p_first;
          a = a + inv_mass(i) * p_first * r;
          b = b + inv_mass(i) * (*p)[i] * r;
        }
        if (a <= 0.0 || b <= 0.0) {
          t.turning = true;
          return t;
        }
      }
    }
  }
  return t;
}

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var info = no_info();
  // The trajectory's ends: the one last extended (in direction `dir`, ±1) and the other.
  var q_end: array<f32, D> = *x;
  var p_end: array<f32, D>;
  var g_end: array<f32, D> = *g;
  _ = normals_then_uniform(rng, &p_end);
  scale_momentum(&p_end);
  var q_other = q_end;
  var p_other = p_end;
  var g_other = g_end;
  var dir = 1.0;
  // The trajectory's momentum sum, the new subtree's, and the subtree's proposal.
  var rho = p_end;
  var rho_sub: array<f32, D>;
  var q_prop: array<f32, D>;
  var g_prop: array<f32, D>;
  let h0 = -*logp + kinetic_energy(&p_end);
  // H at the trajectory's proposal, and log Σ exp(H0 − H) over its leaves (the start weighs 1).
  var h = h0;
  var log_w = 0.0;
  var depth = 0u;
  var steps = 0u;
  var accept_sum = 0.0;
  while (depth < params.maxDepth) {
    let u = uniform4(rng);
    // Turning round swaps the ends, so build_subtree (inlined) has one call site: two would double
    // the shader and its compile time.
    if ((u.x < 0.5) != (dir > 0.0)) {
      dir = -dir;
      let q_tmp = q_end;
      let p_tmp = p_end;
      let g_tmp = g_end;
      q_end = q_other;
      p_end = p_other;
      g_end = g_other;
      q_other = q_tmp;
      p_other = p_tmp;
      g_other = g_tmp;
    }
    let t = build_subtree(&q_end, &p_end, &g_end, &q_prop, &g_prop, &rho_sub, dir * params.eps, depth, h0, rng);
    depth = depth + 1u;
    steps = steps + t.steps;
    accept_sum = accept_sum + t.accept_sum;
    if (t.divergent) {
      info.divergent = 1u;
      break;
    }
    if (t.turning) {
      break;
    }
    if (log(u.y) < t.log_w - log_w) {
      *x = q_prop;
      *g = g_prop;
      *logp = t.lp;
      h = t.h;
      info.accepted = 1u;
    }
    log_w = log_sum_exp2(log_w, t.log_w);
    for (var i = 0u; i < D; i = i + 1u) {
      rho[i] = rho[i] + rho_sub[i];
    }
    if (nuts_turning(&p_other, &p_end, &rho)) {
      break;
    }
  }
  info.grad_evals = steps;
  info.tree_depth = f32(depth);
  info.accept_prob = accept_sum / f32(steps);
  info.energy = bounded(h, ENERGY_CAP);
  info.energy_error = bounded(h - h0, ENERGY_CAP);
  return info;
}
