import type { Graph } from './graph';
import { OPS, OPS_WGSL } from './ops';

/** Smallest positive normal float32: GPUs may flush smaller magnitudes to 0. */
const F32_MIN_NORMAL = 2 ** -126;

/** Whether v is a float32 the GPU keeps: finite after rounding, and 0 or normal. */
export function isF32(v: number): boolean {
  return Number.isFinite(Math.fround(v)) && (v === 0 || Math.abs(v) >= F32_MIN_NORMAL);
}

/** v rounded to float32, as the shortest WGSL literal that reads back to it (`1.0`, `2.5e-3`);
 * negative ones parenthesised so they can stand as any operand. v must pass `isF32`. */
export function wgslFloat(v: number): string {
  const f = Math.fround(v);
  let s = '';
  for (let p = 1; p <= 9; p++) {
    s = String(Number(f.toPrecision(p)));
    if (Math.fround(Number(s)) === f) break;
  }
  s = s.replace('e+', 'e');
  if (!/[.e]/.test(s)) s += '.0';
  return f < 0 ? `(${s})` : s;
}

/**
 * The target's WGSL: the helpers, then log_density (the nodes `root` needs) and
 * grad_log_density (those `root` and `grad` need, in one pass), one `let` per node.
 */
export function expressionWgsl(g: Graph, root: number, grad: readonly number[]): string {
  const ref = (id: number) => {
    const n = g.nodes[id];
    return n.op === 'const' ? wgslFloat(n.value) : `t${id}`;
  };
  const lets = (outputs: readonly number[]) => g.live(outputs).flatMap((id) => {
    const { op, args, value } = g.nodes[id];
    if (op === 'const') return [];
    const rhs = op === 'var' ? `(*x)[${value}]` : OPS[op].wgsl(...args.map(ref));
    return [`  let t${id} = ${rhs};`];
  });
  const stores = grad.flatMap((id, k) => (g.constantValue(id) === 0 ? [] : [`  (*g)[${k}] = ${ref(id)};`]));
  // Coordinates the expression does not use get 0 in one loop (D may be large).
  const zero = stores.length < grad.length ? ['  for (var k = 0u; k < D; k = k + 1u) {', '    (*g)[k] = 0.0;', '  }'] : [];
  return [
    OPS_WGSL,
    'fn log_density(x: ptr<function, array<f32, D>>) -> f32 {',
    ...lets([root]),
    `  return ${ref(root)};`,
    '}',
    '',
    'fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {',
    ...lets([root, ...grad]),
    ...zero,
    ...stores,
    `  return ${ref(root)};`,
    '}',
    '',
  ].join('\n');
}
