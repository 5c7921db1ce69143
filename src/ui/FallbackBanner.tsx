import { useRun } from '../state/run';

export const FALLBACK_BANNER = 'WebGPU unavailable — running the CPU reference in Web Workers';

/** Says why the CPU reference runs instead of WebGPU. */
export function FallbackBanner() {
  const reason = useRun((s) => s.fallbackReason);
  if (reason === null) return null;
  return (
    <p className="banner" data-testid="fallback-banner" role="status">
      <strong>{FALLBACK_BANNER}</strong> <span className="note">({reason})</span>
    </p>
  );
}
