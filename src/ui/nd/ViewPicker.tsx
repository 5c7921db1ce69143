import { validView } from '../../render/plane-view';
import { useConfig } from '../../state/config';
import { useRun } from '../../state/run';
import './nd.css';

const AXES = [
  { k: 0, label: 'Horizontal coordinate', id: 'view-x' },
  { k: 1, label: 'Vertical coordinate', id: 'view-y' },
] as const;

/** The two coordinates the particle view (and the recorded histograms, the diagnostics' plots)
 * show; N-D targets only. A coordinate cannot be on both axes. */
export function ViewPicker() {
  const d = useRun((s) => s.applied?.d ?? 0);
  const chosen = useConfig((s) => s.view);
  if (d <= 2) return null;
  const view = validView(chosen, d);
  const pick = (k: 0 | 1, i: number) => {
    const next: [number, number] = [view[0], view[1]];
    next[k] = i;
    useConfig.getState().set({ view: next });
  };
  return (
    <div className="view-picker" role="group" aria-label="Coordinates shown">
      {AXES.map(({ k, label, id }) => (
        <label key={id} htmlFor={id}>
          {label}
          <select id={id} data-testid={id} value={view[k]} onChange={(e) => pick(k, Number(e.target.value))}>
            {Array.from({ length: d }, (_, i) => (
              <option key={i} value={i} disabled={i === view[1 - k]}>x{i}</option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}
