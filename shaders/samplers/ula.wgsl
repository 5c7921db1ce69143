// ULA (after lib_langevin): always moves, no accept step, so it samples a distribution biased by
// O(h). A non-finite new log-density or gradient (the step exploded) is counted as divergent and
// the chain keeps its state. Draws (mirrored by src/samplers/ula.ts): D normals, one unused uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var y: array<f32, D>;
  normals_then_uniform(rng, &y);
  langevin_proposal(x, g, &y, params.h);
  return unadjusted_move(x, g, logp, &y, 1u);
}
