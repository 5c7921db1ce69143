import type { KeyboardEvent } from 'react';
import { MODES, type Mode, useConfig } from '../state/config';

/** Each mode's tab label and what it shows (the help overlay lists them). */
export const MODE_TEXT: Record<Mode, { readonly label: string; readonly does: string }> = {
  run: { label: 'Run', does: 'Thousands of chains at once over the density, with their readouts, plots and diagnostics.' },
  explain: { label: 'Explain one chain', does: 'One chain of the chosen sampler, one transition at a time, each step drawn and explained.' },
  compare: { label: 'Compare two samplers', does: 'Two samplers on the same target, side by side.' },
};

const ARROWS: Record<string, number> = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };

/** Switches the main area between the swarm, explain mode and compare mode. A tab list as ARIA
 * has it: one tab stop, the arrow keys move between the tabs. */
export function ModeTabs() {
  const mode = useConfig((s) => s.mode);
  const set = useConfig((s) => s.set);
  const onKeyDown = (e: KeyboardEvent) => {
    const by = ARROWS[e.key];
    if (by === undefined) return;
    e.preventDefault();
    const next = MODES[(MODES.indexOf(mode) + by + MODES.length) % MODES.length];
    set({ mode: next });
    document.getElementById(`mode-${next}`)?.focus();
  };
  return (
    <div className="mode-tabs" role="tablist" aria-label="Mode" onKeyDown={onKeyDown}>
      {MODES.map((m) => (
        <button key={m} type="button" role="tab" id={`mode-${m}`} aria-selected={mode === m} data-testid={`mode-${m}`}
          tabIndex={mode === m ? 0 : -1} className={mode === m ? 'selected' : undefined} onClick={() => set({ mode: m })}>
          {MODE_TEXT[m].label}
        </button>
      ))}
    </div>
  );
}
