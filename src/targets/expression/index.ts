export { compileExpression, MAX_LENGTH, type Compiled, type CompiledExpression, type Failure } from './compile';
export type { ExpressionError } from './lower';
export { expressionTarget, type ViewBox } from './target';
export { checkExpression, type ExpressionCheck } from './check';
