/*
 * RealNVP (Dinh, Sohl-Dickstein & Bengio 2017) in float64: the reference the WGSL kernels are
 * tested against, and the CPU engine's flow. x = A(C_{K−1}(… C_0(z))), z ~ N(0, I):
 *   coupling layer k keeps the coordinates i with (i + k) even and moves the others,
 *     y_j = z_j · exp(s_j) + t_j,  (raw_s, t) = MLP_k(z ⊙ mask_k),  s = S_MAX · tanh(raw_s / S_MAX),
 *   the MLP is d → width (tanh) → … → width (tanh) → 2d (linear; rows d..2d−1 are t), `depth`
 *   hidden layers; the final A is elementwise, x = shift + exp(logScale) ⊙ y.
 * log q(x) = log N(z) − log|det ∂x/∂z|, log|det| = Σ_k Σ_moved s_j + Σ logScale.
 */

/** s is soft-clamped to ±S_MAX: identity near 0, bounded so exp(s) cannot overflow. */
export const S_MAX = 5;

export interface FlowShape {
  readonly d: number;
  /** Coupling layers K. */
  readonly layers: number;
  /** Hidden units per MLP layer. */
  readonly width: number;
  /** Hidden layers per MLP (≥ 1). */
  readonly depth: number;
}

/** Offsets of one dense layer's weights (rows × cols, row-major) and biases (rows). */
export interface DenseSlot {
  readonly w: number;
  readonly b: number;
  readonly rows: number;
  readonly cols: number;
}

export interface FlowLayout {
  /** Parameters in all. */
  readonly size: number;
  /** [coupling layer][dense layer], input to output. */
  readonly dense: readonly (readonly DenseSlot[])[];
  readonly shift: number;
  readonly logScale: number;
}

/** Where every parameter lives in the flat parameter vector (the same on the GPU). */
export function flowLayout({ d, layers, width, depth }: FlowShape): FlowLayout {
  let at = 0;
  const slot = (rows: number, cols: number): DenseSlot => {
    const s = { w: at, b: at + rows * cols, rows, cols };
    at += rows * cols + rows;
    return s;
  };
  const dense = Array.from({ length: layers }, () =>
    Array.from({ length: depth + 1 }, (_, l) => slot(l === depth ? 2 * d : width, l === 0 ? d : width)));
  const shift = at;
  const logScale = at + d;
  return { size: at + 2 * d, dense, shift, logScale };
}

/** A flow with every coupling layer the identity (zero weights: each MLP outputs 0) and the final
 * affine map x = shift + e^logScale · z, so q = N(shift, e^(2 logScale) I): a fixed proposal. */
export function affineFlowParams(shape: FlowShape, shift: number | ArrayLike<number>, logScale: number | ArrayLike<number>): Float64Array {
  const layout = flowLayout(shape);
  const p = new Float64Array(layout.size);
  const each = (v: number | ArrayLike<number>, i: number) => (typeof v === 'number' ? v : v[i]);
  for (let i = 0; i < shape.d; i++) {
    p[layout.shift + i] = each(shift, i);
    p[layout.logScale + i] = each(logScale, i);
  }
  return p;
}

/** log N(z; 0, I): the flow's base density. */
export function logBaseDensity(z: Float64Array): number {
  let q = 0;
  for (const v of z) q += v * v;
  return -0.5 * q - 0.5 * z.length * Math.log(2 * Math.PI);
}

/** A shape as a map key. */
export const shapeKey = ({ d, layers, width, depth }: FlowShape) => `${d}/${layers}/${width}/${depth}`;

/** The shape as the WGSL constants shaders/flows/lib_flow.wgsl sizes its arrays by. */
export function flowConstantsWgsl({ layers, width, depth }: FlowShape): string {
  return `const FLOW_LAYERS: u32 = ${layers}u;\nconst FLOW_WIDTH: u32 = ${width}u;\nconst FLOW_DEPTH: u32 = ${depth}u;`;
}

/** Whether coupling layer k keeps (conditions on) coordinate i. */
export const keeps = (k: number, i: number) => (i + k) % 2 === 0;

/** Initial parameters: hidden weights N(0, 1/cols) from `normal`, zero biases, and a zero output
 * layer, so the flow starts as the identity and training starts from N(0, I) pushed through A. */
export function initialFlowParams(shape: FlowShape, normal: () => number): Float64Array {
  const layout = flowLayout(shape);
  const p = new Float64Array(layout.size);
  for (const mlp of layout.dense) {
    mlp.forEach((s, l) => {
      if (l === mlp.length - 1) return;
      const sd = 1 / Math.sqrt(s.cols);
      for (let k = 0; k < s.rows * s.cols; k++) p[s.w + k] = sd * normal();
    });
  }
  return p;
}

/** What the forward pass keeps for the backward pass. */
export interface FlowTape {
  /** Input of each coupling layer (z for layer 0). */
  readonly inputs: Float64Array[];
  /** Per coupling layer, the output of each dense layer (after tanh for hidden layers). */
  readonly activations: Float64Array[][];
  /** Output of the last coupling layer (before A). */
  readonly y: Float64Array;
}

export function newTape(shape: FlowShape): FlowTape {
  const layout = flowLayout(shape);
  return {
    inputs: layout.dense.map(() => new Float64Array(shape.d)),
    activations: layout.dense.map((mlp) => mlp.map((s) => new Float64Array(s.rows))),
    y: new Float64Array(shape.d),
  };
}

function dense(p: Float64Array, s: DenseSlot, input: Float64Array, out: Float64Array, hidden: boolean, mask?: (i: number) => boolean) {
  for (let r = 0; r < s.rows; r++) {
    let a = p[s.b + r];
    for (let c = 0; c < s.cols; c++) if (!mask || mask(c)) a += p[s.w + r * s.cols + c] * input[c];
    out[r] = hidden ? Math.tanh(a) : a;
  }
}

/** z → x; returns log|det ∂x/∂z|. Fills `tape` for flowBackward. */
export function flowForward(p: Float64Array, shape: FlowShape, z: Float64Array, x: Float64Array, tape: FlowTape): number {
  const { d } = shape;
  const layout = flowLayout(shape);
  let logDet = 0;
  const cur = tape.y;
  cur.set(z);
  layout.dense.forEach((mlp, k) => {
    tape.inputs[k].set(cur);
    const acts = tape.activations[k];
    mlp.forEach((s, l) => dense(p, s, l === 0 ? cur : acts[l - 1], acts[l], l < mlp.length - 1, l === 0 ? (i) => keeps(k, i) : undefined));
    const out = acts[mlp.length - 1];
    for (let j = 0; j < d; j++) {
      if (keeps(k, j)) continue;
      const s = S_MAX * Math.tanh(out[j] / S_MAX);
      cur[j] = cur[j] * Math.exp(s) + out[d + j];
      logDet += s;
    }
  });
  for (let j = 0; j < d; j++) {
    x[j] = p[layout.shift + j] + Math.exp(p[layout.logScale + j]) * cur[j];
    logDet += p[layout.logScale + j];
  }
  return logDet;
}

/** x → z (the inverse of flowForward); returns log|det ∂x/∂z| at that z. */
export function flowInverse(p: Float64Array, shape: FlowShape, x: Float64Array, z: Float64Array, tape: FlowTape): number {
  const { d } = shape;
  const layout = flowLayout(shape);
  let logDet = 0;
  for (let j = 0; j < d; j++) {
    z[j] = (x[j] - p[layout.shift + j]) * Math.exp(-p[layout.logScale + j]);
    logDet += p[layout.logScale + j];
  }
  for (let k = layout.dense.length - 1; k >= 0; k--) {
    const mlp = layout.dense[k];
    const acts = tape.activations[k];
    // The kept coordinates are unchanged, so the MLP sees what it saw going forward.
    mlp.forEach((s, l) => dense(p, s, l === 0 ? z : acts[l - 1], acts[l], l < mlp.length - 1, l === 0 ? (i) => keeps(k, i) : undefined));
    const out = acts[mlp.length - 1];
    for (let j = 0; j < d; j++) {
      if (keeps(k, j)) continue;
      const s = S_MAX * Math.tanh(out[j] / S_MAX);
      z[j] = (z[j] - out[d + j]) * Math.exp(-s);
      logDet += s;
    }
  }
  return logDet;
}

/**
 * Reverse mode through flowForward: given ∂L/∂x (`gx`) and ∂L/∂logDet (`gLogDet`), adds ∂L/∂θ
 * into `gp` (when given) and writes ∂L/∂z into `gz`. `tape` is the forward pass's.
 */
export function flowBackward(
  p: Float64Array, shape: FlowShape, tape: FlowTape, gx: Float64Array, gLogDet: number,
  gz: Float64Array, gp?: Float64Array,
): void {
  const { d } = shape;
  const layout = flowLayout(shape);
  // gy: ∂L/∂(output of the current layer), walked back to ∂L/∂z.
  const gy = gz;
  for (let j = 0; j < d; j++) {
    const scale = Math.exp(p[layout.logScale + j]);
    if (gp) {
      gp[layout.shift + j] += gx[j];
      gp[layout.logScale + j] += gx[j] * scale * tape.y[j] + gLogDet;
    }
    gy[j] = gx[j] * scale;
  }
  for (let k = layout.dense.length - 1; k >= 0; k--) {
    const mlp = layout.dense[k];
    const acts = tape.activations[k];
    const input = tape.inputs[k];
    const out = acts[mlp.length - 1];
    // ∂L/∂(MLP output): raw s rows, then t rows (zero for kept coordinates).
    let delta = new Float64Array(2 * d);
    for (let j = 0; j < d; j++) {
      if (keeps(k, j)) continue;
      const th = Math.tanh(out[j] / S_MAX);
      const es = Math.exp(S_MAX * th);
      const gs = gy[j] * input[j] * es + gLogDet;
      delta[j] = gs * (1 - th * th);
      delta[d + j] = gy[j];
      gy[j] *= es;
    }
    for (let l = mlp.length - 1; l >= 0; l--) {
      const s = mlp[l];
      const inp = l === 0 ? input : acts[l - 1];
      if (gp) {
        for (let r = 0; r < s.rows; r++) {
          gp[s.b + r] += delta[r];
          for (let c = 0; c < s.cols; c++) if (l > 0 || keeps(k, c)) gp[s.w + r * s.cols + c] += delta[r] * inp[c];
        }
      }
      const gin = new Float64Array(s.cols);
      for (let c = 0; c < s.cols; c++) {
        if (l === 0 && !keeps(k, c)) continue;
        let a = 0;
        for (let r = 0; r < s.rows; r++) a += p[s.w + r * s.cols + c] * delta[r];
        // Through the previous layer's tanh (the MLP input itself has none).
        gin[c] = l > 0 ? a * (1 - inp[c] * inp[c]) : a;
      }
      if (l === 0) {
        for (let c = 0; c < d; c++) if (keeps(k, c)) gy[c] += gin[c];
      } else {
        delta = gin;
      }
    }
  }
}
