import { test } from 'vitest';
import { createEngines } from './engines';
import { compareRates } from './measure';
import { printTable, saveSection, sci, times } from './report';

/** SVGD steps/s on banana through the engines (sampler `svgd`), WebGPU vs the float64 CPU engine
 * in the same run. A step is O(N²): N² kernel evaluations (pairs/s below), N gradients and, every
 * 10th step, the median heuristic over 512 particles. */
const SIZES = [1024, 4096];

test('SVGD on banana: WebGPU vs CPU reference', async () => {
  const engines = await createEngines();
  const rows = [];
  for (const particles of SIZES) {
    const config = { target: 'banana', sampler: 'svgd', params: { eps: 3 }, chains: particles, seed: 1 };
    const { webgpu, cpu, ratio } = await compareRates(engines, config);
    // Every chain takes one transition per step.
    const steps = (rate: typeof webgpu) => rate.transitionsPerSec / particles;
    rows.push({
      particles,
      webgpu: { stepsPerSec: steps(webgpu), pairsPerSec: steps(webgpu) * particles ** 2, steps: webgpu.iterations, seconds: webgpu.seconds },
      cpu: { stepsPerSec: steps(cpu), pairsPerSec: steps(cpu) * particles ** 2, steps: cpu.iterations, seconds: cpu.seconds },
      ratio,
    });
  }
  engines.gpu.dispose();
  const adapter = engines.gpu.description;
  printTable('SVGD (ε = 3, median heuristic every 10 steps) on banana', adapter,
    ['particles', 'WebGPU steps/s', 'WebGPU pairs/s', 'CPU steps/s', 'CPU pairs/s', 'WebGPU / CPU'],
    rows.map((r) => [r.particles, sci(r.webgpu.stepsPerSec), sci(r.webgpu.pairsPerSec),
      sci(r.cpu.stepsPerSec), sci(r.cpu.pairsPerSec), times(r.ratio)]));
  saveSection('svgd', adapter, { benchmark: 'SVGD (eps = 3, median heuristic every 10 steps) on banana, through the engines', rows });
});
