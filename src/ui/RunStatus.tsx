import { useRun } from '../state/run';

/** Starting, running, paused or failed, as a badge. */
export function RunStatus() {
  const status = useRun((s) => s.status);
  return <span className={`status ${status}`} data-testid="status" role="status">{status}</span>;
}
