import type { AccessorNode, ConstantNode, FunctionNode, MathNode, OperatorNode, OperatorNodeFn, OperatorNodeOp, ParenthesisNode, SymbolNode } from 'mathjs/number';
import type { Graph } from './graph';
import { UNARY_FUNCTIONS, type UnaryFunction } from './ops';

export interface ExpressionError {
  readonly message: string;
  /** 0-based character offset into the text, where the parser gives one. */
  readonly position?: number;
}

/** A parsed literal (numbers are plain numbers in mathjs's number build). */
type Constant = ConstantNode<number | string | boolean | null | undefined>;

const FUNCTIONS = [...UNARY_FUNCTIONS, 'pow', 'min', 'max'];

const BINARY: Partial<Record<OperatorNodeFn, 'add' | 'sub' | 'mul' | 'div'>> = {
  add: 'add',
  subtract: 'sub',
  multiply: 'mul',
  divide: 'div',
};

/** Why each mathjs construct outside the whitelist is refused. */
const FORBIDDEN: Record<string, string> = {
  AssignmentNode: 'assignments (`a = 1`) are not allowed: write one expression for log p',
  FunctionAssignmentNode: 'function definitions (`f(x) = …`) are not allowed',
  ArrayNode: 'matrices and vectors (`[1, 2]`) are not allowed',
  ObjectNode: 'objects (`{…}`) are not allowed',
  RangeNode: 'ranges (`1:3`) are not allowed',
  ConditionalNode: 'conditionals (`a ? b : c`) are not allowed: use min or max',
  BlockNode: 'write one expression (no `;` or line breaks between expressions)',
  RelationalNode: 'comparisons are not allowed',
};

/**
 * The whitelist walker: lowers a mathjs AST into graph nodes, accepting only finite numbers, pi,
 * e, the coordinates, unary ±, + − * / ^, parentheses and FUNCTIONS. Everything else adds an
 * error to `errors`; a refused subtree lowers to undefined (its siblings are still checked).
 */
export class Lowering {
  readonly errors: ExpressionError[] = [];

  constructor(private readonly g: Graph, private readonly d: number) {}

  lower(node: MathNode): number | undefined {
    const id = this.node(node);
    const value = id === undefined ? undefined : this.g.constantValue(id);
    if (value !== undefined && !Number.isFinite(value)) {
      return this.fail(`\`${node.toString()}\` is ${value}: constants must be finite`);
    }
    return id;
  }

  private node(node: MathNode): number | undefined {
    switch (node.type) {
      case 'ConstantNode':
        return this.constant(node as Constant);
      case 'SymbolNode':
        return this.symbol((node as SymbolNode).name);
      case 'AccessorNode':
        return this.coordinate(node as AccessorNode);
      case 'ParenthesisNode':
        return this.lower((node as ParenthesisNode).content);
      case 'OperatorNode':
        return this.operator(node as OperatorNode<OperatorNodeOp, OperatorNodeFn>);
      case 'FunctionNode':
        return this.call(node as FunctionNode<MathNode>);
      default:
        return this.fail(FORBIDDEN[node.type] ?? `\`${node.toString()}\` is not allowed`);
    }
  }

  private constant(node: Constant): number | undefined {
    const v = node.value;
    if (typeof v === 'number') return this.g.constant(v);
    return this.fail(typeof v === 'string' ? 'strings are not allowed' : `\`${node.toString()}\` is not a number`);
  }

  private symbol(name: string): number | undefined {
    if (name === 'pi') return this.g.constant(Math.PI);
    if (name === 'e') return this.g.constant(Math.E);
    if (this.d === 2 && (name === 'x' || name === 'y')) return this.g.variable(name === 'x' ? 0 : 1);
    if (name === 'x') return this.fail(`\`x\` alone is not a coordinate in ${this.d}-D: write x[1] … x[${this.d}]`);
    return this.fail(`unknown name \`${name}\`: the variables are ${this.variableNames()}, the constants pi and e`);
  }

  private variableNames(): string {
    return this.d === 2 ? 'x and y (or x[1] and x[2])' : `x[1] … x[${this.d}]`;
  }

  private coordinate(node: AccessorNode): number | undefined {
    const { object, index } = node;
    if (index.dotNotation) return this.fail(`property access (\`${node.toString()}\`) is not allowed`);
    if (object.type !== 'SymbolNode' || (object as SymbolNode).name !== 'x') {
      return this.fail(`\`${node.toString()}\`: only x can be indexed, as ${this.variableNames()}`);
    }
    const [first, ...rest] = index.dimensions;
    const k = rest.length === 0 && first.type === 'ConstantNode' ? (first as Constant).value : undefined;
    if (typeof k !== 'number' || !Number.isInteger(k)) {
      return this.fail(`\`${node.toString()}\`: the index must be a whole number from 1 to ${this.d}`);
    }
    if (k < 1 || k > this.d) return this.fail(`\`${node.toString()}\` is out of range: the coordinates are ${this.variableNames()}`);
    return this.g.variable(k - 1);
  }

  private operator(node: OperatorNode<OperatorNodeOp, OperatorNodeFn>): number | undefined {
    const binary = BINARY[node.fn];
    const known = binary !== undefined || node.fn === 'pow' || node.fn === 'unaryMinus' || node.fn === 'unaryPlus';
    if (!known) return this.fail(`operator \`${node.op}\` is not allowed: use + − * / ^`);
    const args = this.lowerAll(node.args);
    if (!args) return undefined;
    if (binary) return this.g.apply(binary, args[0], args[1]);
    if (node.fn === 'pow') return this.g.pow(args[0], args[1]);
    return node.fn === 'unaryMinus' ? this.g.apply('neg', args[0]) : args[0];
  }

  private call(node: FunctionNode<MathNode>): number | undefined {
    const name = node.fn.type === 'SymbolNode' ? (node.fn as SymbolNode).name : undefined;
    if (name === undefined) return this.fail(`\`${node.toString()}\`: only the named functions ${FUNCTIONS.join(', ')} can be called`);
    if (!FUNCTIONS.includes(name)) {
      if (['x', 'y', 'pi', 'e'].includes(name)) return this.fail(`\`${name}(…)\` is a function call: write ${name}*(…) to multiply`);
      return this.fail(`unknown function \`${name}\`: the functions are ${FUNCTIONS.join(', ')}`);
    }
    const n = node.args.length;
    const variadic = name === 'min' || name === 'max';
    const arity = name === 'pow' ? 2 : 1;
    if (variadic ? n < 2 : n !== arity) {
      return this.fail(`\`${name}\` takes ${variadic ? 'two or more arguments' : arity === 2 ? 'two arguments' : 'one argument'}, not ${n}`);
    }
    const args = this.lowerAll(node.args);
    if (!args) return undefined;
    if (name === 'pow') return this.g.pow(args[0], args[1]);
    // max(a, b) = a >= b ? a : b and min(a, b) = b >= a ? a : b: the first argument wins ties.
    if (name === 'max') return args.reduce((a, b) => this.g.apply('ifGe', a, b, a, b));
    if (name === 'min') return args.reduce((a, b) => this.g.apply('ifGe', b, a, a, b));
    return this.g.apply(name as UnaryFunction, args[0]);
  }

  /** Lowers every node (collecting all their errors); undefined if any is refused. */
  private lowerAll(nodes: readonly MathNode[]): number[] | undefined {
    const ids = nodes.map((n) => this.lower(n));
    return ids.every((id): id is number => id !== undefined) ? ids : undefined;
  }

  private fail(message: string): undefined {
    this.errors.push({ message });
    return undefined;
  }
}
