// Adaptive Metropolis (after lib_metropolis): x' = x + scale · L z with L the lower Cholesky
// factor warm-up writes into `tuning` (identity before it). Draws (mirrored by
// src/samplers/adaptive-rwm.ts): D normals, then the accept/reject uniform.

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var z: array<f32, D>;
  let u = normals_then_uniform(rng, &z);
  var y: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    var s = 0.0;
    for (var j = 0u; j <= i; j = j + 1u) {
      s = s + dense_factor(i, j) * z[j];
    }
    y[i] = (*x)[i] + params.scale * s;
  }
  return metropolis_accept(x, &y, logp, u);
}
