import densityWgsl from '../../shaders/render/density.wgsl?raw';
import particlesWgsl from '../../shaders/render/particles.wgsl?raw';
import { DrawCost } from './draw-pacer';
import { PARTICLE_RADIUS_CSS_PX, PARTICLE_RGB, particleAlpha } from './palette';
import type { GpuStateSource, ParticleRenderer, Scene } from './types';

/** More dots than this add nothing visible and cost SwiftShader dearly. */
const MAX_DRAWN = 1 << 20;
const VIEW_BYTES = 48;

/** Everything that belongs to one GPUDevice (rebuilt when the engine's device is replaced). */
interface DeviceResources {
  readonly device: GPUDevice;
  readonly densityPipeline: GPURenderPipeline;
  readonly particlePipeline: GPURenderPipeline;
  readonly view: GPUBuffer;
  readonly sampler: GPUSampler;
}

/**
 * WebGPU renderer on the engine's own device: the density texture, then one instanced quad per
 * chain whose vertex shader reads the engine's position buffer (vertex pulling, zero copy).
 */
export class GpuRenderer implements ParticleRenderer {
  private readonly context: GPUCanvasContext;
  private readonly format = navigator.gpu.getPreferredCanvasFormat();
  private res: DeviceResources | null = null;
  private scene: Scene | null = null;
  private densityBind: GPUBindGroup | null = null;
  private densityTexture: GPUTexture | null = null;
  private particleBind: GPUBindGroup | null = null;
  private boundPositions: GPUBuffer | null = null;
  private readonly cost = new DrawCost();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly source: GpuStateSource,
  ) {
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('This canvas cannot give a WebGPU context');
    this.context = context;
  }

  setScene(scene: Scene): void {
    this.scene = scene;
    this.densityBind = null; // re-upload on the next draw
  }

  draw(): void {
    const state = this.source.gpuState();
    if (!state || !this.scene) return;
    // Building the pipelines and uploading the density image are one-off costs, not a draw's.
    const oneOff = state.device !== this.res?.device || !this.densityBind;
    if (state.device !== this.res?.device) this.createResources(state.device);
    const res = this.res!;
    if (!this.densityBind) this.densityBind = this.uploadDensity(res, this.scene);
    if (state.positions !== this.boundPositions) {
      // The engine swaps buffer objects on reconfigure and device restore.
      this.particleBind = res.device.createBindGroup({
        layout: res.particlePipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: res.view } },
          { binding: 1, resource: { buffer: state.positions } },
        ],
      });
      this.boundPositions = state.positions;
    }
    const drawn = Math.min(state.chains, MAX_DRAWN);
    const radiusPx = PARTICLE_RADIUS_CSS_PX * devicePixelRatio;
    const radius = [(2 * radiusPx) / this.canvas.width, (2 * radiusPx) / this.canvas.height] as const;
    res.device.queue.writeBuffer(res.view, 0, particleViewUniform(this.scene, state.chains, drawn, radius));

    const encoder = res.device.createCommandEncoder({ label: 'particles frame' });
    const pass = encoder.beginRenderPass({
      colorAttachments: [{
        view: this.context.getCurrentTexture().createView(),
        loadOp: 'clear', storeOp: 'store', clearValue: { r: 1, g: 1, b: 1, a: 1 },
      }],
    });
    pass.setPipeline(res.densityPipeline);
    pass.setBindGroup(0, this.densityBind);
    pass.draw(3);
    // The flow's draws while it trains hold coordinates 0 and 1 only: another pair shows none.
    if (Math.max(...this.scene.coords) < state.d) {
      pass.setPipeline(res.particlePipeline);
      pass.setBindGroup(0, this.particleBind);
      pass.draw(4, drawn);
    }
    pass.end();
    // The draw's cost runs from when the work queued ahead of it is done (completions arrive in
    // order) to when it has been presented: presenting is most of it where the GPU is emulated
    // (~0.1 s on SwiftShader), and it delays everything queued after it (read-backs, warm-up's
    // rounds). The canvas presents once this frame's callbacks have returned, so the fence that
    // ends the draw is queued by a task that runs after that.
    const ahead = res.device.queue.onSubmittedWorkDone();
    res.device.queue.submit([encoder.finish()]);
    if (oneOff) return;
    const submitted = performance.now();
    let aheadDone = submitted;
    ahead.then(() => (aheadDone = performance.now()), () => {});
    setTimeout(() => {
      res.device.queue.onSubmittedWorkDone().then(() => this.cost.observe(performance.now() - Math.max(submitted, aheadDone)), () => {});
    }, 0);
  }

  get drawCostMs(): number {
    return this.cost.ms;
  }

  dispose(): void {
    this.densityTexture?.destroy();
    this.res?.view.destroy();
    this.res = null;
    this.context.unconfigure();
  }

  private createResources(device: GPUDevice): void {
    this.context.configure({ device, format: this.format, alphaMode: 'opaque' });
    const blend: GPUBlendState = {
      color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
      alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
    };
    const pipeline = (code: string, label: string, topology: GPUPrimitiveTopology, withBlend: boolean) => {
      const module = device.createShaderModule({ code, label });
      return device.createRenderPipeline({
        label, layout: 'auto',
        vertex: { module, entryPoint: 'vs' },
        fragment: { module, entryPoint: 'fs', targets: [{ format: this.format, ...(withBlend ? { blend } : {}) }] },
        primitive: { topology },
      });
    };
    this.res = {
      device,
      densityPipeline: pipeline(densityWgsl, 'density', 'triangle-list', false),
      particlePipeline: pipeline(particlesWgsl, 'particles', 'triangle-strip', true),
      view: device.createBuffer({ size: VIEW_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
      sampler: device.createSampler({ magFilter: 'linear', minFilter: 'linear' }),
    };
    this.densityBind = null;
    this.boundPositions = null;
  }

  private uploadDensity(res: DeviceResources, scene: Scene): GPUBindGroup {
    const { width, height, rgba } = scene.image;
    const texture = res.device.createTexture({
      size: [width, height], format: 'rgba8unorm',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
    });
    this.densityTexture?.destroy();
    this.densityTexture = texture;
    res.device.queue.writeTexture({ texture }, rgba, { bytesPerRow: width * 4 }, [width, height]);
    return res.device.createBindGroup({
      layout: res.densityPipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: res.sampler },
        { binding: 1, resource: texture.createView() },
      ],
    });
  }
}

/** Bytes of `struct View` in particles.wgsl: the affine map of the scene's box to clip space,
 * the dot's radius in clip units, where the scene's two coordinates start in the position
 * buffer (coordinate-major over `chains`), and the colour. */
export function particleViewUniform(scene: Pick<Scene, 'viewBox' | 'coords'>, chains: number, drawn: number, radius: readonly [number, number]): ArrayBuffer {
  const [x0, x1, y0, y1] = scene.viewBox;
  const buf = new ArrayBuffer(VIEW_BYTES);
  const f = new Float32Array(buf);
  f.set([-(x0 + x1) / (x1 - x0), -(y0 + y1) / (y1 - y0), 2 / (x1 - x0), 2 / (y1 - y0), ...radius]);
  new Uint32Array(buf, 24, 2).set(scene.coords.map((i) => i * chains));
  f.set([...PARTICLE_RGB.map((v) => v / 255), particleAlpha(drawn)], 8);
  return buf;
}
