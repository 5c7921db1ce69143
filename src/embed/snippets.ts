/** The HTML an author pastes to embed the current state: an iframe, or the custom element. */

/** Escapes text for a double-quoted HTML attribute. */
const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `page` is the playground's address without a query; `query` a link's (pageQuery). */
export function iframeSnippet(page: string, query: string): string {
  return `<iframe src="${attribute(`${page}${query}&embed=1`)}" title="Sampling playground" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
}

/** The element takes the link's keys as attributes (sampler parameters too, in any case). */
export function elementSnippet(page: string, query: string): string {
  const attributes = [...new URLSearchParams(query)].map(([k, v]) => ` ${k}="${attribute(v)}"`).join('');
  return `<script src="${attribute(new URL('sampling-playground.js', page).href)}"></script>\n<sampling-playground${attributes}></sampling-playground>`;
}
