import type { Graph } from './graph';

/**
 * ∇ of node `root` with respect to coordinates 0…d−1, by reverse-mode differentiation written
 * as new nodes of the same graph, so the gradient shares the forward values (and any common
 * subexpression) and both emitters handle it like any other expression. Chosen over mathjs's
 * `derivative`, which knows neither min, max, log1p nor expm1, gives abs′ = abs(x)/x (NaN at 0)
 * and returns one unshared tree per coordinate.
 *
 * Non-smooth points take the derivative of the branch evaluated: abs′(0) = 1, and min/max pass
 * the gradient to their first argument on ties.
 */
export function gradient(g: Graph, root: number, d: number): number[] {
  const grad = new Array<number>(d).fill(g.constant(0));
  const adjoint = new Map<number, number>([[root, g.constant(1)]]);
  // Every consumer of a node has a larger id, so a node's adjoint is complete when reached.
  for (let i = root; i >= 0; i--) {
    const b = adjoint.get(i);
    if (b === undefined) continue;
    const node = g.nodes[i];
    if (node.op === 'var') grad[node.value] = b;
    node.args.forEach((a, k) => {
      if (g.constantValue(a) !== undefined) return;
      const p = partial(g, i, k);
      if (g.constantValue(p) === 0) return;
      const term = g.apply('mul', b, p);
      const prev = adjoint.get(a);
      adjoint.set(a, prev === undefined ? term : g.apply('add', prev, term));
    });
  }
  return grad;
}

/** ∂ node i / ∂ its operand k. */
function partial(g: Graph, i: number, k: number): number {
  const { op, args } = g.nodes[i];
  const [a, b] = args;
  const one = g.constant(1);
  switch (op) {
    case 'neg':
      return g.constant(-1);
    case 'add':
      return one;
    case 'sub':
      return g.constant(k === 0 ? 1 : -1);
    case 'mul':
      return args[1 - k];
    case 'div': // a/b: 1/b and −(a/b)/b
      return k === 0 ? g.apply('div', one, b) : g.apply('neg', g.apply('div', i, b));
    case 'pow': // a^b: b a^(b−1) and a^b log a
      return k === 0 ? g.apply('mul', b, g.pow(a, g.apply('sub', b, one))) : g.apply('mul', i, g.apply('log', a));
    case 'ifGe': // piecewise: no derivative in the comparison's operands
      return k < 2 ? g.constant(0) : g.apply('ifGe', a, b, g.constant(k === 2 ? 1 : 0), g.constant(k === 2 ? 0 : 1));
    case 'exp':
      return i;
    case 'log':
      return g.apply('div', one, a);
    case 'sqrt':
      return g.apply('div', g.constant(0.5), i);
    case 'sin':
      return g.apply('cos', a);
    case 'cos':
      return g.apply('neg', g.apply('sin', a));
    case 'tan':
      return g.apply('add', one, g.apply('mul', i, i));
    case 'tanh':
      return g.apply('sub', one, g.apply('mul', i, i));
    case 'abs':
      return g.apply('ifGe', a, g.constant(0), one, g.constant(-1));
    case 'log1p':
      return g.apply('div', one, g.apply('add', one, a));
    case 'expm1':
      return g.apply('exp', a);
    case 'const':
    case 'var':
      throw new Error(`${op} has no operands`);
  }
}
