import { useEffect } from 'react';
import { registerModeActions } from '../state/actions';
import { useConfig } from '../state/config';
import type { Session } from '../state/session';

/** Run mode's play/pause, step and reset act on the swarm's session. */
export function useRunActions(session: Session | null): void {
  useEffect(() => {
    if (!session) return;
    return registerModeActions('run', {
      toggle: () => useConfig.getState().set({ playing: !useConfig.getState().playing }),
      step: () => session.step(),
      reset: () => session.reset(),
    });
  }, [session]);
}
