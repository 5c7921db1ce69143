import { create } from 'zustand';

export type Theme = 'light' | 'dark';

/** Page preferences that are not part of a run (never in a link). */
export interface UiState {
  theme: Theme;
  /** Animations jump to their end state (explain mode, plot transitions). */
  reducedMotion: boolean;
  helpOpen: boolean;
  set(patch: Partial<Pick<UiState, 'theme' | 'reducedMotion' | 'helpOpen'>>): void;
}

const prefers = (query: string) => typeof matchMedia === 'function' && matchMedia(query).matches;

export const useUi = create<UiState>()((set) => ({
  theme: prefers('(prefers-color-scheme: dark)') ? 'dark' : 'light',
  reducedMotion: prefers('(prefers-reduced-motion: reduce)'),
  helpOpen: false,
  set: (patch) => set(patch),
}));
