// SVGD's interaction kernels (src/samplers/svgd.ts is the float64 reference and says what SVGD
// is). Composed after shaders/engine/interaction.wgsl (bindings), with TILE (particles per
// workgroup-memory tile, ≤ WG). Before every transition:
//   svgd_bandwidth (one workgroup, every `bandwidthEvery` steps): h by the median heuristic, or
//     the fixed one, into interaction_state[0];
//   svgd_stein (thread per particle): φ of every particle into its aux vector 0, over tiles of
//     particles and gradients in workgroup memory, as an N-body kernel does.
// The chain kernel then moves each particle (shaders/samplers/svgd.wgsl).

// BANDWIDTH_SUBSAMPLE in svgd.ts.
const SUBSAMPLE: u32 = 512u;
// Threads of svgd_bandwidth: one per histogram bin.
const MEDIAN_WG: u32 = 256u;
// MIN_BANDWIDTH in svgd.ts.
const MIN_H: f32 = 1e-8;

var<workgroup> tile_x: array<f32, TILE * D>;
var<workgroup> tile_g: array<f32, TILE * D>;
var<workgroup> hist: array<atomic<u32>, 256>;
var<workgroup> select_prefix: u32;
var<workgroup> select_rank: u32;

// The h in force: the fixed one, else the latest median heuristic.
fn svgd_h() -> f32 {
  return select(interaction_state[0], params.bandwidth, params.bandwidth > 0.0);
}

@compute @workgroup_size(WG)
fn svgd_stein(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
  let n = run.n_chains;
  let first = group_index(wid, nwg) * WG;
  // Whole workgroups past the end (from folding) leave at once; the rest must all reach the
  // barriers, so a thread past the end works on a dummy particle and writes nothing.
  if (first >= n) {
    return;
  }
  let a = first + lid;
  let live = a < n;
  let inv_h = 1.0 / svgd_h();
  var xa: array<f32, D>;
  var phi: array<f32, D>;
  if (live) {
    for (var i = 0u; i < D; i = i + 1u) {
      xa[i] = pos[i * n + a];
    }
  }
  for (var base = 0u; base < n; base = base + TILE) {
    let count = min(TILE, n - base);
    if (lid < count) {
      for (var i = 0u; i < D; i = i + 1u) {
        tile_x[i * TILE + lid] = pos[i * n + base + lid];
        tile_g[i * TILE + lid] = grad[i * n + base + lid];
      }
    }
    workgroupBarrier();
    for (var t = 0u; t < count; t = t + 1u) {
      var r2 = 0.0;
      for (var i = 0u; i < D; i = i + 1u) {
        let u = xa[i] - tile_x[i * TILE + t];
        r2 = r2 + u * u;
      }
      let k = exp(-r2 * inv_h);
      // ∇_{x_b} k(x_b, x_a) = (2/h)(x_a − x_b) k: the repulsion.
      let c = 2.0 * inv_h * k;
      for (var i = 0u; i < D; i = i + 1u) {
        phi[i] = phi[i] + k * tile_g[i * TILE + t] + c * (xa[i] - tile_x[i * TILE + t]);
      }
    }
    workgroupBarrier();
  }
  if (live) {
    let scale = 1.0 / f32(n);
    for (var i = 0u; i < D; i = i + 1u) {
      aux[aux_at(0u, i, a)] = phi[i] * scale;
    }
  }
}

// subsampleIndex in svgd.ts, of m particles.
fn subsample_index(k: u32, m: u32) -> u32 {
  let n = run.n_chains;
  return k * (n / m) + min(k, n % m);
}

fn subsample_dist2(a: u32, b: u32) -> f32 {
  let n = run.n_chains;
  var r2 = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    let u = pos[i * n + a] - pos[i * n + b];
    r2 = r2 + u * u;
  }
  return r2;
}

// The lower median of the squared distances between the subsampled particles, by radix
// selection: squared distances are ≥ 0, so their f32 bit patterns sort as u32, and four passes
// of a 256-bin histogram fix the selected element's bits 8 at a time. Exact, and the same
// element as the float64 reference picks (up to the f32 rounding of each distance). A fixed h
// is copied instead; a lone particle has no pairs and gets h = 1 (as in svgd.ts).
@compute @workgroup_size(MEDIAN_WG)
fn svgd_bandwidth(@builtin(local_invocation_index) lid: u32) {
  let n = run.n_chains;
  let m = min(n, SUBSAMPLE);
  // A uniform branch: every thread leaves together.
  if (params.bandwidth > 0.0 || m < 2u) {
    if (lid == 0u) {
      interaction_state[0] = select(1.0, params.bandwidth, params.bandwidth > 0.0);
    }
    return;
  }
  atomicStore(&hist[lid], 0u);
  if (lid == 0u) {
    select_prefix = 0u;
    select_rank = ((m * (m - 1u)) / 2u - 1u) / 2u;
  }
  workgroupBarrier();
  for (var round = 0u; round < 4u; round = round + 1u) {
    let shift = 24u - 8u * round;
    let prefix = select_prefix;
    // The bits fixed by earlier passes (none in the first: a shift by 32 is not a shift in WGSL).
    let fixed = select(0u, 0xffffffffu << (shift + 8u), round > 0u);
    for (var a = lid; a < m; a = a + MEDIAN_WG) {
      let xa = subsample_index(a, m);
      for (var b = a + 1u; b < m; b = b + 1u) {
        let bits = bitcast<u32>(subsample_dist2(xa, subsample_index(b, m)));
        if ((bits & fixed) == prefix) {
          atomicAdd(&hist[(bits >> shift) & 255u], 1u);
        }
      }
    }
    workgroupBarrier();
    if (lid == 0u) {
      var rank = select_rank;
      var bin = 0u;
      for (; bin < 255u; bin = bin + 1u) {
        let count = atomicLoad(&hist[bin]);
        if (rank < count) {
          break;
        }
        rank = rank - count;
      }
      select_prefix = prefix | (bin << shift);
      select_rank = rank;
    }
    workgroupBarrier();
    atomicStore(&hist[lid], 0u);
    workgroupBarrier();
  }
  if (lid == 0u) {
    interaction_state[0] = max(bitcast<f32>(select_prefix) / log(f32(n) + 1.0), MIN_H);
  }
}
