import { modeActions } from '../state/actions';
import { useConfig } from '../state/config';
import { useRun } from '../state/run';
import { shownReport, useStats } from '../state/stats';
import type { EmbedOptions } from './embed-options';
import {
  type HostMessage, type MessageId, parseHostMessage, PROTOCOL_VERSION, STATS_INTERVAL_MS, widgetMessage, type WidgetEvent, type WidgetStats,
} from './protocol';
import { applyPageConfig, currentPageConfig, type PageConfig, preparePageConfig, readPageConfig } from './schema';

const LOG = '[sampling-playground]';

/** The run's health now, or null before the first snapshot. */
function currentStats(): WidgetStats | null {
  const { snapshot: s, rates, phase, warmupDivergences, restartedChains, status } = useRun.getState();
  if (!s) return null;
  // The all-chain diagnostics (none while a flow trains: that report is a previous run's).
  const rows = (shownReport(useStats.getState().report, phase)?.allChains?.rows ?? []).filter((r) => r !== null);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    iteration: s.iteration,
    acceptance: rates ? finite(rates.acceptance) : null,
    rhat: rows.length ? finite(Math.max(...rows.map((r) => r.nrhat))) : null,
    essBulk: rows.length ? finite(Math.min(...rows.map((r) => r.ess))) : null,
    divergences: s.totals.divergent - warmupDivergences,
    warmupDivergences,
    restartedChains,
    phase: phase.kind,
    status,
  };
}

/** Calls `send` on `poke`, at most once every `ms` (a poke inside the interval is sent at its end). */
function throttled(ms: number, send: () => void) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = performance.now();
    send();
  };
  return {
    poke() {
      if (timer !== undefined) return;
      timer = setTimeout(fire, Math.max(0, last + ms - performance.now()));
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * The widget's side of the postMessage API: obeys the hosts in `options.origins` and tells them
 * about the run (ready, throttled stats, errors, its height). Returns the teardown.
 */
export function startEmbedBridge(options: EmbedOptions): () => void {
  const origins = new Set(options.origins);
  if (origins.size === 0) {
    console.warn(`${LOG} No ?origins= given: the postMessage API is off (every message is ignored).`);
    return () => {};
  }
  const framed = window.parent !== window;

  const broadcast = (event: WidgetEvent) => {
    if (!framed) return;
    const message = widgetMessage(event);
    for (const origin of origins) send(window.parent, message, origin);
  };
  const reply = (to: MessageEvent, event: WidgetEvent) => {
    if (to.source) send(to.source as Window, widgetMessage(event), to.origin);
  };
  const replyError = (to: MessageEvent, message: string, replyTo?: MessageId) =>
    reply(to, { type: 'error', message, ...(replyTo !== undefined ? { replyTo } : {}) });
  /** `patch`: what a `set` just applied, which the engine runs from its next configure on (the
   * page's config shows the running run until then). */
  const replyConfig = (to: MessageEvent, replyTo?: MessageId, patch: Partial<PageConfig> = {}) =>
    reply(to, { type: 'config', config: { ...currentPageConfig(), ...patch }, ...(replyTo !== undefined ? { replyTo } : {}) });

  const obey = (event: MessageEvent, message: HostMessage) => {
    const { type, id } = message;
    switch (type) {
      case 'play':
      case 'pause':
        useConfig.getState().set({ playing: type === 'play' });
        return;
      case 'step':
      case 'reset': {
        const actions = modeActions('run');
        if (actions) actions[type]();
        else replyError(event, `Cannot ${type} yet: the widget is still starting (wait for "ready")`, id);
        return;
      }
      case 'get':
        replyConfig(event, id);
        return;
      case 'set': {
        const config = message.config ?? {};
        // A custom density needs its compiler before it can be judged.
        preparePageConfig(config).then(() => {
          const { patch, problems } = readPageConfig(config, currentPageConfig());
          applyPageConfig(patch);
          if (problems.length) replyError(event, `Some settings were ignored: ${problems.join('; ')}`, id);
          replyConfig(event, id, patch);
        }, (e: unknown) => replyError(event, `The expression compiler did not load: ${e instanceof Error ? e.message : String(e)}`, id));
      }
    }
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source === window) return; // our own events when the page is not framed
    if (!origins.has(event.origin)) {
      console.warn(`${LOG} Ignored a message from ${event.origin}: not in ?origins=`);
      return;
    }
    const parsed = parseHostMessage(event.data);
    if (parsed.ok) obey(event, parsed.message);
    else replyError(event, parsed.error, parsed.replyTo);
  };
  window.addEventListener('message', onMessage);

  const stats = throttled(STATS_INTERVAL_MS, () => {
    const s = currentStats();
    if (s) broadcast({ type: 'stats', ...s });
  });

  let readySent = false;
  const sendReadyOnce = () => {
    if (readySent || !useRun.getState().applied) return;
    readySent = true;
    broadcast({ type: 'ready', protocol: PROTOCOL_VERSION, config: currentPageConfig() });
  };
  sendReadyOnce();

  const unsubscribe = [
    useRun.subscribe((s, prev) => {
      sendReadyOnce();
      if (s.snapshot !== prev.snapshot || s.phase !== prev.phase || s.status !== prev.status) stats.poke();
      for (const n of s.notices) {
        if (n.level === 'error' && !prev.notices.includes(n)) broadcast({ type: 'error', message: n.text });
      }
    }),
    useStats.subscribe((s, prev) => {
      if (s.report !== prev.report) stats.poke();
    }),
  ];

  let height = -1;
  const resize = new ResizeObserver(() => {
    const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === height) return;
    height = h;
    broadcast({ type: 'resize', height: h });
  });
  resize.observe(document.documentElement);

  return () => {
    window.removeEventListener('message', onMessage);
    unsubscribe.forEach((u) => u());
    stats.cancel();
    resize.disconnect();
  };
}

function send(to: Window, message: unknown, targetOrigin: string): void {
  try {
    to.postMessage(message, targetOrigin);
  } catch (e) {
    // An origin that is no URL (e.g. "null") cannot be a target: say so instead of breaking the page.
    console.warn(`${LOG} Could not post to ${targetOrigin}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
