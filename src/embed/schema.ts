import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { resolveConfig } from '../engine/config';
import { EngineError } from '../engine/errors';
import { defaultParams } from '../engine/params';
import { validView } from '../render/plane-view';
import { findSampler } from '../samplers';
import { type ConfigState, MODES, stepsPerFrameProblem, toRunConfig, tracedChainsProblem, useConfig } from '../state/config';
import { useNd } from '../state/nd';
import { useRun } from '../state/run';
import { useStats } from '../state/stats';
import { targetOf } from '../targets';
import { CUSTOM_TARGET, customTarget, loadExpressionCompiler } from '../targets/custom';
import { dimensionOf } from '../targets/types';
import { EMBED_KEYS } from './embed-options';

/** Which optional panels are open. */
export interface Panels {
  readonly diagnostics: boolean;
  readonly nd: boolean;
}

/** Everything a link (or an embedding page's `set` command) carries. */
export interface PageConfig extends Pick<ConfigState,
  'target' | 'expression' | 'd' | 'sampler' | 'params' | 'chains' | 'seed' | 'stepsPerFrame' | 'tracedChains' | 'mode' | 'view' | 'playing'> {
  panels: Panels;
}

export interface PageConfigRead {
  readonly patch: Partial<PageConfig>;
  /** One sentence per ignored setting, for a notice. */
  readonly problems: string[];
}

/** Every field of PageConfig (the Record makes the compiler check that none is missing). */
const FIELDS: Record<keyof PageConfig, true> = {
  target: true, expression: true, d: true, sampler: true, params: true, chains: true, seed: true,
  stepsPerFrame: true, tracedChains: true, mode: true, view: true, panels: true, playing: true,
};
const PANELS: readonly (keyof Panels)[] = ['diagnostics', 'nd'];
/** Target and sampler ids are short; anything longer is not one (and is not echoed whole). */
const MAX_ID_LENGTH = 64;
/** Longest text quoted back in a problem. */
const QUOTE_LENGTH = 40;

/** Quotes user text in a problem, cut short when long. */
function quote(text: string): string {
  return text.length <= QUOTE_LENGTH ? `"${text}"` : `"${text.slice(0, QUOTE_LENGTH)}…" (${text.length} characters)`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (typeof v === 'string' ? quote(v) : Array.isArray(v) ? `a list of ${v.length}` : isRecord(v) ? 'an object' : String(v));

/** The page's own defaults: the stores' initial state. */
export function defaultPageConfig(): PageConfig {
  return pageConfigOf(useConfig.getInitialState(), {
    diagnostics: useStats.getInitialState().open, nd: useNd.getInitialState().open,
  });
}

function pageConfigOf(c: ConfigState, panels: Panels): PageConfig {
  const { target, expression, d, sampler, params, chains, seed, stepsPerFrame, tracedChains, mode, view, playing } = c;
  return { target, expression, d, sampler, params, chains, seed, stepsPerFrame, tracedChains, mode, view, playing, panels };
}

/** What the page shows now: the running configuration (the last one the engine accepted, while
 * an edit may still be typed or rejected) with the view, panels and mode around it. */
export function currentPageConfig(): PageConfig {
  const config = pageConfigOf(useConfig.getState(), { diagnostics: useStats.getState().open, nd: useNd.getState().open });
  const run = useRun.getState().applied;
  if (!run) return config;
  const { target, expression = config.expression, d, sampler, params, chains, seed } = run;
  return { ...config, target, expression, d, sampler, params, chains, seed, view: validView(config.view, d) };
}

/** Puts a (validated) patch into the stores; the session reconfigures from there. */
export function applyPageConfig(patch: Partial<PageConfig>): void {
  const { panels, ...config } = patch;
  useConfig.setState(config);
  if (!panels) return;
  useStats.setState({ open: panels.diagnostics });
  if (useNd.getState().open !== panels.nd) useNd.setState({ open: panels.nd, particles: null });
}

/** Loads what reading `input` needs (the expression compiler for a custom density). */
export async function preparePageConfig(input: Record<string, unknown>): Promise<void> {
  if (input.target === CUSTOM_TARGET || typeof input.expression === 'string') await loadExpressionCompiler();
}

/**
 * Validates `input` (PageConfig's fields, any of them, of any type) onto `base`. Every value that
 * is mistyped, out of range or rejected by the engine is dropped with its reason, so the result
 * always runs: what was dropped keeps `base`'s value. Never throws.
 */
export function readPageConfig(input: Record<string, unknown>, base: PageConfig): PageConfigRead {
  const problems: string[] = [];
  const patch: Partial<PageConfig> = {};
  if (!isRecord(input)) return { patch, problems: [`Ignored the settings: expected an object, got ${describe(input)}`] };
  const reject = (key: string, why: string) => problems.push(`Ignored "${key}": ${why}`);
  const has = (key: keyof PageConfig) => Object.hasOwn(input, key);
  const number = (key: 'd' | 'chains' | 'seed' | 'stepsPerFrame' | 'tracedChains') => {
    if (!has(key)) return;
    const v = input[key];
    if (typeof v === 'number' && Number.isFinite(v)) patch[key] = v;
    else reject(key, `expected a number${key === 'stepsPerFrame' ? ` or "${AUTO}"` : ''}, got ${describe(v)}`);
  };

  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(FIELDS, key)) reject(key.length > QUOTE_LENGTH ? quote(key) : key, `not a setting (known: ${Object.keys(FIELDS).join(', ')})`);
  }
  for (const key of ['target', 'sampler'] as const) {
    const v = input[key];
    if (!has(key)) continue;
    if (typeof v === 'string' && v.length <= MAX_ID_LENGTH) patch[key] = v;
    else reject(key, `expected an id, got ${describe(v)}`);
  }
  if (has('expression')) {
    const v = input.expression;
    const compiled = typeof v === 'string' ? customTarget(v) : null;
    if (!compiled) reject('expression', `expected text, got ${describe(v)}`);
    else if (compiled.ok) patch.expression = v as string;
    else problems.push(`Ignored your density: ${compiled.errors.map((e) => e.message).join('; ')}`);
  }
  for (const key of ['d', 'chains', 'seed', 'tracedChains'] as const) number(key);
  if (input.stepsPerFrame === null || input.stepsPerFrame === AUTO) patch.stepsPerFrame = null;
  else number('stepsPerFrame');
  for (const [key, check] of [['stepsPerFrame', stepsPerFrameProblem], ['tracedChains', tracedChainsProblem]] as const) {
    const v = patch[key];
    const problem = v === undefined || v === null ? null : check(v);
    if (problem) {
      problems.push(problem);
      delete patch[key];
    }
  }
  let params: Record<string, number> | undefined;
  if (has('params')) {
    if (!isRecord(input.params)) reject('params', `expected an object of numbers, got ${describe(input.params)}`);
    else {
      const entries = Object.entries(input.params).filter(([k, v]) => {
        const name = `params.${k.length > QUOTE_LENGTH ? quote(k) : k}`;
        if (k.length > MAX_ID_LENGTH) reject(name, 'no sampler has such a parameter');
        else if (typeof v !== 'number') reject(name, `expected a number, got ${describe(v)}`);
        else return true;
        return false;
      });
      // fromEntries defines keys as own properties, "__proto__" included.
      params = Object.fromEntries(entries) as Record<string, number>;
    }
  }
  if (has('mode')) {
    const v = input.mode;
    if (MODES.includes(v as never)) patch.mode = v as PageConfig['mode'];
    else reject('mode', `expected one of ${MODES.join(', ')}, got ${describe(v)}`);
  }
  if (has('playing')) {
    if (typeof input.playing === 'boolean') patch.playing = input.playing;
    else reject('playing', `expected true or false, got ${describe(input.playing)}`);
  }
  if (has('panels')) readPanels(input.panels, base.panels, patch, reject);

  readRun(patch, params, base, problems);

  if (has('view')) {
    const v = input.view;
    const d = patch.d ?? base.d;
    const pair = Array.isArray(v) && v.length === 2 ? v as [unknown, unknown] : null;
    if (pair && pair.every((k) => typeof k === 'number') && validView(pair as [number, number], d) === pair) {
      patch.view = [pair[0], pair[1]] as [number, number];
    } else {
      const got = Array.isArray(v) && v.length <= 4 ? v.map(describe).join(', ') : describe(v);
      reject('view', `expected two different coordinates in 0…${d - 1}, got ${got}`);
    }
  } else if (patch.target !== undefined || patch.expression !== undefined) {
    // A new target starts on its first two coordinates, as choosing it in the page does.
    patch.view = [0, 1];
  }
  return { patch, problems };
}

function readPanels(v: unknown, base: Panels, patch: Partial<PageConfig>, reject: (key: string, why: string) => void): void {
  if (!isRecord(v)) {
    reject('panels', `expected an object of ${PANELS.join(', ')}, got ${describe(v)}`);
    return;
  }
  const panels = { ...base };
  for (const [k, open] of Object.entries(v)) {
    if (!PANELS.includes(k as keyof Panels)) reject(`panels.${k.length > QUOTE_LENGTH ? quote(k) : k}`, `not a panel (known: ${PANELS.join(', ')})`);
    else if (typeof open !== 'boolean') reject(`panels.${k}`, `expected true or false, got ${describe(open)}`);
    else panels[k as keyof Panels] = open;
  }
  patch.panels = panels;
}

/** The run part (target to seed): fills what a new target or sampler implies, then lets the
 * engine judge, dropping each setting it rejects. */
function readRun(patch: Partial<PageConfig>, params: Record<string, number> | undefined, base: PageConfig, problems: string[]): void {
  const newTarget = patch.target !== undefined || patch.expression !== undefined;
  const target = targetOf({ target: patch.target ?? base.target, expression: patch.expression ?? base.expression });
  if (target && patch.d === undefined && newTarget) patch.d = dimensionOf(target);
  const sampler = findSampler(patch.sampler ?? base.sampler);
  if (sampler && (patch.sampler !== undefined || params)) {
    patch.params = { ...(patch.sampler !== undefined ? defaultParams(sampler.params) : base.params), ...params };
  }
  // Interacting particles start at their own count unless the link gives one (as choosing the
  // sampler in the page does).
  const particles = sampler?.interaction?.defaultParticles;
  if (particles && patch.sampler !== undefined && patch.chains === undefined) patch.chains = particles;
  // A dropped setting falls back to base's own value, so a second check passes when base is valid.
  for (let round = 0; round < 2; round++) {
    try {
      const run = resolveConfig(toRunConfig({ ...useConfig.getState(), ...base, ...patch }));
      // The engine ignores d where the target fixes it; the page must not keep another.
      if (patch.d !== undefined && patch.d !== run.d) {
        problems.push(`Ignored "d": ${run.target} has ${run.d} dimensions, got ${patch.d}`);
        patch.d = run.d;
      }
      return;
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      for (const p of e.problems) {
        problems.push(p.message);
        if (!dropRunField(patch, p.field, base)) return clearRun(patch);
      }
    }
  }
  clearRun(patch);
}

const RUN_FIELDS = ['target', 'expression', 'd', 'sampler', 'params', 'chains', 'seed'] as const;
const clearRun = (patch: Partial<PageConfig>) => RUN_FIELDS.forEach((f) => delete patch[f]);

/** Removes the setting an EngineError names; false when it names none we can drop. */
function dropRunField(patch: Partial<PageConfig>, field: string | undefined, base: PageConfig): boolean {
  switch (field) {
    case 'target':
    case 'expression':
      delete patch.target;
      delete patch.expression;
      delete patch.d;
      return true;
    case 'sampler': {
      delete patch.sampler;
      const s = findSampler(base.sampler);
      patch.params = s ? defaultParams(s.params) : base.params;
      return true;
    }
    case 'd':
    case 'chains':
    case 'seed':
      if (patch[field] === undefined) return false;
      delete patch[field];
      return true;
    default: {
      const params = patch.params;
      if (!field || !params || !(field in params)) return false;
      // Back to the sampler's default for that one parameter.
      const { [field]: _, ...rest } = params;
      const spec = findSampler(patch.sampler ?? base.sampler)?.params[field];
      patch.params = spec ? { ...rest, [field]: spec.default } : rest;
      return true;
    }
  }
}

// ---- The query string ----

/** `steps=auto` (and `stepsPerFrame: "auto"`): pieces sized to the device, the default. */
export const AUTO = 'auto';
/** The compressed form's key: lz-string's URI-safe encoding of the PageConfig as JSON. */
const COMPRESSED_KEY = 'z';
/** Over this, the short form gives way to the compressed one. */
export const MAX_SHORT_QUERY = 1500;
/** A compressed payload longer than this is not decoded (its output could be huge). */
const MAX_COMPRESSED = 20_000;

type NumberField = 'd' | 'chains' | 'seed' | 'stepsPerFrame' | 'tracedChains';
/** Short keys for the page's numbers; every other unknown key is a sampler parameter. */
const NUMBER_KEYS: Readonly<Record<string, NumberField>> = { d: 'd', chains: 'chains', seed: 'seed', steps: 'stepsPerFrame', traced: 'tracedChains' };
const TEXT_KEYS: Readonly<Record<string, 'target' | 'sampler' | 'expression' | 'mode'>> = {
  target: 'target', sampler: 'sampler', expr: 'expression', mode: 'mode',
};
/** Every key with a meaning of its own here (sampler parameters must not use them). */
export const PAGE_KEYS: readonly string[] = [...Object.keys(TEXT_KEYS), ...Object.keys(NUMBER_KEYS), 'v', 'panels', 'play', COMPRESSED_KEY];

/**
 * The link's query for `config`: short, readable keys (`?target=banana&sampler=hmc&eps=0.1&L=20&
 * chains=4096&seed=1`); the run's settings always (a link keeps its numbers when the
 * defaults change), the view, panels, mode and play state when they differ from the page's
 * defaults. Compressed (`?z=…`) when asked or when the short form is over MAX_SHORT_QUERY.
 */
export function pageQuery(config: PageConfig, options: { readonly compressed?: boolean } = {}): string {
  const defaults = defaultPageConfig();
  if (options.compressed) return `?${COMPRESSED_KEY}=${compressToEncodedURIComponent(JSON.stringify(config))}`;
  const q = new URLSearchParams({ target: config.target });
  if (config.target === CUSTOM_TARGET) q.set('expr', config.expression);
  if (targetOf(config)?.dimension.kind === 'param') q.set('d', String(config.d));
  q.set('sampler', config.sampler);
  for (const [k, v] of Object.entries(config.params)) q.set(k, String(v));
  q.set('chains', String(config.chains));
  q.set('seed', String(config.seed));
  // A value the page rejects (still typed in its field) is left out: the link opens with the
  // default (automatic).
  if (config.stepsPerFrame !== null && !stepsPerFrameProblem(config.stepsPerFrame)) q.set('steps', String(config.stepsPerFrame));
  if (!tracedChainsProblem(config.tracedChains) && config.tracedChains !== defaults.tracedChains) q.set('traced', String(config.tracedChains));
  if (config.mode !== defaults.mode) q.set('mode', config.mode);
  if (config.view.join() !== defaults.view.join()) q.set('v', config.view.join());
  if (PANELS.some((p) => config.panels[p] !== defaults.panels[p])) q.set('panels', PANELS.filter((p) => config.panels[p]).join());
  if (config.playing !== defaults.playing) q.set('play', config.playing ? '1' : '0');
  const short = `?${q}`;
  return short.length > MAX_SHORT_QUERY ? pageQuery(config, { compressed: true }) : short;
}

/** Turns a query string into readPageConfig's input (values typed, not yet judged). */
export function queryInput(search: string): { input: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const query = new URLSearchParams(search);
  const packed = query.get(COMPRESSED_KEY);
  // Spread, not assign: a "__proto__" key stays a plain (rejected) key.
  const input: Record<string, unknown> = packed !== null ? { ...unpack(packed, problems) } : {};
  const params: [string, number][] = [];
  const shown = (key: string, text: string) => quote(`${key}=${text}`);
  const number = (key: string, text: string): number | null => {
    const v = text.trim() === '' ? NaN : Number(text);
    if (Number.isFinite(v)) return v;
    problems.push(`Ignored ${shown(key, text)}: not a number`);
    return null;
  };

  for (const [key, text] of query) {
    if (key === COMPRESSED_KEY || (EMBED_KEYS as readonly string[]).includes(key)) continue;
    if (Object.hasOwn(TEXT_KEYS, key)) input[TEXT_KEYS[key]] = text;
    else if (key === 'steps' && text.trim() === AUTO) input.stepsPerFrame = null;
    else if (Object.hasOwn(NUMBER_KEYS, key)) {
      const v = number(key, text);
      if (v !== null) input[NUMBER_KEYS[key]] = v;
    } else if (key === 'v') {
      const pair = text.split(',');
      if (pair.length === 2 && pair.every((k) => /^\s*\d+\s*$/.test(k))) input.view = pair.map(Number);
      else problems.push(`Ignored ${shown(key, text)}: expected two coordinates, e.g. v=2,7`);
    } else if (key === 'panels') {
      input.panels = Object.fromEntries(PANELS.map((p) => [p, false]));
      for (const name of text.split(',').filter((n) => n !== '')) {
        if (PANELS.includes(name as keyof Panels)) (input.panels as Record<string, boolean>)[name] = true;
        else problems.push(`Ignored panel ${quote(name)}: known panels are ${PANELS.join(', ')}`);
      }
    } else if (key === 'play') {
      if (text === '0' || text === '1') input.playing = text === '1';
      else problems.push(`Ignored ${shown(key, text)}: expected play=0 or play=1`);
    } else if (key.length > MAX_ID_LENGTH) {
      problems.push(`Ignored a setting named ${quote(key)}: no setting has such a name`);
    } else {
      const v = number(key, text);
      if (v !== null) params.push([key, v]);
    }
  }
  if (params.length > 0) input.params = { ...(isRecord(input.params) ? input.params : {}), ...Object.fromEntries(params) };
  return { input, problems };
}

/** The compressed form's settings; a broken payload is a problem, never a throw. */
function unpack(packed: string, problems: string[]): Record<string, unknown> {
  const broken = (why: string) => {
    problems.push(`Ignored the compressed settings (${COMPRESSED_KEY}=…): ${why}`);
    return {};
  };
  if (packed.length > MAX_COMPRESSED) return broken(`${packed.length} characters, over the limit of ${MAX_COMPRESSED}`);
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(packed);
  } catch {
    json = null;
  }
  if (!json) return broken('they could not be decompressed');
  try {
    const value: unknown = JSON.parse(json);
    return isRecord(value) ? value : broken(`expected an object of settings, got ${describe(value)}`);
  } catch {
    return broken('they are not valid JSON');
  }
}

/** Reads a link's query onto `base` (see pageQuery); every problem is a sentence, never a throw.
 * A custom density needs preparePageConfig first. */
export function readQuery(search: string, base: PageConfig): PageConfigRead {
  const { input, problems } = queryInput(search);
  const read = readPageConfig(input, base);
  return { patch: read.patch, problems: [...problems, ...read.problems] };
}
