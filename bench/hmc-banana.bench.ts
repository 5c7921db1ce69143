import { test } from 'vitest';
import { createEngines } from './engines';
import { compareRates } from './measure';
import { printTable, saveSection, sci, times } from './report';

/** HMC (L = 10) on banana across chain counts: WebGPU vs the CPU reference, same run. */
const SIZES = [1024, 16384, 65536, 262144];
const PARAMS = { eps: 0.2, L: 10 };

test('HMC on banana: WebGPU vs CPU reference', async () => {
  const engines = await createEngines();
  const rows = [];
  for (const chains of SIZES) {
    const config = { target: 'banana', sampler: 'hmc', params: PARAMS, chains, seed: 1 };
    rows.push({ chains, ...(await compareRates(engines, config, { gpuStart: 4 })) });
  }
  engines.gpu.dispose();
  const adapter = engines.gpu.description;
  printTable('HMC (L = 10, ε = 0.2) on banana', adapter,
    ['chains', 'WebGPU transitions/s', 'WebGPU grad evals/s', 'CPU transitions/s', 'CPU grad evals/s', 'WebGPU / CPU'],
    rows.map((r) => [r.chains, sci(r.webgpu.transitionsPerSec), sci(r.webgpu.gradEvalsPerSec),
      sci(r.cpu.transitionsPerSec), sci(r.cpu.gradEvalsPerSec), times(r.ratio)]));
  saveSection('hmcBanana', adapter, { benchmark: 'HMC (L = 10, eps = 0.2) on banana', rows });
});
