import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { applyEmbedOptions } from './embed/apply-embed';
import { readEmbedOptions } from './embed/embed-options';
import { startCpuEngine, startEngine, type StartedEngine } from './state/engine-factory';
import { addNotice, dismissNotice, useRun } from './state/run';
import { Session } from './state/session';
import { DiagnosticsWorker } from './stats/diagnostics-client';
import { applyLink, keepLinkInSync } from './embed/share';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/styles.css';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// Nothing escapes silently: uncaught errors become notices instead of a broken page.
window.addEventListener('error', (e) => addNotice({ key: 'uncaught', level: 'error', text: `Unexpected error: ${e.message}` }));
window.addEventListener('unhandledrejection', (e) =>
  addNotice({ key: 'uncaught', level: 'error', text: `Unexpected error: ${errorText(e.reason)}` }));

// Each layout is its own chunk: the widget downloads none of the full page's panels and modes.
const App = lazy(() => import('./ui/App').then((m) => ({ default: m.App })));
const EmbedApp = lazy(() => import('./embed/EmbedApp').then((m) => ({ default: m.EmbedApp })));
const embed = readEmbedOptions(window.location.search);
if (embed.problems.length) {
  addNotice({ key: 'embed', level: 'warning', text: `Some embed settings were ignored: ${embed.problems.join('; ')}` });
}
/** In an iframe: the widget's own settings (mode, panel, autoplay) over the link's. */
const applyEmbed = () => {
  if (embed.options.embed) applyEmbedOptions(embed.options);
};
applyEmbed();

const root = createRoot(document.getElementById('root')!);
const render = (session: Session | null) =>
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <Suspense fallback={null}>
          {embed.options.embed ? <EmbedApp session={session} options={embed.options} /> : <App session={session} />}
        </Suspense>
      </ErrorBoundary>
    </StrictMode>,
  );

render(null);
// The link (which loads the expression compiler when it carries a density), then the widget's own
// settings over it, then the address bar follows what runs.
void applyLink().then(() => {
  applyEmbed();
  keepLinkInSync();
});
const diagnostics = new DiagnosticsWorker();
/** Runs the page on `started`; where its device is lost for good, on the CPU engine instead. */
const begin = ({ engine, fallbackReason }: StartedEngine) => {
  useRun.setState({ engine: { kind: engine.kind, description: engine.description }, fallbackReason });
  const session = new Session(engine, diagnostics.compute, (reason) => {
    session.dispose();
    dismissNotice('device');
    render(null);
    void startCpuEngine(reason).then(begin);
  });
  session.start();
  render(session);
};
startEngine().then(
  begin,
  (e) => {
    useRun.setState({ status: 'failed' });
    addNotice({ key: 'engine', level: 'error', text: `No engine could start: ${errorText(e)}` });
  },
);
