import { useConfig } from '../state/config';
import type { Session } from '../state/session';
import { useUi } from '../state/ui';
import { Controls } from './Controls';
import { DiagnosticsPanel } from './diagnostics/DiagnosticsPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { FallbackBanner } from './FallbackBanner';
import { Notices } from './Notices';
import { ParticleView } from './ParticleView';
import { PlotPanel } from './PlotPanel';
import { Readouts } from './Readouts';
import { RunStatus } from './RunStatus';
import { ModeTabs } from './ModeTabs';
import { ExplainView } from './explain/ExplainView';
import { CompareView } from './compare/CompareView';
import { ViewPicker } from './nd/ViewPicker';
import { NdPanel } from './nd/NdPanel';
import { HelpOverlay } from './HelpOverlay';
import { Preferences } from './Preferences';
import { CopyLink } from './CopyLink';
import { EmbedDialog } from './EmbedDialog';
import { keysOf, useShortcuts } from './shortcuts';
import { Transport } from './Transport';
import { useRunActions } from './run-actions';

/** Controls column and main view; each region has its own boundary so one failure stays local. */
export function App({ session }: { readonly session: Session | null }) {
  const mode = useConfig((s) => s.mode);
  const openHelp = () => useUi.getState().set({ helpOpen: true });
  useRunActions(session);
  useShortcuts();
  return (
    <div className="app">
      <header>
        <h1>Sampling playground</h1>
        <RunStatus />
        <div className="header-tools">
          <ModeTabs />
          <CopyLink />
          <Preferences />
          <EmbedDialog />
          <button type="button" aria-haspopup="dialog" aria-keyshortcuts={keysOf('help')} onClick={openHelp}>Help</button>
        </div>
      </header>
      <FallbackBanner />
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
