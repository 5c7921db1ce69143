// Chain kernels: state lives in storage buffers, coordinate-major (coordinate i of chain c at
// i * n_chains + c, so neighbouring threads read neighbouring words). One thread per chain.
// Composed after the prelude (D, WG, lib), the target, the sampler and `struct Params`.

struct Info {
  accepted: u32,
  grad_evals: u32,
  density_evals: u32,
  divergent: u32,
}

struct Run {
  seed: vec2<u32>,
  n_chains: u32,
  k_steps: u32,
}

@group(0) @binding(0) var<uniform> run: Run;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> pos: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> logp: array<f32>;
@group(0) @binding(5) var<storage, read_write> iter: array<u32>;
// [4][n_chains]: accepted, gradient evaluations, density evaluations, divergences.
@group(0) @binding(6) var<storage, read_write> counters: array<u32>;

// Dispatches wider than 65,535 workgroups fold into y.
fn chain_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Log-density and gradient at the uploaded positions.
@compute @workgroup_size(WG)
fn init_chains(@builtin(global_invocation_id) gid: vec3<u32>,
               @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = chain_index(gid, nwg);
  let n = run.n_chains;
  if (c >= n) {
    return;
  }
  var x: array<f32, D>;
  var g: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = pos[i * n + c];
  }
  logp[c] = grad_log_density(&x, &g);
  for (var i = 0u; i < D; i = i + 1u) {
    grad[i * n + c] = g[i];
  }
}

// run.k_steps transitions per chain with the state held in registers; no host round trip.
@compute @workgroup_size(WG)
fn step_chains(@builtin(global_invocation_id) gid: vec3<u32>,
               @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = chain_index(gid, nwg);
  let n = run.n_chains;
  if (c >= n) {
    return;
  }
  var x: array<f32, D>;
  var g: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = pos[i * n + c];
    g[i] = grad[i * n + c];
  }
  var lp = logp[c];
  var it = iter[c];
  var acc = vec4<u32>(counters[c], counters[n + c], counters[2u * n + c], counters[3u * n + c]);
  for (var k = 0u; k < run.k_steps; k = k + 1u) {
    var rng = rng_init(run.seed, c, it);
    let info = transition(&x, &g, &lp, &rng);
    acc = acc + vec4<u32>(info.accepted, info.grad_evals, info.density_evals, info.divergent);
    it = it + 1u;
  }
  for (var i = 0u; i < D; i = i + 1u) {
    pos[i * n + c] = x[i];
    grad[i * n + c] = g[i];
  }
  logp[c] = lp;
  iter[c] = it;
  counters[c] = acc.x;
  counters[n + c] = acc.y;
  counters[2u * n + c] = acc.z;
  counters[3u * n + c] = acc.w;
}
