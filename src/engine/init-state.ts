import { HostRandom } from '../rng/host-random';
import type { TargetDecl } from '../targets/types';

/**
 * Initial positions, coordinate-major ([i * chains + c]), from per-chain Philox streams so the
 * GPU engine and the CPU reference start from identical points.
 */
export function initialPositions(
  target: TargetDecl, d: number, chains: number, seed: number,
  init: 'dispersed' | 'exact' | Float64Array,
): Float64Array {
  if (init instanceof Float64Array) return init;
  const out = new Float64Array(d * chains);
  const x = new Float64Array(d);
  const [lo, hi] = target.initBox;
  for (let c = 0; c < chains; c++) {
    if (init === 'exact') {
      target.exact!(new HostRandom(seed, c, 'exact'), x);
    } else {
      const rng = new HostRandom(seed, c, 'init');
      for (let i = 0; i < d; i++) x[i] = lo + (hi - lo) * rng.uniform();
    }
    for (let i = 0; i < d; i++) out[i * chains + c] = x[i];
  }
  return out;
}
