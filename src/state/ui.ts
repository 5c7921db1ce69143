import { create } from 'zustand';

export type Theme = 'light' | 'dark';

type Preferences = Pick<UiState, 'theme' | 'reducedMotion'>;

/** Page preferences that are not part of a run (never in a link). */
export interface UiState {
  theme: Theme;
  /** Animations jump to their end state (explain mode, plot transitions). */
  reducedMotion: boolean;
  helpOpen: boolean;
  set(patch: Partial<Pick<UiState, 'theme' | 'reducedMotion' | 'helpOpen'>>): void;
}

/** Theme and reduced motion outlive the page (localStorage); the help overlay does not. */
const STORAGE_KEY = 'sampling-playground.preferences';

const prefers = (query: string) => typeof matchMedia === 'function' && matchMedia(query).matches;

/** What the user chose before, where storage is readable and holds it. */
function stored(): Partial<Preferences> {
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}');
    if (typeof saved !== 'object' || saved === null) return {};
    const { theme, reducedMotion } = saved as Record<string, unknown>;
    return {
      ...(theme === 'light' || theme === 'dark' ? { theme } : {}),
      ...(typeof reducedMotion === 'boolean' ? { reducedMotion } : {}),
    };
  } catch {
    // Storage blocked (private mode, file://) or corrupt: fall back to the system's choice.
    return {};
  }
}

function persist({ theme, reducedMotion }: Preferences): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ theme, reducedMotion }));
  } catch {
    // Not persisting is fine: the preference still holds for this page.
  }
}

export const useUi = create<UiState>()((set) => ({
  theme: prefers('(prefers-color-scheme: dark)') ? 'dark' : 'light',
  reducedMotion: prefers('(prefers-reduced-motion: reduce)'),
  ...stored(),
  helpOpen: false,
  set: (patch) => set(patch),
}));

useUi.subscribe((s, prev) => {
  if (s.theme !== prev.theme || s.reducedMotion !== prev.reducedMotion) persist(s);
});
