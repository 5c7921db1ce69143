import { useEffect } from 'react';
import { useConfig } from '../state/config';

export interface UnseenPause {
  /** Whether the widget can be seen now (on the host's screen and the tab shown). */
  seen(visible: boolean): void;
  dispose(): void;
}

/**
 * Pauses the run while the widget cannot be seen and resumes it when it can again — only when
 * this paused it, so a reader's own pause stands. A play asked for while unseen (a host's
 * command, the link's settings arriving late) waits until the widget is seen.
 */
export function createUnseenPause(): UnseenPause {
  let visible = true;
  let held = false;
  let disposed = false;
  const hold = () => {
    if (disposed || visible || !useConfig.getState().playing) return;
    held = true;
    useConfig.getState().set({ playing: false });
  };
  const unsubscribe = useConfig.subscribe((s, prev) => {
    // Not inside the store's notification: the other listeners would see the states out of order.
    if (s.playing && !prev.playing) queueMicrotask(hold);
  });
  return {
    seen(v) {
      visible = v;
      if (!v) hold();
      else if (held) {
        held = false;
        useConfig.getState().set({ playing: true });
      }
    },
    dispose() {
      disposed = true;
      unsubscribe();
    },
  };
}

/** Pauses while the document is off the host's screen (an iframe scrolled out of view reports its
 * root as not intersecting) or its tab is hidden. */
export function usePauseWhileUnseen(): void {
  useEffect(() => {
    const pause = createUnseenPause();
    const root = document.documentElement;
    let intersecting = true;
    const update = () => pause.seen(intersecting && document.visibilityState === 'visible');
    const observer = new IntersectionObserver((entries) => {
      intersecting = entries.at(-1)?.isIntersecting ?? intersecting;
      update();
    });
    observer.observe(root);
    document.addEventListener('visibilitychange', update);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', update);
      pause.dispose();
    };
  }, []);
}
