import { OPS, type ComputeOp } from './ops';

export type Op = 'const' | 'var' | ComputeOp;

export interface GraphNode {
  readonly op: Op;
  /** Operand ids, all smaller than the node's own: ids are a topological order. */
  readonly args: readonly number[];
  /** A constant's value, a variable's 0-based coordinate; 0 otherwise. */
  readonly value: number;
}

/** `a^n` with an integer |n| up to this is expanded into multiplications (exact sign for negative
 * a, and more accurate than exp2(n log2 a)). */
const MAX_EXPANDED_POWER = 16;

/**
 * A DAG of scalar operations built by hash-consing: an operation already in the graph is reused
 * (common subexpressions are computed once), operations on constants are folded in float64, and
 * identities with 0, 1 and −1 are applied, which keeps derivative graphs small. Multiplication by
 * 0 is kept: 0 · ∞ must stay NaN as written.
 */
export class Graph {
  readonly nodes: GraphNode[] = [];
  private readonly ids = new Map<string, number>();

  constant(value: number): number {
    return this.intern('const', [], value);
  }

  variable(k: number): number {
    return this.intern('var', [], k);
  }

  /** The node's value where it is a constant. */
  constantValue(id: number): number | undefined {
    const n = this.nodes[id];
    return n.op === 'const' ? n.value : undefined;
  }

  apply(op: ComputeOp, ...args: number[]): number {
    const values = args.map((a) => this.constantValue(a));
    if (values.every((v): v is number => v !== undefined)) return this.constant(OPS[op].ts(...values));
    const [a, b] = args;
    const [ca, cb] = values;
    switch (op) {
      case 'neg':
        if (this.nodes[a].op === 'neg') return this.nodes[a].args[0];
        break;
      case 'add':
        if (ca === 0) return b;
        if (cb === 0) return a;
        break;
      case 'sub':
        if (cb === 0) return a;
        if (ca === 0) return this.apply('neg', b);
        break;
      case 'mul':
        if (ca === 1) return b;
        if (cb === 1) return a;
        if (ca === -1) return this.apply('neg', b);
        if (cb === -1) return this.apply('neg', a);
        break;
      case 'div':
        if (cb === 1) return a;
        break;
      case 'ifGe':
        if (args[2] === args[3]) return args[2];
        break;
    }
    // Both orders of a commutative operation are the same node (and the same float).
    if (op === 'add' || op === 'mul') args.sort((p, q) => p - q);
    return this.intern(op, args, 0);
  }

  /** a^b: small integer exponents as products, e^b as exp(b), otherwise `pow`. */
  pow(a: number, b: number): number {
    const n = this.constantValue(b);
    if (n !== undefined && Number.isInteger(n) && Math.abs(n) <= MAX_EXPANDED_POWER && this.constantValue(a) === undefined) {
      return n < 0 ? this.apply('div', this.constant(1), this.power(a, -n)) : this.power(a, n);
    }
    if (this.constantValue(a) === Math.E && n === undefined) return this.apply('exp', b);
    return this.apply('pow', a, b);
  }

  /** Ids of the nodes the outputs depend on, ascending (an evaluation order). */
  live(outputs: readonly number[]): number[] {
    const needed = new Uint8Array(this.nodes.length);
    for (const o of outputs) needed[o] = 1;
    const ids: number[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      if (!needed[i]) continue;
      ids.push(i);
      for (const a of this.nodes[i].args) needed[a] = 1;
    }
    return ids.reverse();
  }

  /** a^n for an integer n ≥ 0 by repeated squaring. */
  private power(a: number, n: number): number {
    if (n === 0) return this.constant(1);
    if (n === 1) return a;
    if (n % 2 === 1) return this.apply('mul', this.power(a, n - 1), a);
    const h = this.power(a, n / 2);
    return this.apply('mul', h, h);
  }

  private intern(op: Op, args: number[], value: number): number {
    // -0 has its own key: 1 / -0 is −∞.
    const key = `${op} ${args.join(' ')} ${Object.is(value, -0) ? '-0' : value}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push({ op, args, value });
      this.ids.set(key, id);
    }
    return id;
  }
}
