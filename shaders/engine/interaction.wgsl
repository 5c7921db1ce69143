// Bindings of an interaction's kernels (src/samplers/types.ts InteractionDecl): a pass over all
// chains before every transition, for samplers whose particles interact. Composed after the
// prelude (D, WG, lib), `struct Params`, the target, `const TILE: u32` and `struct Run`; the sampler's
// interaction WGSL follows. Buffers are the chain kernels' (shaders/engine/chains.wgsl), same
// coordinate-major layout.

// The chain kernels' `Run` uniform (run.wgsl), bound as is.
@group(0) @binding(0) var<uniform> run: Run;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read> pos: array<f32>;
@group(0) @binding(3) var<storage, read> grad: array<f32>;
// [vectors][D][n_chains], as chains.wgsl's `aux`.
@group(0) @binding(4) var<storage, read_write> aux: array<f32>;
// The interaction's own floats, kept between passes (InteractionDecl.stateFloats).
@group(0) @binding(5) var<storage, read_write> interaction_state: array<f32>;

// Where vector k, coordinate i of chain c lives in `aux` (chains.wgsl aux_index, for any chain).
fn aux_at(k: u32, i: u32, c: u32) -> u32 {
  return (k * D + i) * run.n_chains + c;
}

// Workgroups past the per-dimension limit fold into y (dispatchSize in pipelines.ts).
fn group_index(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}
