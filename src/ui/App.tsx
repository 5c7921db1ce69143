import { useEffect } from 'react';
import { registerModeActions } from '../state/actions';
import { useConfig } from '../state/config';
import { useRun } from '../state/run';
import type { Session } from '../state/session';
import { useUi } from '../state/ui';
import { Controls } from './Controls';
import { DiagnosticsPanel } from './diagnostics/DiagnosticsPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { Notices } from './Notices';
import { ParticleView } from './ParticleView';
import { PlotPanel } from './PlotPanel';
import { Readouts } from './Readouts';
import { ModeTabs } from './ModeTabs';
import { ExplainView } from './explain/ExplainView';
import { CompareView } from './compare/CompareView';
import { ViewPicker } from './nd/ViewPicker';
import { NdPanel } from './nd/NdPanel';
import { HelpOverlay } from './HelpOverlay';
import { Preferences } from './Preferences';
import { keysOf, useShortcuts } from './shortcuts';
import { Transport } from './Transport';

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

/** Run mode's play/pause, step and reset act on the swarm's session. */
function useRunActions(session: Session | null) {
  useEffect(() => {
    if (!session) return;
    return registerModeActions('run', {
      toggle: () => useConfig.getState().set({ playing: !useConfig.getState().playing }),
      step: () => session.step(),
      reset: () => session.reset(),
    });
  }, [session]);
}

/** Controls column and main view; each region has its own boundary so one failure stays local. */
export function App({ session }: { readonly session: Session | null }) {
  const status = useRun((s) => s.status);
  const mode = useConfig((s) => s.mode);
  const openHelp = () => useUi.getState().set({ helpOpen: true });
  useRunActions(session);
  useShortcuts();
  return (
    <div className="app">
      <header>
        <h1>Sampling playground</h1>
        <span className={`status ${status}`} data-testid="status" role="status">{status}</span>
        <div className="header-tools">
          <ModeTabs />
          <Preferences />
          <button type="button" aria-haspopup="dialog" aria-keyshortcuts={keysOf('help')} onClick={openHelp}>Help</button>
        </div>
      </header>
      <Banner />
      <Transport />
      <aside aria-label="Settings">
        <ErrorBoundary><Controls /></ErrorBoundary>
      </aside>
      <main>
        <Notices />
        {mode === 'explain' && <ErrorBoundary><ExplainView session={session} /></ErrorBoundary>}
        {mode === 'compare' && <ErrorBoundary><CompareView /></ErrorBoundary>}
        {/* The swarm stays mounted (hidden) in the other modes, so its canvas keeps its renderer. */}
        <div className="swarm" hidden={mode !== 'run'}>
          <div className="stage">
            <ErrorBoundary><ParticleView session={session} /></ErrorBoundary>
            <ErrorBoundary><Readouts /></ErrorBoundary>
          </div>
          <ErrorBoundary><ViewPicker /></ErrorBoundary>
          <ErrorBoundary><PlotPanel /></ErrorBoundary>
          <ErrorBoundary><NdPanel /></ErrorBoundary>
          <ErrorBoundary><DiagnosticsPanel /></ErrorBoundary>
        </div>
      </main>
      <HelpOverlay />
    </div>
  );
}
