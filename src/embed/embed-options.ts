/** The panel an embedded widget shows under its particle view. */
export type EmbedPanel = 'none' | 'marginals' | 'diagnostics' | 'nd';
export const EMBED_PANELS: readonly EmbedPanel[] = ['none', 'marginals', 'diagnostics', 'nd'];

/** How the page is embedded (`?embed=1&…`): keys of their own, beside the run's settings. */
export interface EmbedOptions {
  /** The compact layout for an iframe instead of the full playground. */
  readonly embed: boolean;
  /** The settings form, folded under the view. */
  readonly controls: boolean;
  readonly panel: EmbedPanel;
  /** Starts playing (else paused until the reader presses Play). */
  readonly autoplay: boolean;
  /** Exact origins of host pages the widget talks to by postMessage. */
  readonly origins: readonly string[];
}

/** The query keys this module reads; a link to the full playground leaves them out. */
export const EMBED_KEYS = ['embed', 'controls', 'panel', 'autoplay', 'origins'] as const;

export const DEFAULT_EMBED_OPTIONS: EmbedOptions = { embed: false, controls: false, panel: 'none', autoplay: true, origins: [] };

/** An origin as `URL.origin` writes it (scheme, host, port; no path, no trailing slash). */
function originProblem(text: string): string | null {
  try {
    if (new URL(text).origin === text) return null;
  } catch {
    // Not a URL at all: reported below like any other malformed origin.
  }
  return `Ignored origin "${text}": not an exact origin such as https://example.org`;
}

/** Reads the embed keys of a query string; a malformed value keeps its default and says why. */
export function readEmbedOptions(search: string): { options: EmbedOptions; problems: string[] } {
  const query = new URLSearchParams(search);
  const problems: string[] = [];

  const flag = (key: 'embed' | 'controls' | 'autoplay'): boolean => {
    const text = query.get(key);
    if (text === '1' || text === '0') return text === '1';
    if (text !== null) problems.push(`Ignored "${key}=${text}": use ${key}=1 or ${key}=0`);
    return DEFAULT_EMBED_OPTIONS[key];
  };

  const panelText = query.get('panel');
  const panel = EMBED_PANELS.find((p) => p === panelText);
  if (panelText !== null && !panel) problems.push(`Ignored "panel=${panelText}": use one of ${EMBED_PANELS.join(', ')}`);

  const origins: string[] = [];
  // A trailing comma leaves an empty item: nothing to report.
  for (const text of (query.get('origins') ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '')) {
    const problem = originProblem(text);
    if (problem) problems.push(problem);
    else if (!origins.includes(text)) origins.push(text);
  }

  return {
    options: {
      embed: flag('embed'),
      controls: flag('controls'),
      panel: panel ?? DEFAULT_EMBED_OPTIONS.panel,
      autoplay: flag('autoplay'),
      origins,
    },
    problems,
  };
}

/** The same query without the embed keys: the run's settings, for the full playground. The other
 * parts are kept byte for byte (a compressed state must not be re-encoded). */
export function withoutEmbedKeys(search: string): string {
  const embedKey = (part: string) => (EMBED_KEYS as readonly string[]).includes(new URLSearchParams(part).keys().next().value ?? '');
  const rest = search.replace(/^\?/, '').split('&').filter((part) => part !== '' && !embedKey(part));
  return rest.length === 0 ? '' : `?${rest.join('&')}`;
}
