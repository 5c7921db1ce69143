import { create } from 'zustand';
import type { Snapshot } from '../engine/types';

/** The N-D panel's state: the session reads every coordinate back only while it is open. */
export interface NdState {
  open: boolean;
  /** The latest snapshot that carries every coordinate (read a few times a second while open). */
  particles: Snapshot | null;
}

export const useNd = create<NdState>()(() => ({ open: false, particles: null }));
