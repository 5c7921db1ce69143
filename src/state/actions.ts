import type { Mode } from './config';

/** What play/pause, step and reset mean in a mode (buttons and keyboard shortcuts call these). */
export interface ModeActions {
  toggle(): void;
  step(): void;
  reset(): void;
}

const registry = new Map<Mode, ModeActions>();

/** The mode's view registers its actions while mounted; returns the unregistration. */
export function registerModeActions(mode: Mode, actions: ModeActions): () => void {
  registry.set(mode, actions);
  return () => {
    if (registry.get(mode) === actions) registry.delete(mode);
  };
}

export function modeActions(mode: Mode): ModeActions | undefined {
  return registry.get(mode);
}
