import { afterAll, describe, expect, test } from 'vitest';
import particlesWgsl from '../../shaders/render/particles.wgsl?raw';
import { densityImage } from '../../src/render/density-image';
import { particleViewUniform } from '../../src/render/gpu-renderer';
import { coordRange, validView, viewOf } from '../../src/render/plane-view';
import { histogramBin, histogramScale } from '../../src/engine/recording';
import { DiagnosticsFeed } from '../../src/state/diagnostics-feed';
import { useStats } from '../../src/state/stats';
import { computeReport } from '../../src/stats/compute-report';
import { findSampler } from '../../src/samplers';
import { findTarget } from '../../src/targets';
import { expressionTarget } from '../../src/targets/expression/target';
import { illScale } from '../../src/targets/illConditionedNd';
import type { Recording, Snapshot } from '../../src/engine/types';
import type { DiagnosticsReport } from '../../src/stats/report';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { testDevice } from '../support/gpu';

afterAll(async () => {
  for (const kind of ENGINE_KINDS) (await engineOf(kind)).dispose();
});

const gaussianNd = findTarget('gaussian-nd')!;
const illNd = findTarget('ill-conditioned-nd')!;

describe('the plane of two coordinates', () => {
  test('coordinates 0 and 1 keep the target\'s box; the others span the true mean ± 4 sd', () => {
    expect(viewOf(illNd, 10, [0, 1]).viewBox).toEqual(illNd.viewBox);
    const v = viewOf(illNd, 10, [2, 7]);
    expect(v.coords).toEqual([2, 7]);
    const [s2, s7] = [illScale(2, 10), illScale(7, 10)];
    expect(v.viewBox).toEqual([-4 * s2, 4 * s2, -4 * s7, 4 * s7]);
    // The two differ thirteenfold: the canvas is square rather than in equal units.
    expect(s7 / s2).toBeGreaterThan(12);
    expect(v.aspect).toBe(1);
    expect(viewOf(gaussianNd, 10, [5, 2]).viewBox).toEqual([-4, 4, -4, 4]);
    expect(viewOf(gaussianNd, 10, [5, 2]).sliceNote).toMatch(/true mean in the other 8 coordinates/);
  });

  test('a coordinate with no known moments reuses the box\'s vertical range, sliced through the origin', () => {
    const compiled = expressionTarget('-0.5*(x[1]^2 + x[2]^2 + x[3]^2)', { d: 3, viewBox: [-3, 3, -2, 2] });
    if (!compiled.ok) throw new Error(compiled.errors[0].message);
    const custom = compiled.target;
    expect(coordRange(custom, 3, 2)).toEqual([-2, 2]);
    expect(viewOf(custom, 3, [0, 2]).sliceNote).toMatch(/origin/);
  });

  test('a view out of range for the current d (or a repeated coordinate) falls back to [0, 1]', () => {
    expect(validView([2, 7], 10)).toEqual([2, 7]);
    expect(validView([2, 7], 5)).toEqual([0, 1]);
    expect(validView([3, 3], 10)).toEqual([0, 1]);
    expect(viewOf(gaussianNd, 5, [2, 7]).coords).toEqual([0, 1]);
  });

  test('the density image is the slice over the pair\'s box: ill-conditioned (2, 7) over ±4 sd each is a disc', () => {
    const size = 64;
    const { rgba } = densityImage(illNd, viewOf(illNd, 10, [2, 7]), size);
    const at = (i: number, j: number) => rgba[4 * (j * size + i)];
    let asymmetry = 0;
    for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) asymmetry = Math.max(asymmetry, Math.abs(at(i, j) - at(j, i)));
    // In units of each coordinate's sd the slice is isotropic, so the image is symmetric about its
    // diagonal (it would be a thin ellipse were the box or the coordinates mixed up).
    expect(asymmetry).toBeLessThanOrEqual(1);
    // Darkest (most mass) at the centre, lightest in the corners.
    expect(at(size / 2, size / 2)).toBeLessThan(at(0, 0));
    // The pair (0, 1) over the same ±4 sd box of (2, 7) would be far from symmetric: a control.
    const mixed = densityImage(illNd, { ...viewOf(illNd, 10, [2, 7]), coords: [2, 1] }, size).rgba;
    let mixedAsym = 0;
    for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) mixedAsym = Math.max(mixedAsym, Math.abs(mixed[4 * (j * size + i)] - mixed[4 * (i * size + j)]));
    expect(mixedAsym).toBeGreaterThan(50);
  });
});

/** The particle shader with the uniform the renderer writes, on Dawn: which pixel lights up. */
describe('particle shader', () => {
  test('draws the scene\'s two coordinates of each chain, not coordinates 0 and 1', async () => {
    const { device } = await testDevice();
    const size = 64; // rows of 256 bytes, as copies to buffers need
    const format = 'rgba8unorm';
    const module = device.createShaderModule({ code: particlesWgsl });
    const pipeline = device.createRenderPipeline({
      layout: 'auto', vertex: { module, entryPoint: 'vs' }, fragment: { module, entryPoint: 'fs', targets: [{ format }] },
      primitive: { topology: 'triangle-strip' },
    });
    // One chain in d = 6, coordinate-major: x2 = −0.5 (left), x5 = +0.5 (top); x0, x1 at the far corner.
    const positions = Float32Array.from([0.9, -0.9, -0.5, 0, 0, 0.5]);
    const posBuffer = device.createBuffer({ size: positions.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(posBuffer, 0, positions);
    const view = device.createBuffer({ size: 48, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(view, 0, particleViewUniform({ coords: [2, 5], viewBox: [-1, 1, -1, 1] }, 1, 1, [4 / size, 4 / size]));
    const texture = device.createTexture({ size: [size, size], format, usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
    const readback = device.createBuffer({ size: size * size * 4, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginRenderPass({ colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 0 } }] });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: view } }, { binding: 1, resource: { buffer: posBuffer } }],
    }));
    pass.draw(4, 1);
    pass.end();
    encoder.copyTextureToBuffer({ texture }, { buffer: readback, bytesPerRow: size * 4 }, [size, size]);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const px = new Uint8Array(readback.getMappedRange().slice(0));
    readback.unmap();
    [posBuffer, view, texture, readback].forEach((b) => b.destroy());
    // Lit pixels' centroid: clip (−0.5, +0.5) is pixel (16, 16) counted from the top left.
    let [n, sx, sy] = [0, 0, 0];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (px[4 * (y * size + x) + 3] > 0) [n, sx, sy] = [n + 1, sx + x + 0.5, sy + y + 0.5];
      }
    }
    expect(n).toBeGreaterThan(0);
    expect(sx / n).toBeCloseTo(16, 0);
    expect(sy / n).toBeCloseTo(16, 0);
  });
});

/** The histograms of a recording with one draw per chain, from the positions, binned as the
 * engine bins (in float32 on the GPU). */
function histogramsOfPositions(s: Snapshot, r: Recording, f32: boolean): Uint32Array[] {
  const round = f32 ? Math.fround : (v: number) => v;
  const { box, bins, coords } = r.spec.histogram;
  return [0, 1].map((k) => {
    const [lo, hi] = [box[2 * k], box[2 * k + 1]];
    const scale = round(histogramScale(lo, hi, bins));
    const h = new Uint32Array(bins);
    const row = s.coords.indexOf(coords[k]);
    for (let c = 0; c < s.shownChains; c++) {
      const v = round(s.positions[row * s.shownChains + c]);
      if (histogramBin(v, round(lo), scale, bins) < 0) continue;
      h[Math.floor(round(round(v - round(lo)) * scale))]++;
    }
    return h;
  });
}

describe.each(ENGINE_KINDS)('the snapshots and the recording follow the view on %s', (kind) => {
  test('gaussian-nd d = 8 viewed as (2, 5): coordinates, histograms and the report', async () => {
    const engine = await engineOf(kind);
    const d = 8;
    const chains = 512;
    await engine.configure({ target: 'gaussian-nd', d, sampler: 'rwm', params: { sigma: 0.8 }, chains, seed: 11, init: 'exact' });
    const computed: Promise<DiagnosticsReport>[] = [];
    const feed = new DiagnosticsFeed(engine, (input) => {
      const p = Promise.resolve(computeReport(input));
      computed.push(p);
      return p;
    });
    feed.reset({ target: gaussianNd, sampler: findSampler('rwm')!, d, chains });
    useStats.setState({ open: true });
    feed.setView(viewOf(gaussianNd, d, [2, 5]));
    feed.startSampling(8);
    engine.run(1);
    const s = await engine.snapshot(feed.request());
    // Only the view's pair: the page's marginal plots follow the view too.
    expect(s.coords).toEqual([2, 5]);
    expect(s.shownChains).toBe(chains);
    const r = s.recording!;
    expect(r.spec.histogram.coords).toEqual([2, 5]);
    expect(r.spec.histogram.box).toEqual([-4, 4, -4, 4]);
    expect(r.draws).toBe(1);
    // One recorded draw per chain: the recorded histograms are the positions' own.
    const [h2, h5] = histogramsOfPositions(s, r, kind === 'webgpu');
    expect(Array.from(r.hist1[0])).toEqual(Array.from(h2));
    expect(Array.from(r.hist1[1])).toEqual(Array.from(h5));
    // …and the positions are coordinates 2 and 5 of the chains' state.
    const all = await engine.readPositions();
    expect(Array.from(s.positions.subarray(0, chains))).toEqual(Array.from(all.subarray(2 * chains, 3 * chains)));
    expect(Array.from(s.positions.subarray(chains, 2 * chains))).toEqual(Array.from(all.subarray(5 * chains, 6 * chains)));
    feed.onSnapshot(s);

    for (let k = 0; k < 12; k++) {
      engine.run(20);
      feed.onSnapshot(await engine.snapshot(feed.request()));
      await Promise.all(computed);
      await new Promise((done) => setTimeout(done, k === 10 ? 320 : 0));
    }
    const report = useStats.getState().report!;
    // The per-coordinate plots follow the pair; the summary and the pooled moments cover all d.
    expect(report.coords).toEqual([2, 5]);
    expect(report.trace.values).toHaveLength(2);
    expect(report.summary).toHaveLength(d);
    expect(report.pooled).toHaveLength(d);
    // Started from exact draws: the pooled means sit within a few MCSEs of 0 (z ~ N(0, 1), but
    // with MCSEs estimated from 8 short chains, so heavier-tailed than a normal).
    for (const p of report.pooled) expect(Math.abs(p.meanZ)).toBeLessThan(5);
    expect(report.truthError).toEqual([report.pooled[2], report.pooled[5]]);

    // Switching the view restarts the recording, over the new pair.
    const before = (await engine.snapshot(feed.request())).iteration;
    feed.setView(viewOf(gaussianNd, d, [0, 7]));
    expect(useStats.getState().convergence).toEqual([]);
    engine.run(3);
    const again = await engine.snapshot(feed.request());
    expect(again.coords).toEqual([0, 7]);
    expect(again.recording!.spec.histogram.coords).toEqual([0, 7]);
    expect([again.recording!.start, again.recording!.draws]).toEqual([before, 3]);
  });
});
