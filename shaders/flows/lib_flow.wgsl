// RealNVP for one point per thread (src/flows/realnvp.ts says what the flow is; the parameter
// layout is its flowLayout). The including module defines
//   fn flow_param(k: u32) -> f32          the flat parameter vector
//   const FLOW_LAYERS, FLOW_WIDTH, FLOW_DEPTH: u32   the shape (src/flows/realnvp.ts flowConstantsWgsl),
// so every private array is exactly as large as the flow (zero-initialising arrays sized for the
// largest flow made NeuTra several times slower on SwiftShader).

const FLOW_S_MAX: f32 = 5.0;

// An MLP's hidden activations, layer by layer.
alias FlowHidden = array<array<f32, FLOW_WIDTH>, FLOW_DEPTH>;

fn flow_keeps(k: u32, i: u32) -> bool {
  return (i + k) % 2u == 0u;
}

// Parameters per coupling layer's MLP: D → width (→ width)^(depth − 1) → 2D, weights and biases.
fn flow_block(shape: vec3<u32>) -> u32 {
  let w = shape.y;
  return (w * D + w) + (shape.z - 1u) * (w * w + w) + (2u * D * w + 2u * D);
}

// Coupling layer k's MLP at the kept coordinates of u: the clamped s into s_out, t into t_out,
// and the hidden activations into hidden (the backward pass reads them).
fn flow_mlp(k: u32, u: ptr<function, array<f32, D>>, s_out: ptr<function, array<f32, D>>,
            t_out: ptr<function, array<f32, D>>, hidden: ptr<function, FlowHidden>) {
  let shape = vec3<u32>(FLOW_LAYERS, FLOW_WIDTH, FLOW_DEPTH);
  let w = shape.y;
  var at = k * flow_block(shape);
  var h: array<f32, FLOW_WIDTH>;
  var next: array<f32, FLOW_WIDTH>;
  for (var r = 0u; r < w; r = r + 1u) {
    var a = flow_param(at + w * D + r);
    for (var c = 0u; c < D; c = c + 1u) {
      if (flow_keeps(k, c)) {
        a = a + flow_param(at + r * D + c) * (*u)[c];
      }
    }
    h[r] = tanh(a);
  }
  (*hidden)[0] = h;
  at = at + w * D + w;
  for (var l = 1u; l < shape.z; l = l + 1u) {
    for (var r = 0u; r < w; r = r + 1u) {
      var a = flow_param(at + w * w + r);
      for (var c = 0u; c < w; c = c + 1u) {
        a = a + flow_param(at + r * w + c) * h[c];
      }
      next[r] = tanh(a);
    }
    h = next;
    (*hidden)[l] = h;
    at = at + w * w + w;
  }
  for (var j = 0u; j < D; j = j + 1u) {
    var a = flow_param(at + 2u * D * w + j);
    var b = flow_param(at + 2u * D * w + D + j);
    for (var c = 0u; c < w; c = c + 1u) {
      a = a + flow_param(at + j * w + c) * h[c];
      b = b + flow_param(at + (D + j) * w + c) * h[c];
    }
    (*s_out)[j] = FLOW_S_MAX * tanh(a / FLOW_S_MAX);
    (*t_out)[j] = b;
  }
}

// z → x; returns log|det ∂x/∂z|.
fn flow_forward(z: ptr<function, array<f32, D>>, x: ptr<function, array<f32, D>>) -> f32 {
  let shape = vec3<u32>(FLOW_LAYERS, FLOW_WIDTH, FLOW_DEPTH);
  var y = *z;
  var s: array<f32, D>;
  var t: array<f32, D>;
  var hidden: FlowHidden;
  var log_det = 0.0;
  for (var k = 0u; k < shape.x; k = k + 1u) {
    flow_mlp(k, &y, &s, &t, &hidden);
    for (var j = 0u; j < D; j = j + 1u) {
      if (!flow_keeps(k, j)) {
        y[j] = y[j] * exp(s[j]) + t[j];
        log_det = log_det + s[j];
      }
    }
  }
  let shift = shape.x * flow_block(shape);
  for (var j = 0u; j < D; j = j + 1u) {
    let ls = flow_param(shift + D + j);
    (*x)[j] = flow_param(shift + j) + exp(ls) * y[j];
    log_det = log_det + ls;
  }
  return log_det;
}

// x → z (the inverse of flow_forward); returns log|det ∂x/∂z| at that z.
fn flow_inverse(x: ptr<function, array<f32, D>>, z: ptr<function, array<f32, D>>) -> f32 {
  let shape = vec3<u32>(FLOW_LAYERS, FLOW_WIDTH, FLOW_DEPTH);
  let shift = shape.x * flow_block(shape);
  var y: array<f32, D>;
  var s: array<f32, D>;
  var t: array<f32, D>;
  var hidden: FlowHidden;
  var log_det = 0.0;
  for (var j = 0u; j < D; j = j + 1u) {
    let ls = flow_param(shift + D + j);
    y[j] = ((*x)[j] - flow_param(shift + j)) * exp(-ls);
    log_det = log_det + ls;
  }
  for (var kk = 0u; kk < shape.x; kk = kk + 1u) {
    let k = shape.x - 1u - kk;
    flow_mlp(k, &y, &s, &t, &hidden);
    for (var j = 0u; j < D; j = j + 1u) {
      if (!flow_keeps(k, j)) {
        y[j] = (y[j] - t[j]) * exp(-s[j]);
        log_det = log_det + s[j];
      }
    }
  }
  *z = y;
  return log_det;
}

// log N(z; 0, I).
fn flow_log_base(z: ptr<function, array<f32, D>>) -> f32 {
  var q = 0.0;
  for (var j = 0u; j < D; j = j + 1u) {
    q = q + (*z)[j] * (*z)[j];
  }
  return -0.5 * q - 0.5 * f32(D) * LOG_2PI;
}

// The target pulled back through the flow (NeuTra): log p(f(z)) + log|det ∂f/∂z| and its
// gradient in z, by reverse mode through every coupling layer (flowBackward in realnvp.ts).
fn latent_grad_log_density(z: ptr<function, array<f32, D>>, gz: ptr<function, array<f32, D>>) -> f32 {
  let shape = vec3<u32>(FLOW_LAYERS, FLOW_WIDTH, FLOW_DEPTH);
  let w = shape.y;
  var inputs: array<array<f32, D>, FLOW_LAYERS>;
  var y = *z;
  var s: array<f32, D>;
  var t: array<f32, D>;
  var hidden: FlowHidden;
  var log_det = 0.0;
  for (var k = 0u; k < shape.x; k = k + 1u) {
    inputs[k] = y;
    flow_mlp(k, &y, &s, &t, &hidden);
    for (var j = 0u; j < D; j = j + 1u) {
      if (!flow_keeps(k, j)) {
        y[j] = y[j] * exp(s[j]) + t[j];
        log_det = log_det + s[j];
      }
    }
  }
  let shift = shape.x * flow_block(shape);
  var x: array<f32, D>;
  for (var j = 0u; j < D; j = j + 1u) {
    let ls = flow_param(shift + D + j);
    x[j] = flow_param(shift + j) + exp(ls) * y[j];
    log_det = log_det + ls;
  }
  var gx: array<f32, D>;
  let lp = grad_log_density(&x, &gx);
  // gy: ∂/∂(the state) walked back from x to z; log|det| enters with weight 1.
  var gy: array<f32, D>;
  for (var j = 0u; j < D; j = j + 1u) {
    gy[j] = gx[j] * exp(flow_param(shift + D + j));
  }
  var delta: array<f32, FLOW_WIDTH>;
  var out_delta: array<f32, D>;
  var out_t: array<f32, D>;
  for (var kk = 0u; kk < shape.x; kk = kk + 1u) {
    let k = shape.x - 1u - kk;
    var u = inputs[k];
    flow_mlp(k, &u, &s, &t, &hidden);
    for (var j = 0u; j < D; j = j + 1u) {
      out_delta[j] = 0.0;
      out_t[j] = 0.0;
      if (!flow_keeps(k, j)) {
        let es = exp(s[j]);
        let th = s[j] / FLOW_S_MAX;
        out_delta[j] = (gy[j] * u[j] * es + 1.0) * (1.0 - th * th);
        out_t[j] = gy[j];
        gy[j] = gy[j] * es;
      }
    }
    // Output layer (2D × w) back to the last hidden layer, through its tanh.
    let base = k * flow_block(shape);
    var at = base + (w * D + w) + (shape.z - 1u) * (w * w + w);
    let last = shape.z - 1u;
    for (var c = 0u; c < w; c = c + 1u) {
      var a = 0.0;
      for (var j = 0u; j < D; j = j + 1u) {
        a = a + flow_param(at + j * w + c) * out_delta[j] + flow_param(at + (D + j) * w + c) * out_t[j];
      }
      let h = hidden[last][c];
      delta[c] = a * (1.0 - h * h);
    }
    // Hidden layers back to the first.
    for (var ll = 1u; ll < shape.z; ll = ll + 1u) {
      let l = shape.z - ll;
      at = base + (w * D + w) + (l - 1u) * (w * w + w);
      var next: array<f32, FLOW_WIDTH>;
      for (var c = 0u; c < w; c = c + 1u) {
        var a = 0.0;
        for (var r = 0u; r < w; r = r + 1u) {
          a = a + flow_param(at + r * w + c) * delta[r];
        }
        let h = hidden[l - 1u][c];
        next[c] = a * (1.0 - h * h);
      }
      delta = next;
    }
    // First layer (w × D) back to the kept coordinates.
    for (var c = 0u; c < D; c = c + 1u) {
      if (flow_keeps(k, c)) {
        var a = 0.0;
        for (var r = 0u; r < w; r = r + 1u) {
          a = a + flow_param(base + r * D + c) * delta[r];
        }
        gy[c] = gy[c] + a;
      }
    }
  }
  *gz = gy;
  return lp + log_det;
}
