import { describe, expect, it } from 'vitest';
import {
  EMBED_ATTRIBUTES, LINK_ATTRIBUTES, paramsOf, reloads, RUN_ATTRIBUTES, runConfigOf, widgetUrl,
} from '../../src/embed/element-attributes';
import { EMBED_KEYS } from '../../src/embed/embed-options';
import { currentPageConfig, PAGE_KEYS, pageQuery, queryInput, readPageConfig } from '../../src/embed/schema';
import { elementSnippet, iframeSnippet } from '../../src/embed/snippets';

const attrs = (o: Record<string, string>) => new Map(Object.entries(o));

describe('the element\'s attributes follow the link\'s keys', () => {
  it('run and link attributes are exactly the link\'s page keys; embed attributes are embed keys', () => {
    expect([...Object.keys(RUN_ATTRIBUTES), ...LINK_ATTRIBUTES].sort()).toEqual([...PAGE_KEYS].sort());
    for (const k of EMBED_ATTRIBUTES) expect(EMBED_KEYS).toContain(k);
  });

  it('each run attribute sets the config field its link key sets', () => {
    for (const [key, field] of Object.entries(RUN_ATTRIBUTES)) {
      expect(Object.keys(queryInput(`?${key}=${key === 'expr' ? 'x' : '3'}`).input)).toEqual([field]);
    }
  });
});

describe('widgetUrl', () => {
  it('carries run, link and embed attributes, then embed=1 and the host origin; nothing else', () => {
    const url = new URL(widgetUrl('http://w.example/app/', attrs({
      target: 'banana', sampler: 'hmc', chains: '1024', l: '20', class: 'big', panel: 'diagnostics', v: '0,1', origins: 'http://evil', embed: '0',
    }), 'http://host.example'));
    expect(url.origin + url.pathname).toBe('http://w.example/app/');
    expect([...url.searchParams]).toEqual([
      ['target', 'banana'], ['sampler', 'hmc'], ['chains', '1024'], ['panel', 'diagnostics'], ['v', '0,1'],
      ['embed', '1'], ['origins', 'http://host.example'],
    ]);
  });
});

describe('runConfigOf and paramsOf', () => {
  it('numbers become numbers, text stays text, and non-numbers are left for the widget to refuse', () => {
    expect(runConfigOf(attrs({ target: 'gaussian', steps: '8', seed: 'x', chains: '', expr: '-x^2', id: 'a' })))
      .toEqual({ target: 'gaussian', stepsPerFrame: 8, seed: NaN, chains: '', expression: '-x^2' });
  });

  it('matches lowercased attribute names to the sampler\'s parameter ids; others are not parameters', () => {
    const current = { eps: 0.1, L: 10, jitterL: 0, maxDepth: 10 };
    expect(paramsOf(attrs({ l: '20', maxdepth: '8', EPS: '0.2', class: 'x', seed: '3', target: 'banana' }), current))
      .toEqual({ L: 20, maxDepth: 8, eps: 0.2 });
    expect(paramsOf(attrs({ class: 'x' }), current)).toBeNull();
  });

  it('the widget\'s schema accepts what they produce', () => {
    const base = currentPageConfig();
    const params = paramsOf(attrs({ l: '12', eps: '0.05' }), base.params)!;
    const { patch, problems } = readPageConfig({ ...runConfigOf(attrs({ target: 'gaussian', chains: '256' })), params }, base);
    expect(problems).toEqual([]);
    expect(patch).toMatchObject({ target: 'gaussian', chains: 256, params: { L: 12, eps: 0.05 } });
  });

  it('layout and link-only attributes reload; run attributes and parameters do not', () => {
    expect(['panel', 'controls', 'autoplay', 'src-base', 'z', 'v'].every(reloads)).toBe(true);
    expect(['target', 'sampler', 'seed', 'l', 'eps'].some(reloads)).toBe(false);
  });
});

describe('snippets', () => {
  const page = 'https://play.example/sub/';
  const query = pageQuery(currentPageConfig());

  it('the iframe opens the current state in embed mode, its URL escaped for the attribute', () => {
    const html = iframeSnippet(page, query);
    const src = attributeOf(html, 'src');
    expect(src).toBe(`${page}${query}&embed=1`);
    expect(html).not.toMatch(/&(?!amp;)/);
    expect(html).toMatch(/title="Sampling playground"/);
  });

  it('the element carries every key of the link as an attribute, and loads its script beside the page', () => {
    const html = elementSnippet(page, query);
    expect(html).toContain('<script src="https://play.example/sub/sampling-playground.js"></script>');
    for (const [k, v] of new URLSearchParams(query)) expect(html).toContain(` ${k}="${v}"`);
  });

  it('quotes and markup in a value are escaped', () => {
    expect(elementSnippet(page, '?expr=%22%3Cb%3E%26')).toContain('expr="&quot;&lt;b&gt;&amp;"');
  });
});

/** One double-quoted attribute read back as HTML would (the four escapes used). */
function attributeOf(html: string, name: string): string {
  const raw = new RegExp(` ${name}="([^"]*)"`).exec(html)?.[1] ?? '';
  return raw.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
