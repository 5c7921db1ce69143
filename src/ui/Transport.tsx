import { useModeActions } from '../state/actions';
import { useConfig } from '../state/config';
import { keysOf } from './shortcuts';

/** Play/pause, step and reset of whatever mode is shown (the keyboard shortcuts do the same). */
export function Transport() {
  const mode = useConfig((s) => s.mode);
  const actions = useModeActions(mode);
  const playing = useConfig((s) => actions?.playing ?? s.playing);
  return (
    <div className="transport" role="group" aria-label="Run controls">
      <button type="button" className="primary" disabled={!actions} aria-keyshortcuts={keysOf('toggle')}
        onClick={() => actions?.toggle()}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" disabled={!actions} aria-keyshortcuts={keysOf('step')} onClick={() => actions?.step()}>Step</button>
      <button type="button" disabled={!actions} aria-keyshortcuts={keysOf('reset')} onClick={() => actions?.reset()}>Reset</button>
    </div>
  );
}
