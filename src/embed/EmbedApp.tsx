import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useRun } from '../state/run';
import type { Session } from '../state/session';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { FallbackBanner } from '../ui/FallbackBanner';
import { count } from '../ui/format';
import { Notices } from '../ui/Notices';
import { ParticleView } from '../ui/ParticleView';
import { RunStatus } from '../ui/RunStatus';
import { useRunActions } from '../ui/run-actions';
import { useShortcuts } from '../ui/shortcuts';
import { Transport } from '../ui/Transport';
import { startEmbedBridge } from './bridge';
import type { EmbedOptions, EmbedPanel } from './embed-options';
import { withoutEmbedKeys } from './embed-options';
import { usePauseWhileUnseen } from './unseen-pause';
import './embed.css';

// Loaded only when shown: the plots (and Plotly behind them) and the settings form stay out of the
// widget's first download.
const Controls = lazy(() => import('../ui/Controls').then((m) => ({ default: m.Controls })));
const PANELS: Record<Exclude<EmbedPanel, 'none'>, ComponentType> = {
  marginals: lazy(() => import('../ui/PlotPanel').then((m) => ({ default: m.PlotPanel }))),
  diagnostics: lazy(() => import('../ui/diagnostics/DiagnosticsPanel').then((m) => ({ default: m.DiagnosticsPanel }))),
  nd: lazy(() => import('../ui/nd/NdPanel').then((m) => ({ default: m.NdPanel }))),
};

const loading = <p className="note">Loading…</p>;

/** The full playground with this run's settings (whatever the address bar holds now). */
const fullPlaygroundHref = () => `${window.location.pathname}${withoutEmbedKeys(window.location.search)}`;

/** Play/pause, step, reset, the run's status and iteration, and the way out to the full page. */
function EmbedBar() {
  const iteration = useRun((s) => s.snapshot?.iteration);
  return (
    <div className="embed-bar">
      <Transport />
      <RunStatus />
      <span className="embed-iteration" data-testid="readout-iteration" data-value={iteration ?? ''}>
        iteration {count(iteration)}
      </span>
      {/* The settings can change after render: the click takes the address bar's latest. */}
      <a className="embed-link" href={fullPlaygroundHref()} target="_blank" rel="noopener"
        onClick={(e) => { e.currentTarget.href = fullPlaygroundHref(); }}>
        Open in the full playground ↗
      </a>
    </div>
  );
}

/** The compact widget for an iframe: the particle view, its bar, and the options' extras. */
export function EmbedApp({ session, options }: { readonly session: Session | null; readonly options: EmbedOptions }) {
  useRunActions(session);
  useShortcuts();
  usePauseWhileUnseen();
  // The host's commands act on the run: only once there is one.
  useEffect(() => (session ? startEmbedBridge(options) : undefined), [session, options]);
  const Panel = options.panel === 'none' ? null : PANELS[options.panel];
  return (
    <main className="embed" data-testid="embed">
      <ErrorBoundary><EmbedBar /></ErrorBoundary>
      <FallbackBanner />
      <Notices />
      <ErrorBoundary><ParticleView session={session} /></ErrorBoundary>
      {options.controls && (
        <details className="embed-controls">
          <summary>Settings</summary>
          <ErrorBoundary><Suspense fallback={loading}><Controls /></Suspense></ErrorBoundary>
        </details>
      )}
      {Panel && <ErrorBoundary><Suspense fallback={loading}><Panel /></Suspense></ErrorBoundary>}
    </main>
  );
}
