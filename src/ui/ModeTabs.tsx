import { MODES, type Mode, useConfig } from '../state/config';

const LABELS: Record<Mode, string> = { run: 'Run', explain: 'Explain one chain', compare: 'Compare two samplers' };

/** Switches the main area between the swarm, explain mode and compare mode. */
export function ModeTabs() {
  const mode = useConfig((s) => s.mode);
  const set = useConfig((s) => s.set);
  return (
    <div className="mode-tabs" role="tablist" aria-label="Mode">
      {MODES.map((m) => (
        <button key={m} type="button" role="tab" id={`mode-${m}`} aria-selected={mode === m} data-testid={`mode-${m}`}
          className={mode === m ? 'selected' : undefined} onClick={() => set({ mode: m })}>
          {LABELS[m]}
        </button>
      ))}
    </div>
  );
}
