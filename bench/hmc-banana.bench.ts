import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { GpuEngine } from '../src/engine/gpu-engine';
import { CpuEngine } from '../src/cpu/cpu-engine';
import type { RunConfig } from '../src/engine/types';
import { nodeGpu } from '../tests/support/gpu';
import { measureRate, type Rate } from './measure';

/** HMC (L = 10) on banana: WebGPU (Dawn, whatever adapter exists) vs the CPU reference, same run. */
const SIZES = [1024, 16384, 65536, 262144];
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

test('HMC on banana: WebGPU vs CPU reference', async () => {
  const gpu = await GpuEngine.create(nodeGpu);
  const cpu = new CpuEngine();
  const rows: { chains: number; webgpu: Rate; cpu: Rate; ratio: number }[] = [];
  for (const chains of SIZES) {
    const config: RunConfig = { target: 'banana', sampler: 'hmc', params: { eps: 0.2, L: 10 }, chains, seed: 1 };
    await gpu.configure({ ...config, stepsPerDispatch: 16 });
    await cpu.configure(config);
    const g = await measureRate(gpu, MIN_SECONDS, 4);
    const c = await measureRate(cpu, MIN_SECONDS);
    rows.push({ chains, webgpu: g, cpu: c, ratio: g.transitionsPerSec / c.transitionsPerSec });
  }
  gpu.dispose();
  const fmt = (x: number) => x.toExponential(2);
  const lines = [
    `adapter: ${gpu.description}`,
    '| chains | WebGPU transitions/s | WebGPU grad evals/s | CPU transitions/s | CPU grad evals/s | WebGPU / CPU |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.chains} | ${fmt(r.webgpu.transitionsPerSec)} | ${fmt(r.webgpu.gradEvalsPerSec)} | ` +
      `${fmt(r.cpu.transitionsPerSec)} | ${fmt(r.cpu.gradEvalsPerSec)} | ${r.ratio.toFixed(2)}× |`),
  ];
  console.log(lines.join('\n'));
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({
    benchmark: 'HMC (L = 10, eps = 0.2) on banana',
    adapter: gpu.description,
    date: new Date().toISOString(),
    node: process.version,
    rows,
  }, null, 2) + '\n');
});
