/**
 * The postMessage protocol between an embedding page (the host) and the widget, version 1.
 * Plain data only: the custom element imports this file too, so it must stay free of the app.
 */
import type { PageConfig } from './schema';

export const PROTOCOL_SOURCE = 'sampling-playground';
export const PROTOCOL_VERSION = 1;

export const COMMANDS = ['play', 'pause', 'step', 'reset', 'set', 'get'] as const;
export type Command = (typeof COMMANDS)[number];

export const EVENTS = ['ready', 'stats', 'error', 'resize', 'config'] as const;
export type EventType = (typeof EVENTS)[number];

/** The host's own tag for a command; replies carry it back as `replyTo`. */
export type MessageId = string | number;

/** Host → widget. */
export interface HostMessage {
  readonly source: typeof PROTOCOL_SOURCE;
  readonly version: typeof PROTOCOL_VERSION;
  readonly id?: MessageId;
  readonly type: Command;
  /** `set` only: any part of the page's config, validated as a link's settings are. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** The run's health as the host sees it (sent at most every STATS_INTERVAL_MS). */
export interface WidgetStats {
  readonly iteration: number;
  /** Accepted / proposed over the last seconds; null for samplers that always move or before
   * two snapshots differ. */
  readonly acceptance: number | null;
  /** Worst nested R-hat and smallest ESS over all chains (per-chain moments) of the latest diagnostics
   * report; null while there is none (e.g. the diagnostics panel is closed). */
  readonly rhat: number | null;
  readonly essBulk: number | null;
  /** Divergent transitions of the sampling phase (warm-up's are counted apart). */
  readonly divergences: number;
  readonly warmupDivergences: number;
  /** Chains warm-up restarted from a healthy chain's state (stranded at their start). */
  readonly restartedChains: number;
  readonly phase: 'training' | 'warmup' | 'sampling';
  readonly status: 'starting' | 'running' | 'paused' | 'failed';
}

/** Widget → host, without the envelope. */
export type WidgetEvent =
  | { readonly type: 'ready'; readonly protocol: typeof PROTOCOL_VERSION; readonly config: PageConfig }
  | ({ readonly type: 'stats' } & WidgetStats)
  | { readonly type: 'error'; readonly message: string; readonly replyTo?: MessageId }
  | { readonly type: 'resize'; readonly height: number }
  | { readonly type: 'config'; readonly config: PageConfig; readonly replyTo?: MessageId };

export type WidgetMessage = WidgetEvent & { readonly source: typeof PROTOCOL_SOURCE; readonly version: typeof PROTOCOL_VERSION };

export const STATS_INTERVAL_MS = 500;
const MAX_ID_LENGTH = 200;
const HOST_KEYS = new Set(['source', 'version', 'id', 'type', 'config']);

export type ParsedHostMessage =
  | { readonly ok: true; readonly message: HostMessage }
  /** `replyTo` is the message's id when that much could be read. */
  | { readonly ok: false; readonly error: string; readonly replyTo?: MessageId };

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const describe = (x: unknown): string => {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (Array.isArray(x)) return 'an array';
  if (x === null) return 'null';
  return typeof x === 'object' ? 'an object' : String(x);
};

function readId(data: Record<string, unknown>): { id?: MessageId; problem?: string } {
  const id = data.id;
  if (id === undefined) return {};
  if ((typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isFinite(id))) return { id };
  return { problem: `"id" must be a string of at most ${MAX_ID_LENGTH} characters or a finite number, got ${describe(id)}` };
}

/** Checks a host message's envelope and shape (not the config's values: the page schema judges
 * those). Never throws: every refusal says why. */
export function parseHostMessage(data: unknown): ParsedHostMessage {
  try {
    return parseUnsafe(data);
  } catch (e) {
    // postMessage delivers plain data, but a direct caller may pass a throwing getter or Proxy.
    return { ok: false, error: `Unreadable message: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function parseUnsafe(data: unknown): ParsedHostMessage {
  if (!isRecord(data)) return { ok: false, error: `A message must be an object, got ${describe(data)}` };
  const problems: string[] = [];
  const { id, problem: idProblem } = readId(data);
  if (idProblem) problems.push(idProblem);
  if (data.source !== PROTOCOL_SOURCE) problems.push(`"source" must be "${PROTOCOL_SOURCE}", got ${describe(data.source)}`);
  if (data.version !== PROTOCOL_VERSION) {
    problems.push(`Unsupported protocol version ${describe(data.version)}: this widget speaks version ${PROTOCOL_VERSION}`);
  }
  const type = data.type;
  const command = COMMANDS.find((c) => c === type);
  if (!command) problems.push(`Unknown "type" ${describe(type)}: expected one of ${COMMANDS.join(', ')}`);
  const config = data.config;
  if (command === 'set' && !isRecord(config)) problems.push(`"set" needs a "config" object, got ${describe(config)}`);
  if (command && command !== 'set' && config !== undefined) problems.push(`"config" belongs to "set" only, not "${command}"`);
  const unknown = Object.keys(data).filter((k) => !HOST_KEYS.has(k));
  if (unknown.length) problems.push(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(describe).join(', ')}`);

  if (problems.length || !command) return { ok: false, error: problems.join('; '), ...(id !== undefined ? { replyTo: id } : {}) };
  const message: HostMessage = {
    source: PROTOCOL_SOURCE,
    version: PROTOCOL_VERSION,
    type: command,
    ...(id !== undefined ? { id } : {}),
    ...(command === 'set' ? { config: config as Record<string, unknown> } : {}),
  };
  return { ok: true, message };
}

/** Whether `data` is one of the widget's messages (what a host or the custom element listens for). */
export function isWidgetMessage(data: unknown): data is WidgetMessage {
  return isRecord(data) && data.source === PROTOCOL_SOURCE && data.version === PROTOCOL_VERSION
    && EVENTS.some((e) => e === data.type);
}

/** A widget message with its envelope. */
export function widgetMessage(event: WidgetEvent): WidgetMessage {
  return { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION, ...event };
}

/** A host message with its envelope (what the custom element sends). */
export function hostMessage(type: Command, rest: Pick<HostMessage, 'id' | 'config'> = {}): HostMessage {
  return { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION, type, ...rest };
}
