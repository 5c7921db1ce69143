import { describe, expect, test } from 'vitest';
import { flowBackward, flowForward, flowInverse, flowLayout, initialFlowParams, newTape, type FlowShape } from '../../src/flows/realnvp';
import { HostRandom } from '../../src/rng/host-random';

/** The float64 RealNVP against independent checks: the inverse, the Jacobian determinant by
 * finite differences, and every gradient by central differences. */

const SHAPES: FlowShape[] = [
  { d: 2, layers: 4, width: 8, depth: 2 },
  { d: 5, layers: 3, width: 6, depth: 1 },
];

/** Random parameters everywhere (the zero output layer of the initial flow would hide bugs). */
function randomParams(shape: FlowShape, seed: number): Float64Array {
  const rng = new HostRandom(seed, 0, 'init');
  return initialFlowParams(shape, () => rng.normal()).map(() => 0.5 * rng.normal());
}

function randomVector(d: number, rng: HostRandom): Float64Array {
  return Float64Array.from({ length: d }, () => rng.normal());
}

describe.each(SHAPES)('RealNVP reference, d = $d, $layers layers, width $width, depth $depth', (shape) => {
  const { d } = shape;
  const p = randomParams(shape, 1);
  const rng = new HostRandom(2, 0, 'init');
  const tape = newTape(shape);
  const forward = (params: Float64Array, z: Float64Array) => {
    const x = new Float64Array(d);
    const logDet = flowForward(params, shape, z, x, newTape(shape));
    return { x, logDet };
  };

  test('the inverse undoes the forward map and agrees on log|det|', () => {
    for (let n = 0; n < 20; n++) {
      const z = randomVector(d, rng);
      const x = new Float64Array(d);
      const logDet = flowForward(p, shape, z, x, tape);
      const back = new Float64Array(d);
      const logDetInv = flowInverse(p, shape, x, back, newTape(shape));
      for (let i = 0; i < d; i++) expect(back[i]).toBeCloseTo(z[i], 10);
      expect(logDetInv).toBeCloseTo(logDet, 10);
    }
  });

  test('log|det| equals the log-determinant of the finite-difference Jacobian', () => {
    for (let n = 0; n < 10; n++) {
      const z = randomVector(d, rng);
      const h = 1e-6;
      const jac = Array.from({ length: d }, (_, c) => {
        const zp = Float64Array.from(z);
        const zm = Float64Array.from(z);
        zp[c] += h;
        zm[c] -= h;
        const xp = forward(p, zp).x;
        const xm = forward(p, zm).x;
        return Array.from({ length: d }, (_, r) => (xp[r] - xm[r]) / (2 * h));
      });
      // jac[c][r] = ∂x_r/∂z_c; det by Gaussian elimination with partial pivoting.
      const a = jac.map((col) => [...col]);
      let logAbsDet = 0;
      for (let i = 0; i < d; i++) {
        let piv = i;
        for (let r = i + 1; r < d; r++) if (Math.abs(a[r][i]) > Math.abs(a[piv][i])) piv = r;
        [a[i], a[piv]] = [a[piv], a[i]];
        logAbsDet += Math.log(Math.abs(a[i][i]));
        for (let r = i + 1; r < d; r++) {
          const f = a[r][i] / a[i][i];
          for (let c = i; c < d; c++) a[r][c] -= f * a[i][c];
        }
      }
      expect(logAbsDet).toBeCloseTo(forward(p, z).logDet, 6);
    }
  });

  test('gradients of L = w·x + c·log|det| with respect to z and every parameter match central differences', () => {
    const layout = flowLayout(shape);
    for (let n = 0; n < 3; n++) {
      const z = randomVector(d, rng);
      const w = randomVector(d, rng);
      const c = rng.normal();
      const loss = (params: Float64Array, zz: Float64Array) => {
        const { x, logDet } = forward(params, zz);
        return x.reduce((s, v, i) => s + w[i] * v, 0) + c * logDet;
      };
      const gz = new Float64Array(d);
      const gp = new Float64Array(layout.size);
      flowForward(p, shape, z, new Float64Array(d), tape);
      flowBackward(p, shape, tape, w, c, gz, gp);
      const h = 1e-6;
      for (let i = 0; i < d; i++) {
        const zp = Float64Array.from(z);
        const zm = Float64Array.from(z);
        zp[i] += h;
        zm[i] -= h;
        expect(gz[i]).toBeCloseTo((loss(p, zp) - loss(p, zm)) / (2 * h), 5);
      }
      for (let k = 0; k < layout.size; k++) {
        const pp = Float64Array.from(p);
        const pm = Float64Array.from(p);
        pp[k] += h;
        pm[k] -= h;
        const fd = (loss(pp, z) - loss(pm, z)) / (2 * h);
        expect(Math.abs(gp[k] - fd), `parameter ${k}`).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
      }
    }
  });
});

test('the initial flow is the identity', () => {
  const shape = { d: 3, layers: 2, width: 4, depth: 2 };
  const rng = new HostRandom(3, 0, 'init');
  const p = initialFlowParams(shape, () => rng.normal());
  const z = Float64Array.of(0.3, -1.2, 2);
  const x = new Float64Array(3);
  expect(flowForward(p, shape, z, x, newTape(shape))).toBe(0);
  expect(Array.from(x)).toEqual(Array.from(z));
});
