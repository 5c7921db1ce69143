// NeuTra (after lib_flow, lib_flow_params and an inner sampler renamed latent_transition that
// reads latent_grad_log_density): x → z = f⁻¹(x), one inner transition in z, z → x. The chain
// keeps x, log p(x) and ∇log p(x) (one more gradient when the move is accepted).

fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
              logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info {
  var z: array<f32, D>;
  _ = flow_inverse(x, &z);
  var gz: array<f32, D>;
  var lz = latent_grad_log_density(&z, &gz);
  var info = latent_transition(&z, &gz, &lz, rng);
  if (info.accepted != 0u) {
    _ = flow_forward(&z, x);
    *logp = grad_log_density(x, g);
  }
  info.grad_evals = info.grad_evals + 1u;
  return info;
}
