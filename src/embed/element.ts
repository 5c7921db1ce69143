/**
 * `<sampling-playground target="banana" sampler="hmc" l="20">`: the widget in an iframe, driven by
 * the postMessage API. Built on its own as `sampling-playground.js` (a classic script, no React).
 */
import { paramsOf, reloads, runConfigOf, SRC_BASE_ATTRIBUTE, widgetUrl } from './element-attributes';
import { type Command, hostMessage, type HostMessage, isWidgetMessage, type MessageId } from './protocol';
import type { PageConfig } from './schema';

// Only while the script first runs does currentScript name it: the widget lives beside it.
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src;

const STYLE = ':host{display:block}iframe{display:block;width:100%;height:480px;border:0}';

/** Commands the element sends itself fail as `error` events already: their promises need no handler. */
const ignore = () => {};

class SamplingPlaygroundElement extends HTMLElement {
  private iframe: HTMLIFrameElement | null = null;
  private widgetOrigin = '';
  /** The widget runs and listens: commands before that wait in `queue`. */
  private ready = false;
  private queue: HostMessage[] = [];
  /** The widget's config as it last said (ready, config replies). */
  private config: PageConfig | null = null;
  private nextId = 1;
  private readonly pending = new Map<MessageId, { resolve(c: PageConfig): void; reject(e: Error): void }>();
  private readonly observer = new MutationObserver((records) => this.onAttributes(records));

  connectedCallback(): void {
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' }).innerHTML = `<style>${STYLE}</style>`;
    window.addEventListener('message', this.onMessage);
    this.observer.observe(this, { attributes: true });
    this.load();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    this.observer.disconnect();
    this.iframe?.remove();
    this.iframe = null;
    this.settleAll('the element was removed');
  }

  play(): void { this.post('play'); }
  pause(): void { this.post('pause'); }
  step(): void { this.post('step'); }
  reset(): void { this.post('reset'); }

  /** Any part of the config (as `get` returns it); resolves with the config after it, rejects
   * with the reasons when a setting was refused (the others are applied). */
  set(config: Record<string, unknown>): Promise<PageConfig> {
    return this.request('set', config);
  }

  get(): Promise<PageConfig> {
    return this.request('get');
  }

  private attributeMap(): Map<string, string> {
    return new Map([...this.attributes].map((a) => [a.name, a.value]));
  }

  private load(): void {
    const base = this.getAttribute(SRC_BASE_ATTRIBUTE) ?? (scriptSrc && new URL('.', scriptSrc).href);
    if (!base) {
      this.emit('error', { message: `Set ${SRC_BASE_ATTRIBUTE}: the playground's address could not be taken from the script` });
      return;
    }
    // Before `ready` every command still waits in the queue, for the new widget.
    if (this.ready) this.settleAll('the widget reloaded');
    this.ready = false;
    this.config = null;
    const src = widgetUrl(new URL(base, document.baseURI).href, this.attributeMap(), window.location.origin);
    this.widgetOrigin = new URL(src).origin;
    if (!this.iframe) {
      this.iframe = document.createElement('iframe');
      this.iframe.title = this.getAttribute('title') ?? 'Sampling playground';
      this.shadowRoot!.append(this.iframe);
    }
    this.iframe.src = src;
  }

  private onMessage = (event: MessageEvent): void => {
    if (!this.iframe || event.source !== this.iframe.contentWindow || event.origin !== this.widgetOrigin) return;
    const message = event.data;
    if (!isWidgetMessage(message)) return;
    switch (message.type) {
      case 'ready': {
        this.config = message.config;
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        queued.forEach((m) => this.deliver(m));
        const params = paramsOf(this.attributeMap(), message.config.params);
        if (params) this.set({ params }).catch(ignore);
        break;
      }
      case 'config':
        this.config = message.config;
        if (message.replyTo !== undefined) this.pending.get(message.replyTo)?.resolve(message.config);
        break;
      case 'error':
        if (message.replyTo !== undefined) this.pending.get(message.replyTo)?.reject(new Error(message.message));
        break;
      case 'resize':
        this.iframe.style.height = `${message.height}px`;
        break;
    }
    if ('replyTo' in message && message.replyTo !== undefined) this.pending.delete(message.replyTo);
    this.emit(message.type, message);
  };

  private onAttributes(records: readonly MutationRecord[]): void {
    const names = new Set(records.map((r) => r.attributeName!));
    const removed = [...names].some((n) => !this.hasAttribute(n));
    // Before `ready` the widget is still loading the old address: load the new one instead.
    if (!this.ready || !this.config || removed || [...names].some(reloads)) {
      this.load();
      return;
    }
    const changed = new Map([...names].map((n) => [n, this.getAttribute(n)!]));
    const run = runConfigOf(changed);
    if ('sampler' in run) {
      // A new sampler brings its own parameters: match the attributes against them afterwards.
      this.set(run).then((config) => {
        const params = paramsOf(this.attributeMap(), config.params);
        return params && this.set({ params });
      }).catch(ignore);
      return;
    }
    const params = paramsOf(changed, this.config.params);
    if (params) run.params = params;
    if (Object.keys(run).length) this.set(run).catch(ignore);
  }

  private request(type: Command, config?: Record<string, unknown>): Promise<PageConfig> {
    const id = `e${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(type, id, config);
    });
  }

  private post(type: Command, id?: MessageId, config?: Record<string, unknown>): void {
    const message = hostMessage(type, { ...(id !== undefined ? { id } : {}), ...(config !== undefined ? { config } : {}) });
    if (this.ready) this.deliver(message);
    else this.queue.push(message);
  }

  private deliver(message: HostMessage): void {
    this.iframe?.contentWindow?.postMessage(message, this.widgetOrigin);
  }

  private settleAll(why: string): void {
    for (const { reject } of this.pending.values()) reject(new Error(`No reply: ${why}`));
    this.pending.clear();
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

if (!customElements.get('sampling-playground')) customElements.define('sampling-playground', SamplingPlaygroundElement);
