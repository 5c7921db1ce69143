import { create, parseDependencies, type MathNode } from 'mathjs/number';
import { Graph } from './graph';
import { gradient } from './gradient';
import { Lowering, type ExpressionError } from './lower';
import { tsEvaluator } from './emit-ts';
import { expressionWgsl, isF32 } from './emit-wgsl';

// Only the parser, number-only: its AST is all we use (no evaluate, no derivative), and the number
// build leaves out BigNumber, Fraction, Complex and matrices: 176 kB minified instead of 399 kB.
const { parse } = create({ parseDependencies });

/** The N-D targets' largest dimension. */
const MAX_DIMENSION = 1024;
/** Longer texts are refused outright: a 100-term sum of squares fits, and mathjs's parser, which
 * recurses once per unary operator or ^, stays far from the stack's end (Node parses 4000). */
export const MAX_LENGTH = 2000;
/** Deeper bracket nesting is refused before parsing (the parser recurses ~20 frames a level). */
const MAX_BRACKETS = 64;
/** Deeper ASTs (a sum of n terms is n deep) are refused before the recursive walker and printer,
 * so that what is refused does not depend on how much stack the caller left. */
const MAX_DEPTH = 256;

export interface CompiledExpression {
  readonly d: number;
  /** The expression as mathjs prints it, products explicit: for display and URLs. */
  readonly text: string;
  /** 0-based coordinates the expression depends on, ascending. */
  readonly variables: readonly number[];
  /** log_density and grad_log_density (TargetDecl's contract). */
  readonly wgsl: string;
  logDensity(x: Float64Array): number;
  /** Writes ∇log p into g and returns log p. */
  gradLogDensity(x: Float64Array, g: Float64Array): number;
}

export interface Failure {
  readonly ok: false;
  readonly errors: ExpressionError[];
}
export type Compiled<T> = { readonly ok: true; readonly target: T } | Failure;

export function failure(message: string, position?: number): Failure {
  return { ok: false, errors: [position === undefined ? { message } : { message, position }] };
}

/**
 * Compiles a log-density written in x, y (d = 2) or x[1] … x[d] into float64 closures and WGSL.
 * Never throws: every problem comes back as an error.
 */
export function compileExpression(text: string, options: { d: number }): Compiled<CompiledExpression> {
  const { d } = options;
  if (!Number.isInteger(d) || d < 2 || d > MAX_DIMENSION) return failure(`the dimension must be a whole number from 2 to ${MAX_DIMENSION}, not ${d}`);
  if (text.length > MAX_LENGTH) return failure(`the expression is longer than ${MAX_LENGTH} characters`);
  if (bracketDepth(text) > MAX_BRACKETS) return failure(`brackets are nested more than ${MAX_BRACKETS} deep`);
  try {
    const ast = parse(text);
    if (exceedsDepth(ast, MAX_DEPTH)) return failure(`the expression is nested more than ${MAX_DEPTH} operations deep (a sum of n terms counts n)`);
    return compileAst(ast, d);
  } catch (e) {
    return thrown(e);
  }
}

function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return max;
}

/** Whether the tree is deeper than `limit`, without recursion. */
function exceedsDepth(root: MathNode, limit: number): boolean {
  const stack: [MathNode, number][] = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > limit) return true;
    node.forEach((child) => stack.push([child, depth + 1]));
  }
  return false;
}

function thrown(e: unknown): Failure {
  // The limits above keep recursion shallow; this is the backstop.
  if (e instanceof RangeError) return failure('the expression is nested too deeply');
  // mathjs's SyntaxError: "Value expected (char 4)", with the 1-based column in `char`.
  const char = (e as { char?: unknown }).char;
  const message = e instanceof Error ? e.message.replace(/ \(char \d+\)$/, '') : String(e);
  return failure(message, typeof char === 'number' ? char - 1 : undefined);
}

function compileAst(ast: MathNode, d: number): Compiled<CompiledExpression> {
  if (ast.type === 'ConstantNode' && (ast as { value?: unknown }).value === undefined) return failure('the expression is empty');
  const g = new Graph();
  const lowering = new Lowering(g, d);
  const root = lowering.lower(ast);
  if (root === undefined) return { ok: false, errors: lowering.errors };
  const grad = gradient(g, root, d);
  const wide = g.live([root, ...grad]).map((id) => g.nodes[id]).find((n) => n.op === 'const' && !isF32(n.value));
  if (wide) return failure(`the constant ${wide.value} (in log p or its gradient) is outside float32's range, which the GPU computes in`);

  const logp = tsEvaluator(g, [root]);
  const withGrad = tsEvaluator(g, [root, ...grad]);
  return {
    ok: true,
    target: {
      d,
      text: ast.toString({ implicit: 'show' }),
      variables: g.live([root]).flatMap((id) => (g.nodes[id].op === 'var' ? [g.nodes[id].value] : [])).sort((a, b) => a - b),
      wgsl: expressionWgsl(g, root, grad),
      logDensity: (x) => logp(x)[root],
      gradLogDensity(x, out) {
        const v = withGrad(x);
        for (let k = 0; k < d; k++) out[k] = v[grad[k]];
        return v[root];
      },
    },
  };
}
