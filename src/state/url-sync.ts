import { useConfig } from './config';
import { addNotice, useRun } from './run';
import { readUrlConfig, urlQueryOf } from './url-config';

/** Starts from the settings in the address bar; explains any it had to ignore. */
export function applyUrlConfig(): void {
  const { patch, problems } = readUrlConfig(window.location.search, useConfig.getState());
  useConfig.setState(patch);
  if (problems.length) {
    addNotice({ key: 'url', level: 'warning', text: `Some settings in the link were ignored: ${problems.join('; ')}` });
  }
}

/** Keeps the address bar on the running configuration, so copying it shares the run. */
export function keepUrlInSync(): () => void {
  const write = () => {
    const { applied } = useRun.getState();
    if (!applied) return;
    const query = urlQueryOf(applied, useConfig.getState().stepsPerFrame);
    if (query !== window.location.search) window.history.replaceState(null, '', query);
  };
  const unsubs = [
    useRun.subscribe((s, prev) => { if (s.applied !== prev.applied) write(); }),
    useConfig.subscribe((s, prev) => { if (s.stepsPerFrame !== prev.stepsPerFrame) write(); }),
  ];
  return () => unsubs.forEach((u) => u());
}
