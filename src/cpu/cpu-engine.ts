import { resolveConfig, type Resolved } from '../engine/config';
import { initialPositions } from '../engine/init-state';
import { publicConfig } from '../engine/public-config';
import { COUNTER_NAMES, snapshotCoords, snapshotFromColumns, validateIterations } from '../engine/snapshot';
import { EngineError } from '../engine/errors';
import type { ResolvedConfig, RunConfig, SamplingEngine, Snapshot, SnapshotRequest } from '../engine/types';
import { RngStream, seedKey } from '../rng/stream';
import type { CpuChainState, CpuScratch } from '../samplers/types';

interface CpuRun {
  readonly config: Resolved;
  /** Coordinate-major, as on the GPU. */
  readonly pos: Float64Array;
  readonly grad: Float64Array;
  readonly logp: Float64Array;
  /** [4][chains], in COUNTER_NAMES order. */
  readonly counters: Float64Array;
  iteration: number;
}

/**
 * The CPU reference engine: the same transitions as the WGSL kernels, in float64, consuming the
 * same Philox integers. It is the test oracle and the fallback where WebGPU is missing.
 */
export class CpuEngine implements SamplingEngine {
  readonly kind = 'cpu' as const;
  readonly description = 'CPU reference (float64)';
  private state?: CpuRun;

  async configure(config: RunConfig): Promise<ResolvedConfig> {
    const r = resolveConfig(config);
    const { chains, d } = r;
    const pos = Float64Array.from(initialPositions(r.targetDecl, d, chains, r.seed, r.init));
    const grad = new Float64Array(d * chains);
    const logp = new Float64Array(chains);
    const x = new Float64Array(d);
    const g = new Float64Array(d);
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < d; i++) x[i] = pos[i * chains + c];
      logp[c] = r.targetDecl.gradLogDensity(x, g);
      for (let i = 0; i < d; i++) grad[i * chains + c] = g[i];
    }
    this.state = { config: r, pos, grad, logp, counters: new Float64Array(4 * chains), iteration: 0 };
    return publicConfig(r);
  }

  run(iterations: number): void {
    validateIterations(iterations);
    const s = this.state;
    if (!s || iterations === 0) return;
    const { chains, d, targetDecl: target, samplerDecl: sampler, params } = s.config;
    const state: CpuChainState = { x: new Float64Array(d), g: new Float64Array(d), logp: 0 };
    const scratch: CpuScratch = {
      a: new Float64Array(d), b: new Float64Array(d), c: new Float64Array(d), four: new Float64Array(4),
    };
    const rng = new RngStream(seedKey(s.config.seed), 0, 0);
    const ctx = { target, params, rng, scratch };
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < d; i++) {
        state.x[i] = s.pos[i * chains + c];
        state.g[i] = s.grad[i * chains + c];
      }
      state.logp = s.logp[c];
      for (let t = 0; t < iterations; t++) {
        rng.reset(c, (s.iteration + t) >>> 0);
        const info = sampler.cpuStep(state, ctx);
        COUNTER_NAMES.forEach((k, j) => (s.counters[j * chains + c] += info[k]));
      }
      for (let i = 0; i < d; i++) {
        s.pos[i * chains + c] = state.x[i];
        s.grad[i * chains + c] = state.g[i];
      }
      s.logp[c] = state.logp;
    }
    s.iteration += iterations;
  }

  async snapshot(request: SnapshotRequest = {}): Promise<Snapshot> {
    const s = this.requireState();
    const { chains, d } = s.config;
    const shown = Math.min(chains, request.shownChains ?? 4096);
    const coords = snapshotCoords(request.coords, d);
    const columns = new Float64Array(2 * (4 + d));
    for (let j = 0; j < 4; j++) {
      let sum = 0;
      for (let c = 0; c < chains; c++) sum += s.counters[j * chains + c];
      columns[2 * j] = sum;
    }
    for (let i = 0; i < d; i++) {
      let mean = 0;
      let m2 = 0;
      for (let c = 0; c < chains; c++) {
        const v = s.pos[i * chains + c];
        const delta = v - mean;
        mean += delta / (c + 1);
        m2 += delta * (v - mean);
      }
      columns[2 * (4 + i)] = mean;
      columns[2 * (4 + i) + 1] = m2;
    }
    const positions = new Float64Array(coords.length * shown);
    coords.forEach((coord, k) => positions.set(s.pos.subarray(coord * chains, coord * chains + shown), k * shown));
    return snapshotFromColumns(columns, { iteration: s.iteration, chains, d, shownChains: shown, coords, positions });
  }

  async readPositions(): Promise<Float64Array> {
    return Float64Array.from(this.requireState().pos);
  }

  on(): () => void {
    return () => {};
  }

  dispose(): void {
    this.state = undefined;
  }

  private requireState(): CpuRun {
    if (!this.state) throw new EngineError('The engine has no run: call configure first');
    return this.state;
  }
}
