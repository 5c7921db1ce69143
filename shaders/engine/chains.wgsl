// Chain kernels: state lives in storage buffers, coordinate-major (coordinate i of chain c at
// i * n_chains + c, so neighbouring threads read neighbouring words). One thread per chain.
// Composed after the prelude (D, WG, lib), the target, the sampler, `struct Params` and
// COUNTER_ROWS, STAT_ROWS (src/engine/recording.ts) and `struct Run` (run.wgsl).

struct Info {
  accepted: u32,
  grad_evals: u32,
  density_evals: u32,
  divergent: u32,
  // A loop hit its cap (slice samplers); the chain kept its state.
  capped: u32,
  accept_prob: f32,
  energy: f32,
  energy_error: f32,
  tree_depth: f32,
  chees: f32,
  // This draw's ELBO term (variational samplers: MixFlows).
  elbo: f32,
}

fn no_info() -> Info {
  return Info(0u, 0u, 0u, 0u, 0u, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
}

@group(0) @binding(0) var<uniform> run: Run;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> pos: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> logp: array<f32>;
// [2·bins + bins²]: histograms of the recorded draws (src/engine/recording.ts).
@group(0) @binding(5) var<storage, read_write> hist: array<atomic<u32>>;
// [6][n_chains]: accepted, gradient evaluations, density evaluations, divergences, capped; then
// each chain's iteration.
@group(0) @binding(6) var<storage, read_write> counters: array<u32>;
// [7][n_chains] (src/engine/snapshot.ts STAT_NAMES): sums since the last reset of accept_prob,
// chees and elbo; the most density evaluations of one transition since the reset; last energy,
// energy error, tree depth. Then the recording (src/engine/recording.ts): per-chain Welford mean
// and M2 of each coordinate ([D][n_chains] each), and the trace ring
// [window][trace_chains][D + 1] (coordinates, then energy).
@group(0) @binding(7) var<storage, read_write> stats: array<f32>;
// [vectors][D][n_chains]: the sampler's persistent per-chain vectors.
@group(0) @binding(8) var<storage, read_write> aux: array<f32>;
// [inverse mass (D) | centre (D) | dense factor (D×D, dense samplers only)], set by warm-up.
@group(0) @binding(9) var<storage, read> tuning: array<f32>;

// What the chains record from iteration `start` on (`on` = 1); a histogram bin is
// floor((x − lo) · scale), kept when in [0, bins).
struct Record {
  start: u32,
  on: u32,
  trace_chains: u32,
  window: u32,
  coord0: u32,
  coord1: u32,
  bins: u32,
  _pad: u32,
  lo_scale: vec4<f32>,
}

@group(0) @binding(10) var<uniform> rec: Record;

// The chain and transition being computed (set before each call of `transition`).
var<private> chain_id: u32;
var<private> chain_iter: u32;

fn aux_index(k: u32, i: u32) -> u32 {
  return (k * D + i) * run.n_chains + chain_id;
}

fn inv_mass(i: u32) -> f32 {
  return tuning[i];
}

fn tuning_center(i: u32) -> f32 {
  return tuning[D + i];
}

fn dense_factor(i: u32, j: u32) -> f32 {
  return tuning[2u * D + i * D + j];
}

// Dispatches wider than 65,535 workgroups fold into y.
fn chain_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

fn histogram_bin(v: f32, lo: f32, scale: f32) -> i32 {
  let t = (v - lo) * scale;
  if (t >= 0.0 && t < f32(rec.bins)) {
    return i32(t);
  }
  return -1;
}

// Adds draw x (made by transition `it`) to chain c's Welford moments, the histograms and, for a
// traced chain, the ring.
fn record_draw(c: u32, it: u32, x: ptr<function, array<f32, D>>, energy: f32) {
  let n = run.n_chains;
  let k = f32(it - rec.start + 1u);
  for (var i = 0u; i < D; i = i + 1u) {
    let mi = (STAT_ROWS + i) * n + c;
    let si = (STAT_ROWS + D + i) * n + c;
    let v = (*x)[i];
    let delta = v - stats[mi];
    let mean = stats[mi] + delta / k;
    stats[mi] = mean;
    stats[si] = stats[si] + delta * (v - mean);
  }
  let b0 = histogram_bin((*x)[rec.coord0], rec.lo_scale.x, rec.lo_scale.y);
  let b1 = histogram_bin((*x)[rec.coord1], rec.lo_scale.z, rec.lo_scale.w);
  if (b0 >= 0) {
    atomicAdd(&hist[u32(b0)], 1u);
  }
  if (b1 >= 0) {
    atomicAdd(&hist[rec.bins + u32(b1)], 1u);
  }
  if (b0 >= 0 && b1 >= 0) {
    atomicAdd(&hist[2u * rec.bins + u32(b1) * rec.bins + u32(b0)], 1u);
  }
  if (c < rec.trace_chains) {
    let row = (it - rec.start) % rec.window;
    let base = (STAT_ROWS + 2u * D) * n + (row * rec.trace_chains + c) * (D + 1u);
    for (var i = 0u; i < D; i = i + 1u) {
      stats[base + i] = (*x)[i];
    }
    stats[base + D] = energy;
  }
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
  chain_id = c;
  var x: array<f32, D>;
  var g: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = pos[i * n + c];
    g[i] = grad[i * n + c];
  }
  var lp = logp[c];
  var it = counters[COUNTER_ROWS * n + c];
  var acc = vec4<u32>(counters[c], counters[n + c], counters[2u * n + c], counters[3u * n + c]);
  var capped = counters[4u * n + c];
  var sums = vec3<f32>(stats[c], stats[n + c], stats[2u * n + c]);
  var peak = stats[3u * n + c];
  var last = vec3<f32>(stats[4u * n + c], stats[5u * n + c], stats[6u * n + c]);
  for (var k = 0u; k < run.k_steps; k = k + 1u) {
    chain_iter = it;
    var rng = rng_init(run.seed, c, it);
    let info = transition(&x, &g, &lp, &rng);
    acc = acc + vec4<u32>(info.accepted, info.grad_evals, info.density_evals, info.divergent);
    capped = capped + info.capped;
    sums = sums + vec3<f32>(info.accept_prob, info.chees, info.elbo);
    peak = max(peak, f32(info.density_evals));
    last = vec3<f32>(info.energy, info.energy_error, info.tree_depth);
    if (rec.on == 1u && it >= rec.start) {
      record_draw(c, it, &x, info.energy);
    }
    it = it + 1u;
  }
  for (var i = 0u; i < D; i = i + 1u) {
    pos[i * n + c] = x[i];
    grad[i * n + c] = g[i];
  }
  logp[c] = lp;
  counters[COUNTER_ROWS * n + c] = it;
  counters[c] = acc.x;
  counters[n + c] = acc.y;
  counters[2u * n + c] = acc.z;
  counters[3u * n + c] = acc.w;
  counters[4u * n + c] = capped;
  stats[c] = sums.x;
  stats[n + c] = sums.y;
  stats[2u * n + c] = sums.z;
  stats[3u * n + c] = peak;
  stats[4u * n + c] = last.x;
  stats[5u * n + c] = last.y;
  stats[6u * n + c] = last.z;
}
