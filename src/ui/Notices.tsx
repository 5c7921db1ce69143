import { dismissNotice, useRun } from '../state/run';

/** Rejected configurations, device loss and restore, and anything that went wrong. */
export function Notices() {
  const notices = useRun((s) => s.notices);
  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.key} className={`notice ${n.level}`} data-testid="notice" data-key={n.key} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss notice" onClick={() => dismissNotice(n.key)}>×</button>
        </div>
      ))}
    </section>
  );
}
