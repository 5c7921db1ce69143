import { useConfig } from '../state/config';
import { useNd } from '../state/nd';
import { addNotice, useRun } from '../state/run';
import { useStats } from '../state/stats';
import { EMBED_KEYS } from './embed-options';
import { applyPageConfig, currentPageConfig, pageQuery, preparePageConfig, queryInput, readPageConfig } from './schema';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Starts from the settings in the address bar; a notice explains any it had to ignore. */
export async function applyLink(search: string = window.location.search): Promise<void> {
  const { input, problems } = queryInput(search);
  try {
    await preparePageConfig(input);
  } catch (e) {
    addNotice({ key: 'url-compiler', level: 'warning', text: `The expression compiler did not load: ${errorText(e)}` });
  }
  const read = readPageConfig(input, currentPageConfig());
  applyPageConfig(read.patch);
  const all = [...problems, ...read.problems];
  if (all.length) addNotice({ key: 'url', level: 'warning', text: `Some settings in the link were ignored: ${all.join('; ')}` });
}

/** The query for what is on screen; the embed mode's own keys in `search` are kept. */
function shownQuery(search: string, options?: { readonly compressed?: boolean }): string {
  const query = pageQuery(currentPageConfig(), options);
  const current = new URLSearchParams(search);
  const embed = new URLSearchParams(EMBED_KEYS.flatMap((k) => current.getAll(k).map((v) => [k, v])));
  return embed.size > 0 ? `${query}&${embed}` : query;
}

/** A link that opens this page as it is now: the same run (seed included) and the same view. */
export function pageLink(options?: { readonly compressed?: boolean }): string {
  return `${window.location.origin}${window.location.pathname}${pageQuery(currentPageConfig(), options)}`;
}

/** Keeps the address bar on what is on screen, so copying it shares the run. */
export function keepLinkInSync(): () => void {
  const write = () => {
    if (!useRun.getState().applied) return;
    const query = shownQuery(window.location.search);
    if (query !== window.location.search) window.history.replaceState(null, '', query);
  };
  const unsubs = [
    useRun.subscribe((s, prev) => { if (s.applied !== prev.applied) write(); }),
    useConfig.subscribe((s, prev) => {
      if (s.stepsPerFrame !== prev.stepsPerFrame || s.tracedChains !== prev.tracedChains || s.mode !== prev.mode
        || s.view !== prev.view || s.playing !== prev.playing) write();
    }),
    useStats.subscribe((s, prev) => { if (s.open !== prev.open) write(); }),
    useNd.subscribe((s, prev) => { if (s.open !== prev.open) write(); }),
  ];
  write();
  return () => unsubs.forEach((u) => u());
}
