import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SAMPLERS } from '../../src/samplers';
import { TARGETS } from '../../src/targets';
import { HelpContent } from '../../src/ui/HelpOverlay';
import { SHORTCUTS } from '../../src/ui/shortcuts';

const html = renderToStaticMarkup(createElement(HelpContent, { current: 'hmc' }));
const count = (needle: string) => html.split(needle).length - 1;
/** renderToStaticMarkup escapes text as HTML does. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

describe('help overlay', () => {
  it('lists every sampler once with its description, and one line per parameter', () => {
    for (const s of SAMPLERS) {
      expect(count(`data-testid="help-sampler-${s.id}"`), s.id).toBe(1);
      expect(html).toContain(escaped(s.description));
      for (const spec of Object.values(s.params)) expect(html, `${s.id} ${spec.label}`).toContain(escaped(spec.doc));
    }
    const params = SAMPLERS.reduce((n, s) => n + Object.keys(s.params).length, 0);
    expect(count('data-testid="help-param"')).toBe(params);
  });

  it('gives every parameter its unit (where it has one), range and default', () => {
    for (const s of SAMPLERS) {
      for (const [key, spec] of Object.entries(s.params)) {
        const unit = spec.unit ? ` (${spec.unit})` : '';
        const range = `${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}]`;
        expect(html, `${s.id}.${key}`).toContain(`${escaped(spec.label + unit)}</span> ${range}, default ${spec.default}: `);
      }
    }
  });

  it('highlights the selected sampler only', () => {
    expect(count('aria-current="true"')).toBe(1);
    expect(html).toMatch(/class="help-sampler current" data-testid="help-sampler-hmc"/);
  });

  it('lists every target and every shortcut', () => {
    expect(count('data-testid="help-target"')).toBe(TARGETS.length);
    for (const t of TARGETS) expect(html).toContain(escaped(t.description));
    for (const s of SHORTCUTS) expect(html).toContain(`<kbd>${s.keys}</kbd>`);
  });
});
