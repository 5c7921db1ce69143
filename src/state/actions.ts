import { useSyncExternalStore } from 'react';
import type { Mode } from './config';

/** What play/pause, step and reset mean in a mode (buttons and keyboard shortcuts call these). */
export interface ModeActions {
  /** A view that keeps its own play state says so here (re-registering when it changes); absent,
   * the Play/Pause button follows `useConfig.playing`. */
  readonly playing?: boolean;
  toggle(): void;
  step(): void;
  reset(): void;
}

const registry = new Map<Mode, ModeActions>();
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** The mode's view registers its actions while mounted; returns the unregistration. */
export function registerModeActions(mode: Mode, actions: ModeActions): () => void {
  registry.set(mode, actions);
  changed();
  return () => {
    if (registry.get(mode) !== actions) return;
    registry.delete(mode);
    changed();
  };
}

export function modeActions(mode: Mode): ModeActions | undefined {
  return registry.get(mode);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The mode's actions, re-rendering when its view registers or unregisters them (buttons are
 * disabled until then). */
export function useModeActions(mode: Mode): ModeActions | undefined {
  return useSyncExternalStore(subscribe, () => registry.get(mode));
}
