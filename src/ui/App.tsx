import { useRun } from '../state/run';
import type { Session } from '../state/session';
import { Controls } from './Controls';
import { DiagnosticsPanel } from './diagnostics/DiagnosticsPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { Notices } from './Notices';
import { ParticleView } from './ParticleView';
import { PlotPanel } from './PlotPanel';
import { Readouts } from './Readouts';

export const FALLBACK_BANNER = 'WebGPU unavailable — running the CPU reference in a Web Worker';

function Banner() {
  const reason = useRun((s) => s.fallbackReason);
  if (reason === null) return null;
  return (
    <p className="banner" data-testid="fallback-banner" role="status">
      <strong>{FALLBACK_BANNER}</strong> <span className="note">({reason})</span>
    </p>
  );
}

/** Controls column and main view; each region has its own boundary so one failure stays local. */
export function App({ session }: { readonly session: Session | null }) {
  const status = useRun((s) => s.status);
  return (
    <div className="app">
      <header>
        <h1>Sampling playground</h1>
        <span className={`status ${status}`} data-testid="status">{status}</span>
      </header>
      <Banner />
      <aside>
        <ErrorBoundary><Controls session={session} /></ErrorBoundary>
      </aside>
      <main>
        <Notices />
        <div className="stage">
          <ErrorBoundary><ParticleView session={session} /></ErrorBoundary>
          <ErrorBoundary><Readouts /></ErrorBoundary>
        </div>
        <ErrorBoundary><PlotPanel /></ErrorBoundary>
        <ErrorBoundary><DiagnosticsPanel /></ErrorBoundary>
      </main>
    </div>
  );
}
