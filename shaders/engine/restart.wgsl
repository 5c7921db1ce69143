// Warm-up's restart of stranded chains (src/engine/adaptation/restarts.ts): chain c takes over
// chain donors[c]'s state where donors[c] != c. Donors keep their own state, so no thread reads
// a word another thread writes. Layouts as in chains.wgsl (coordinate-major).

struct Shape {
  n_chains: u32,
  d: u32,
  aux_vectors: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> shape: Shape;
@group(0) @binding(1) var<storage, read> donors: array<u32>;
@group(0) @binding(2) var<storage, read_write> pos: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> logp: array<f32>;
@group(0) @binding(5) var<storage, read_write> aux: array<f32>;

@compute @workgroup_size(64)
fn restart_chains(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = shape.n_chains;
  let c = gid.x + gid.y * nwg.x * 64u;
  if (c >= n) {
    return;
  }
  let donor = donors[c];
  if (donor == c) {
    return;
  }
  for (var i = 0u; i < shape.d; i++) {
    pos[i * n + c] = pos[i * n + donor];
    grad[i * n + c] = grad[i * n + donor];
  }
  logp[c] = logp[donor];
  for (var j = 0u; j < shape.aux_vectors * shape.d; j++) {
    aux[j * n + c] = aux[j * n + donor];
  }
}
