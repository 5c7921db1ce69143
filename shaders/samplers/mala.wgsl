// MALA (after lib_metropolis and lib_langevin): mala_step with the schema's h. Draws (mirrored
// by src/samplers/mala.ts): D normals, then the accept/reject uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  return mala_step(x, g, logp, rng, params.h);
}
