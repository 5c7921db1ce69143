/**
 * The `<sampling-playground>` element's attributes and what they become: the widget's URL when it
 * loads, `set` commands afterwards. Plain functions (no DOM, no app), so the element stays tiny.
 */

/** Attributes for the run, by their link keys (src/embed/schema.ts), and the config field each sets. */
export const RUN_ATTRIBUTES = {
  target: 'target', sampler: 'sampler', expr: 'expression', d: 'd', chains: 'chains', seed: 'seed', steps: 'stepsPerFrame',
} as const;
const TEXT_FIELDS: readonly string[] = ['target', 'sampler', 'expression'];

/** The link's other keys (view, panels, compressed state, …): passed on as they are when the widget
 * loads, so a change reloads it. */
export const LINK_ATTRIBUTES = ['traced', 'mode', 'v', 'panels', 'play', 'z'] as const;

/** Attributes for the embed layout (src/embed/embed-options.ts): fixed when the widget loads too. */
export const EMBED_ATTRIBUTES = ['panel', 'controls', 'autoplay'] as const;

/** Where the widget lives, when not next to the element's script. */
export const SRC_BASE_ATTRIBUTE = 'src-base';

const isRun = (name: string): name is keyof typeof RUN_ATTRIBUTES => Object.hasOwn(RUN_ATTRIBUTES, name);
const loadOnly = (name: string) => ([...LINK_ATTRIBUTES, ...EMBED_ATTRIBUTES] as readonly string[]).includes(name);

/** The widget's address: the run, link and embed attributes as link keys, then `embed=1` and the
 * host's origin as the only one the widget obeys. Sampler parameters wait for `ready` (see paramsOf). */
export function widgetUrl(base: string, attributes: ReadonlyMap<string, string>, hostOrigin: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of attributes) if (isRun(name) || loadOnly(name)) query.set(name, value);
  query.set('embed', '1');
  query.set('origins', hostOrigin);
  return new URL(`?${query}`, base).href;
}

/** A run attribute's `set` config (numbers as numbers; what is not one is the widget's to refuse). */
export function runConfigOf(attributes: ReadonlyMap<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, value] of attributes) {
    if (!isRun(name)) continue;
    const field = RUN_ATTRIBUTES[name];
    // `steps="auto"` goes as it is: the widget reads it as automatic.
    config[field] = TEXT_FIELDS.includes(field) || value.trim() === '' || value.trim() === 'auto' ? value : Number(value);
  }
  return config;
}

/**
 * The sampler parameters among the attributes. HTML lowercases attribute names, so each is matched
 * to the running sampler's parameter ids ignoring case (`l` is L, `maxdepth` maxDepth); attributes
 * that match none (id, class, …) are not parameters. Null when none is given.
 */
export function paramsOf(attributes: ReadonlyMap<string, string>, current: Readonly<Record<string, number>>): Record<string, unknown> | null {
  const byLowerCase = new Map(Object.keys(current).map((k) => [k.toLowerCase(), k]));
  const params: Record<string, unknown> = {};
  for (const [name, value] of attributes) {
    const key = byLowerCase.get(name.toLowerCase());
    if (key !== undefined && !isRun(name) && !loadOnly(name)) params[key] = value.trim() === '' ? value : Number(value);
  }
  return Object.keys(params).length ? params : null;
}

/** Whether an attribute's change needs the widget reloaded rather than a `set`. */
export const reloads = (name: string) => loadOnly(name) || name === SRC_BASE_ATTRIBUTE;
