import { describe, expect, test } from 'vitest';
import { DEFAULT_EMBED_OPTIONS, readEmbedOptions, withoutEmbedKeys } from '../../src/embed/embed-options';

describe('embed options in the URL', () => {
  test('no embed keys: the full page with the defaults, nothing to report', () => {
    expect(readEmbedOptions('?target=banana&sampler=hmc')).toEqual({ options: DEFAULT_EMBED_OPTIONS, problems: [] });
    expect(DEFAULT_EMBED_OPTIONS).toEqual({ embed: false, controls: false, panel: 'none', autoplay: true, origins: [] });
  });

  test('every key read', () => {
    const { options, problems } = readEmbedOptions(
      '?embed=1&controls=1&panel=diagnostics&autoplay=0&origins=https://a.example,http://localhost:8080&target=donut');
    expect(problems).toEqual([]);
    expect(options).toEqual({
      embed: true, controls: true, panel: 'diagnostics', autoplay: false, origins: ['https://a.example', 'http://localhost:8080'],
    });
  });

  test.each(['none', 'marginals', 'diagnostics', 'nd'] as const)('panel=%s', (panel) => {
    expect(readEmbedOptions(`?embed=1&panel=${panel}`).options.panel).toBe(panel);
  });

  test('malformed values keep their defaults, each with its reason', () => {
    const { options, problems } = readEmbedOptions('?embed=yes&controls=2&panel=trace&autoplay=&origins=');
    expect(options).toEqual(DEFAULT_EMBED_OPTIONS);
    expect([...problems].sort()).toEqual([
      'Ignored "autoplay=": use autoplay=1 or autoplay=0',
      'Ignored "controls=2": use controls=1 or controls=0',
      'Ignored "embed=yes": use embed=1 or embed=0',
      'Ignored "panel=trace": use one of none, marginals, diagnostics, nd',
    ]);
  });

  test('only exact origins are kept: no path, no trailing slash, no wildcard, no bare host', () => {
    const origins = ['https://ok.example', 'https://ok.example/', 'https://a.example/page', '*', 'a.example', 'null',
      'https://ok.example', ' https://b.example:8443 ', ''];
    const { options, problems } = readEmbedOptions(`?embed=1&origins=${encodeURIComponent(origins.join(','))}`);
    expect(options.origins).toEqual(['https://ok.example', 'https://b.example:8443']);
    expect(problems).toEqual(['https://ok.example/', 'https://a.example/page', '*', 'a.example', 'null'].map(
      (o) => `Ignored origin "${o}": not an exact origin such as https://example.org`));
  });
});

describe('the link to the full playground', () => {
  test('drops the embed keys and keeps every other part byte for byte', () => {
    expect(withoutEmbedKeys('?embed=1&target=banana&panel=nd&eps=0.1&controls=1&autoplay=0&origins=https%3A%2F%2Fa.example&L=20'))
      .toBe('?target=banana&eps=0.1&L=20');
    // A compressed state (lz-string's alphabet has + and $) must reach the full page unchanged.
    expect(withoutEmbedKeys('?z=N4Ig+ba$nA-x&embed=1')).toBe('?z=N4Ig+ba$nA-x');
    expect(withoutEmbedKeys('?expr=-(x%5E2%20%2B%20y%5E2)%2F2&embed=1')).toBe('?expr=-(x%5E2%20%2B%20y%5E2)%2F2');
  });

  test('an encoded embed key is still an embed key; nothing left is an empty query', () => {
    expect(withoutEmbedKeys('?%65mbed=1&seed=3')).toBe('?seed=3');
    expect(withoutEmbedKeys('?embed=1&panel=none')).toBe('');
    expect(withoutEmbedKeys('')).toBe('');
  });
});
