// Pooled statistics over all chains in two passes, so a read-back is a few hundred bytes however
// many chains run. Column k < COUNTERS is (sum, max) of counter k, column COUNTERS + j (sum, max)
// of stat j, column SUM_COLS + i is (mean, M2) of coordinate i over the chains' current positions
// and column SUM_COLS + d + i (mean, M2) of coordinate i over every recorded draw, merged from the
// chains' own Welford moments (src/engine/recording.ts). Welford within a block, Chan et al.'s
// pairwise merge across blocks. Composed after shaders/lib/math.wgsl, COUNTERS and SUM_COLS
// (src/engine/snapshot.ts) and STAT_ROWS (src/engine/recording.ts).

const BLOCK: u32 = 256u;

struct Shape {
  n_chains: u32,
  n_blocks: u32,
  n_cols: u32,
  // Draws each chain has recorded.
  draws: u32,
}

@group(0) @binding(0) var<uniform> shape: Shape;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> counters: array<u32>;
@group(0) @binding(5) var<storage, read> stats: array<f32>;
// [n_blocks][n_cols] of (count-weighted value, M2).
@group(0) @binding(3) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> result: array<vec2<f32>>;

fn block_len(b: u32) -> u32 {
  return min(BLOCK, shape.n_chains - b * BLOCK);
}

// One thread per (block, column).
@compute @workgroup_size(64)
fn reduce_blocks(@builtin(global_invocation_id) gid: vec3<u32>,
                 @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= shape.n_blocks * shape.n_cols) {
    return;
  }
  let b = t / shape.n_cols;
  let col = t % shape.n_cols;
  let n = shape.n_chains;
  let start = b * BLOCK;
  let len = block_len(b);
  if (col < SUM_COLS) {
    var s = 0.0;
    var m = -F32_MAX;
    for (var j = 0u; j < len; j = j + 1u) {
      var v: f32;
      if (col < COUNTERS) {
        v = f32(counters[col * n + start + j]);
      } else {
        v = stats[(col - COUNTERS) * n + start + j];
      }
      s = s + v;
      m = max(m, v);
    }
    partials[t] = vec2<f32>(s, m);
    return;
  }
  // Coordinate i over the chains' current positions (col < SUM_COLS + d), or over their recorded
  // draws: Welford over the chains' means, each of `draws` draws, plus the chains' own M2.
  let d = (shape.n_cols - SUM_COLS) / 2u;
  let recorded = col >= SUM_COLS + d;
  let i = col - SUM_COLS - select(0u, d, recorded);
  var mean = 0.0;
  var m2 = 0.0;
  var within = 0.0;
  for (var j = 0u; j < len; j = j + 1u) {
    var v: f32;
    if (recorded) {
      v = stats[(STAT_ROWS + i) * n + start + j];
      within = within + stats[(STAT_ROWS + d + i) * n + start + j];
    } else {
      v = pos[i * n + start + j];
    }
    let delta = v - mean;
    mean = mean + delta / f32(j + 1u);
    m2 = m2 + delta * (v - mean);
  }
  partials[t] = vec2<f32>(mean, select(1.0, f32(shape.draws), recorded) * m2 + within);
}

// One thread per column, merging the blocks.
@compute @workgroup_size(64)
fn reduce_columns(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col = gid.x;
  if (col >= shape.n_cols) {
    return;
  }
  if (col < SUM_COLS) {
    var s = vec2<f32>(0.0, -F32_MAX);
    for (var b = 0u; b < shape.n_blocks; b = b + 1u) {
      let p = partials[b * shape.n_cols + col];
      s = vec2<f32>(s.x + p.x, max(s.y, p.y));
    }
    result[col] = s;
    return;
  }
  // A block's count in draws: its chains, times the draws each recorded for recorded columns.
  let d = (shape.n_cols - SUM_COLS) / 2u;
  let per_chain = select(1.0, f32(shape.draws), col >= SUM_COLS + d);
  var count = 0.0;
  var mean = 0.0;
  var m2 = 0.0;
  for (var b = 0u; b < shape.n_blocks; b = b + 1u) {
    let p = partials[b * shape.n_cols + col];
    let nb = f32(block_len(b)) * per_chain;
    let total = count + nb;
    let delta = p.x - mean;
    mean = mean + delta * nb / total;
    m2 = m2 + p.y + delta * delta * count * nb / total;
    count = total;
  }
  result[col] = vec2<f32>(mean, m2);
}
