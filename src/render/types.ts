import type { Snapshot } from '../engine/types';
import type { DensityImage } from './density-image';
import type { Box, CoordPair } from './plane-view';

/** The engine's chain state as the WebGPU renderer reads it (GpuEngine.gpuState()):
 * positions is f32, coordinate-major, coordinate i of chain c at [i * chains + c]. */
export interface GpuChainState {
  readonly device: GPUDevice;
  readonly positions: GPUBuffer;
  readonly chains: number;
  readonly d: number;
}

export interface GpuStateSource {
  gpuState(): GpuChainState | undefined;
}

/** What is drawn under the particles, and which part of the plane the canvas shows. */
export interface Scene {
  readonly image: DensityImage;
  /** The coordinates drawn horizontally and vertically. */
  readonly coords: CoordPair;
  /** [xmin, xmax, ymin, ymax] of coords[0] and coords[1]. */
  readonly viewBox: Box;
}

/** Points to draw, as a snapshot carries them (coordinate-major, in the order of `coords`); the
 * scene's two coordinates are drawn, or nothing where the snapshot lacks one. */
export type ShownParticles = Pick<Snapshot, 'positions' | 'shownChains' | 'coords'>;

/** Draws the density and the particles into one canvas. */
export interface ParticleRenderer {
  setScene(scene: Scene): void;
  /** The WebGPU path reads the engine's buffer itself (the chains, or the flow's draws while it
   * trains); the Canvas 2D path draws what it is given. */
  draw(shown: ShownParticles | null): void;
  /** What a draw costs (ms, running estimate): the session spaces its draws by it (DrawPacer). */
  readonly drawCostMs: number;
  dispose(): void;
}
