// Annealed Langevin dynamics (after lib_langevin; Song & Ermon 2019, Algorithm 1): the ULA step on
// the target smoothed by N(0, σ_k² I), with σ_k falling geometrically from sigmaMax to sigmaMin
// over `levels` levels of `stepsPerLevel` transitions each, step α_k = eps σ_k² / σ_K². The level
// comes from the transition's index; after the schedule the chain stays at σ_K. No accept step.
// Besides the smoothed score it evaluates the true log p and gradient at the new point, so the
// chain state stays that of the target (what the engine, the readouts and a switch to another
// sampler read); a non-finite position, log p or gradient is divergent and the chain keeps its
// state. Draws (mirrored by src/samplers/annealed.ts): D normals, one unused uniform.

fn annealed_sigma() -> f32 {
  let level = min(chain_iter / params.stepsPerLevel, params.levels - 1u);
  let frac = f32(level) / f32(params.levels - 1u);
  return params.sigmaMax * pow(params.sigmaMin / params.sigmaMax, frac);
}

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  let sigma = annealed_sigma();
  let r = sigma / params.sigmaMin;
  var y: array<f32, D>;
  normals_then_uniform(rng, &y);
  var score: array<f32, D>;
  smoothed_grad_log_density(x, &score, sigma * sigma);
  langevin_proposal(x, &score, &y, params.eps * r * r);
  // Two evaluations: the smoothed score, then the target's own log p and gradient at y.
  return unadjusted_move(x, g, logp, &y, 2u);
}
