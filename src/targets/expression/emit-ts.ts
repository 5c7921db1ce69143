import type { Graph } from './graph';
import { OPS } from './ops';

type Step = (x: Float64Array) => void;

/**
 * Compiles the nodes `outputs` depend on into closures, one per node, writing float64 values into
 * one buffer (no eval, no Function): the returned function evaluates them at x and returns the
 * buffer, indexed by node id. Constants are written once, here.
 */
export function tsEvaluator(g: Graph, outputs: readonly number[]): (x: Float64Array) => Float64Array {
  const v = new Float64Array(g.nodes.length);
  const steps: Step[] = [];
  for (const id of g.live(outputs)) {
    const { op, args, value } = g.nodes[id];
    if (op === 'const') v[id] = value;
    else if (op === 'var') steps.push((x) => { v[id] = x[value]; });
    else steps.push(step(v, id, OPS[op].ts, args));
  }
  return (x) => {
    for (const s of steps) s(x);
    return v;
  };
}

function step(v: Float64Array, id: number, f: (...a: number[]) => number, args: readonly number[]): Step {
  const [a, b, c, e] = args;
  switch (args.length) {
    case 1:
      return () => { v[id] = f(v[a]); };
    case 2:
      return () => { v[id] = f(v[a], v[b]); };
    default:
      return () => { v[id] = f(v[a], v[b], v[c], v[e]); };
  }
}
