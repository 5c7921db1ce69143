import { DrawCost } from './draw-pacer';
import { PARTICLE_RADIUS_CSS_PX, PARTICLE_RGB, particleAlpha } from './palette';
import type { ParticleRenderer, Scene, ShownParticles } from './types';

/** The fallback renderer (no WebGPU): the density image, then the given positions. */
export class Canvas2DRenderer implements ParticleRenderer {
  private readonly ctx: CanvasRenderingContext2D;
  private scene: Scene | null = null;
  private readonly density = document.createElement('canvas');
  private readonly cost = new DrawCost();

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This canvas cannot give a 2D context');
    this.ctx = ctx;
  }

  setScene(scene: Scene): void {
    this.scene = scene;
    const { width, height, rgba } = scene.image;
    this.density.width = width;
    this.density.height = height;
    this.density.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  }

  draw(snapshot: ShownParticles | null): void {
    const started = performance.now();
    this.paint(snapshot);
    this.cost.observe(performance.now() - started);
  }

  get drawCostMs(): number {
    return this.cost.ms;
  }

  private paint(snapshot: ShownParticles | null): void {
    const { ctx, canvas } = this;
    if (!this.scene) return;
    const { width: w, height: h } = canvas;
    ctx.imageSmoothingEnabled = true;
    // The density is opaque, yet where Chromium cannot composite WebGPU (no Vulkan) drawing it
    // over the last frame left that frame's dots: clear first.
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(this.density, 0, 0, w, h);
    if (!snapshot) return;
    const [kx, ky] = this.scene.coords.map((i) => snapshot.coords.indexOf(i));
    // The flow's draws while it trains carry coordinates 0 and 1 only.
    if (kx < 0 || ky < 0) return;
    const [x0, x1, y0, y1] = this.scene.viewBox;
    const n = snapshot.shownChains;
    const pos = snapshot.positions;
    const r = PARTICLE_RADIUS_CSS_PX * devicePixelRatio;
    ctx.fillStyle = `rgba(${PARTICLE_RGB.join(',')},${particleAlpha(n)})`;
    ctx.beginPath();
    for (let c = 0; c < n; c++) {
      const px = ((pos[kx * n + c] - x0) / (x1 - x0)) * w;
      const py = ((y1 - pos[ky * n + c]) / (y1 - y0)) * h;
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    ctx.fill();
  }

  dispose(): void {
    this.scene = null;
  }
}
