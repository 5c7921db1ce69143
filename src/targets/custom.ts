import type { TargetDecl } from './types';

type Compiler = typeof import('./expression');
let compiler: Compiler | null = null;
let loading: Promise<Compiler> | null = null;

/** The expression compiler (mathjs's parser, ~200 kB) loads on first use of the custom target,
 * so the page and its workers start without it. */
export function loadExpressionCompiler(): Promise<Compiler> {
  loading ??= import('./expression').then((m) => (compiler = m));
  return loading;
}

/** The compiler once loaded (the editor's checks), else null. */
export function expressionCompiler(): Compiler | null {
  return compiler;
}

/** Loads what resolving `c` needs: call before configure (engines do) or reading a link. */
export async function prepareTarget(c: { readonly target: string }): Promise<void> {
  if (c.target === CUSTOM_TARGET) await loadExpressionCompiler();
}

/** The target id of the user's own expression (RunConfig.expression holds it). */
export const CUSTOM_TARGET = 'custom';
export const DEFAULT_EXPRESSION = '-(x^2 + y^2)/2 + log(1 + sin(3*x)^2)';
/** The most coordinates an expression may index (x[1]…x[MAX_EXPRESSION_D]). */
export const MAX_EXPRESSION_D = 100;

export type CustomTarget =
  | { readonly ok: true; readonly target: TargetDecl }
  | { readonly ok: false; readonly errors: readonly { readonly message: string; readonly position?: number }[] };

/** Compiling runs on every keystroke and every config read: keep the last few. */
const cache = new Map<string, CustomTarget>();
const CACHE_SIZE = 16;

/** The user's expression as a target at its own dimension: 2 for x, y; the largest k for x[k].
 * When it compiles in neither reading, the reading with fewer errors explains why (2-D on a tie). */
export function customTarget(text: string): CustomTarget {
  if (!compiler) return { ok: false, errors: [{ message: 'the expression compiler is not loaded yet' }] };
  const { compileExpression, expressionTarget } = compiler;
  let hit = cache.get(text);
  if (!hit) {
    const plane = expressionTarget(text, { d: 2 });
    const probe = plane.ok ? null : compileExpression(text, { d: MAX_EXPRESSION_D });
    hit = plane.ok ? plane
      : probe!.ok ? expressionTarget(text, { d: Math.max(2, 1 + Math.max(0, ...probe!.target.variables)) })
      : probe!.errors.length < plane.errors.length ? probe! : plane;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(text, hit);
  }
  return hit;
}
