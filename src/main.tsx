import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine } from './state/engine-factory';
import { addNotice, useRun } from './state/run';
import { Session } from './state/session';
import { DiagnosticsWorker } from './stats/diagnostics-client';
import { prepareTarget } from './targets/custom';
import { applyUrlConfig, keepUrlInSync } from './state/url-sync';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/styles.css';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// Nothing escapes silently: uncaught errors become notices instead of a broken page.
window.addEventListener('error', (e) => addNotice({ key: 'uncaught', level: 'error', text: `Unexpected error: ${e.message}` }));
window.addEventListener('unhandledrejection', (e) =>
  addNotice({ key: 'uncaught', level: 'error', text: `Unexpected error: ${errorText(e.reason)}` }));

const root = createRoot(document.getElementById('root')!);
const render = (session: Session | null) =>
  root.render(<StrictMode><ErrorBoundary><App session={session} /></ErrorBoundary></StrictMode>);

render(null);
// A link to the user's own density needs its compiler before the link can be read.
prepareTarget({ target: new URLSearchParams(window.location.search).get('target') ?? '' })
  .catch((e) => addNotice({ key: 'url', level: 'warning', text: `The expression compiler did not load: ${errorText(e)}` }))
  .finally(() => {
    applyUrlConfig();
    keepUrlInSync();
  });
startEngine().then(
  ({ engine, fallbackReason }) => {
    useRun.setState({ engine: { kind: engine.kind, description: engine.description }, fallbackReason });
    const session = new Session(engine, new DiagnosticsWorker().compute);
    session.start();
    render(session);
  },
  (e) => {
    useRun.setState({ status: 'failed' });
    addNotice({ key: 'engine', level: 'error', text: `No engine could start: ${errorText(e)}` });
  },
);
