// Random-walk Metropolis (after lib_metropolis): x' = x + sigma * z, z ~ N(0, I).
// Draws (mirrored by src/samplers/rwm.ts): D normals, then the accept/reject uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var y: array<f32, D>;
  let u = normals_then_uniform(rng, &y);
  for (var i = 0u; i < D; i = i + 1u) {
    y[i] = (*x)[i] + params.sigma * y[i];
  }
  return metropolis_accept(x, &y, logp, u);
}
