// The run's uniform: the chain kernels (chains.wgsl) and the interaction passes (interaction.wgsl)
// bind the same buffer.
struct Run {
  seed: vec2<u32>,
  n_chains: u32,
  k_steps: u32,
}
