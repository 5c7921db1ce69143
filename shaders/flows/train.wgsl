// RealNVP training by reverse KL in two dispatches per iteration; src/flows/realnvp.ts is the
// float64 reference and says what the flow is. Composed after the prelude (D, lib), the target
// and `const MAX_ROWS` (the widest dense layer). Per-particle buffers are feature-major,
// [feature][B], so neighbouring threads touch neighbouring words.
//   particle_pass (one thread per particle): z ~ N(0, I), forward through the flow keeping every
//     layer's input and output, the loss ℓ = log N(z) − log|det| − log p(x), and back through the
//     flow keeping every dense layer's δ = ∂ℓ/∂(pre-activation);
//   param_update (one thread per parameter): the batch mean of its gradient from those, then an
//     Adam step (Kingma & Ba 2015) when train.update is 1.

// A dense layer: weights (rows × cols, row-major) and biases in params; its input and output
// (and δ, at the same offset as the output) in acts / deltas; coupling layer k; index l in the MLP.
struct Layer {
  w: u32,
  b: u32,
  rows: u32,
  cols: u32,
  input: u32,
  output: u32,
  coupling: u32,
  l: u32,
}

struct Train {
  seed: vec2<u32>,
  batch: u32,
  // Base draws are keyed by it; Adam's bias correction uses iteration + 1.
  iteration: u32,
  n_params: u32,
  shift: u32,
  log_scale: u32,
  layers: u32,
  depth: u32,
  update: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  adam_eps: f32,
}

const S_MAX: f32 = 5.0;

@group(0) @binding(0) var<uniform> train: Train;
@group(0) @binding(1) var<storage, read> layers: array<Layer>;
@group(0) @binding(2) var<storage, read_write> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> acts: array<f32>;
@group(0) @binding(5) var<storage, read_write> deltas: array<f32>;
// [2][D][B]: y (the flow's output before the final affine map), and ∂ℓ/∂x.
@group(0) @binding(6) var<storage, read_write> ends: array<f32>;
// [5][B]: log|det|, log N(z), log p(x), ℓ, and 1 where ℓ and its gradient are finite (else 0:
// the particle is left out of the gradient, so one overflow cannot turn every parameter to NaN).
@group(0) @binding(7) var<storage, read_write> particle: array<f32>;
// Adam's first and second moments, [2][n_params].
@group(0) @binding(8) var<storage, read_write> moments: array<f32>;

fn keeps(k: u32, i: u32) -> bool {
  return (i + k) % 2u == 0u;
}

// Whether input c of a dense layer is used: an MLP's first layer sees only kept coordinates.
fn input_used(layer: Layer, c: u32) -> bool {
  return layer.l > 0u || keeps(layer.coupling, c);
}

fn thread_index(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * 64u;
}

@compute @workgroup_size(64)
fn particle_pass(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = thread_index(gid, nwg);
  let n = train.batch;
  if (b >= n) {
    return;
  }
  let per_mlp = train.depth + 1u;
  var rng = rng_init(train.seed, b, train.iteration);
  var y: array<f32, D>;
  let unused = normals_then_uniform(&rng, &y);
  var q = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    q = q + y[i] * y[i];
  }
  let log_base = -0.5 * q - 0.5 * f32(D) * LOG_2PI;
  var log_det = 0.0;
  for (var k = 0u; k < train.layers; k = k + 1u) {
    let first = layers[k * per_mlp];
    for (var i = 0u; i < D; i = i + 1u) {
      acts[first.input + i * n + b] = y[i];
    }
    for (var l = 0u; l < per_mlp; l = l + 1u) {
      let layer = layers[k * per_mlp + l];
      for (var r = 0u; r < layer.rows; r = r + 1u) {
        var a = params[layer.b + r];
        for (var c = 0u; c < layer.cols; c = c + 1u) {
          if (input_used(layer, c)) {
            a = a + params[layer.w + r * layer.cols + c] * acts[layer.input + c * n + b];
          }
        }
        if (l + 1u < per_mlp) {
          a = tanh(a);
        }
        acts[layer.output + r * n + b] = a;
      }
    }
    let out = layers[k * per_mlp + train.depth].output;
    for (var j = 0u; j < D; j = j + 1u) {
      if (!keeps(k, j)) {
        let s = S_MAX * tanh(acts[out + j * n + b] / S_MAX);
        y[j] = y[j] * exp(s) + acts[out + (D + j) * n + b];
        log_det = log_det + s;
      }
    }
  }
  var x: array<f32, D>;
  var g: array<f32, D>;
  for (var j = 0u; j < D; j = j + 1u) {
    let ls = params[train.log_scale + j];
    x[j] = params[train.shift + j] + exp(ls) * y[j];
    log_det = log_det + ls;
  }
  let lp = grad_log_density(&x, &g);
  let loss = log_base - log_det - lp;
  var ok = is_finite(loss);
  for (var j = 0u; j < D; j = j + 1u) {
    ok = ok && is_finite(g[j]) && is_finite(y[j]);
  }
  particle[b] = log_det;
  particle[n + b] = log_base;
  particle[2u * n + b] = lp;
  particle[3u * n + b] = loss;
  particle[4u * n + b] = select(0.0, 1.0, ok);
  // A particle with a non-finite loss or gradient is left out of the batch mean: mean_gradient
  // skips it (its activations may be infinite, and 0 · ∞ is NaN).
  if (!ok) {
    return;
  }
  // Backward: gy = ∂ℓ/∂(the state), δ through each MLP; log|det| enters ℓ with weight −1.
  var gy: array<f32, D>;
  for (var j = 0u; j < D; j = j + 1u) {
    ends[(D + j) * n + b] = -g[j];
    ends[j * n + b] = y[j];
    gy[j] = -g[j] * exp(params[train.log_scale + j]);
  }
  var delta: array<f32, MAX_ROWS>;
  var next: array<f32, MAX_ROWS>;
  for (var kk = 0u; kk < train.layers; kk = kk + 1u) {
    let k = train.layers - 1u - kk;
    let input = layers[k * per_mlp].input;
    let out = layers[k * per_mlp + train.depth].output;
    for (var j = 0u; j < D; j = j + 1u) {
      if (keeps(k, j)) {
        delta[j] = 0.0;
        delta[D + j] = 0.0;
        continue;
      }
      let th = tanh(acts[out + j * n + b] / S_MAX);
      let es = exp(S_MAX * th);
      delta[j] = (gy[j] * acts[input + j * n + b] * es - 1.0) * (1.0 - th * th);
      delta[D + j] = gy[j];
      gy[j] = gy[j] * es;
    }
    for (var ll = 0u; ll < per_mlp; ll = ll + 1u) {
      let layer = layers[k * per_mlp + train.depth - ll];
      for (var r = 0u; r < layer.rows; r = r + 1u) {
        deltas[layer.output + r * n + b] = delta[r];
      }
      for (var c = 0u; c < layer.cols; c = c + 1u) {
        if (!input_used(layer, c)) {
          continue;
        }
        var a = 0.0;
        for (var r = 0u; r < layer.rows; r = r + 1u) {
          a = a + params[layer.w + r * layer.cols + c] * delta[r];
        }
        if (layer.l > 0u) {
          let h = acts[layer.input + c * n + b];
          next[c] = a * (1.0 - h * h);
        } else {
          gy[c] = gy[c] + a;
        }
      }
      delta = next;
    }
  }
}

fn valid(b: u32) -> bool {
  return particle[4u * train.batch + b] > 0.0;
}

// The batch mean of ∂ℓ/∂θ_k, from what particle_pass kept (valid particles only; the mean is
// still over the batch, so a few dropped particles shrink the step a little).
fn mean_gradient(k: u32) -> f32 {
  let n = train.batch;
  var s = 0.0;
  if (k >= train.log_scale) {
    let j = k - train.log_scale;
    let scale = exp(params[k]);
    for (var b = 0u; b < n; b = b + 1u) {
      if (valid(b)) {
        s = s + ends[(D + j) * n + b] * scale * ends[j * n + b] - 1.0;
      }
    }
    return s / f32(n);
  }
  if (k >= train.shift) {
    let j = k - train.shift;
    for (var b = 0u; b < n; b = b + 1u) {
      if (valid(b)) {
        s = s + ends[(D + j) * n + b];
      }
    }
    return s / f32(n);
  }
  var at = 0u;
  while (k >= layers[at].b + layers[at].rows) {
    at = at + 1u;
  }
  let layer = layers[at];
  if (k >= layer.b) {
    let r = k - layer.b;
    for (var b = 0u; b < n; b = b + 1u) {
      if (valid(b)) {
        s = s + deltas[layer.output + r * n + b];
      }
    }
    return s / f32(n);
  }
  let r = (k - layer.w) / layer.cols;
  let c = (k - layer.w) % layer.cols;
  if (!input_used(layer, c)) {
    return 0.0;
  }
  for (var b = 0u; b < n; b = b + 1u) {
    if (valid(b)) {
      s = s + deltas[layer.output + r * n + b] * acts[layer.input + c * n + b];
    }
  }
  return s / f32(n);
}

@compute @workgroup_size(64)
fn param_update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = thread_index(gid, nwg);
  if (k >= train.n_params) {
    return;
  }
  let g = mean_gradient(k);
  grads[k] = g;
  if (train.update == 0u) {
    return;
  }
  let m = train.beta1 * moments[k] + (1.0 - train.beta1) * g;
  let v = train.beta2 * moments[train.n_params + k] + (1.0 - train.beta2) * g * g;
  moments[k] = m;
  moments[train.n_params + k] = v;
  let t = f32(train.iteration + 1u);
  let m_hat = m / (1.0 - pow(train.beta1, t));
  let v_hat = v / (1.0 - pow(train.beta2, t));
  params[k] = params[k] - train.lr * m_hat / (sqrt(v_hat) + train.adam_eps);
}
