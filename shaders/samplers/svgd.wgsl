// SVGD's transition (after lib_langevin; src/samplers/svgd.ts says what SVGD is): the interaction
// pass (shaders/flows/svgd.wgsl) has just written φ of this chain's particle into aux vector 0;
// move along it, x ← x + ε φ, and re-evaluate log p and its gradient. A non-finite result is
// counted as divergent and the particle stays. No random draws.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var y: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    y[i] = (*x)[i] + params.eps * aux[aux_index(0u, i)];
  }
  return unadjusted_move(x, g, logp, &y, 1u);
}
