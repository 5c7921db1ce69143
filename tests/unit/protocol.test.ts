import { describe, expect, it } from 'vitest';
import {
  COMMANDS, EVENTS, hostMessage, isWidgetMessage, parseHostMessage, PROTOCOL_SOURCE, PROTOCOL_VERSION, widgetMessage,
} from '../../src/embed/protocol';
import { HostRandom } from '../../src/rng/host-random';

const envelope = { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION };

describe('parseHostMessage: valid commands', () => {
  it.each(COMMANDS.filter((c) => c !== 'set'))('%s, with and without an id', (type) => {
    expect(parseHostMessage({ ...envelope, type })).toEqual({ ok: true, message: { ...envelope, type } });
    expect(parseHostMessage({ ...envelope, type, id: 7 })).toEqual({ ok: true, message: { ...envelope, type, id: 7 } });
    expect(parseHostMessage({ ...envelope, type, id: 'a' })).toEqual({ ok: true, message: { ...envelope, type, id: 'a' } });
  });

  it('set carries its config through untouched (the page schema judges the values)', () => {
    const config = { target: 'gaussian', chains: 'many', params: { eps: 0.1 } };
    expect(parseHostMessage({ ...envelope, type: 'set', id: 1, config })).toEqual({ ok: true, message: { ...envelope, type: 'set', id: 1, config } });
    expect(parseHostMessage({ ...envelope, type: 'set', config: {} })).toEqual({ ok: true, message: { ...envelope, type: 'set', config: {} } });
  });

  it('the element\'s own messages parse', () => {
    for (const type of COMMANDS) {
      const msg = hostMessage(type, { id: 3, ...(type === 'set' ? { config: { seed: 2 } } : {}) });
      expect(parseHostMessage(msg)).toEqual({ ok: true, message: msg });
    }
  });
});

describe('parseHostMessage: refusals name the reason', () => {
  it.each([
    [{ ...envelope, version: 2, type: 'play' }, /version 2.*version 1/],
    [{ ...envelope, version: '1', type: 'play' }, /version "1"/],
    [{ source: PROTOCOL_SOURCE, type: 'play' }, /version undefined/],
    [{ ...envelope, source: 'other', type: 'play' }, /"source" must be "sampling-playground", got "other"/],
    [{ ...envelope, type: 'jump' }, /Unknown "type" "jump": expected one of play, pause, step, reset, set, get/],
    [{ ...envelope, type: 'set' }, /"set" needs a "config" object, got undefined/],
    [{ ...envelope, type: 'set', config: [1] }, /"set" needs a "config" object, got an array/],
    [{ ...envelope, type: 'play', config: {} }, /"config" belongs to "set" only, not "play"/],
    [{ ...envelope, type: 'play', id: { a: 1 } }, /"id" must be a string .* got an object/],
    [{ ...envelope, type: 'play', id: NaN }, /"id" must be .* got NaN/],
    [{ ...envelope, type: 'play', id: 'x'.repeat(201) }, /"id" must be a string of at most 200/],
    [{ ...envelope, type: 'play', confg: {} }, /Unknown field "confg"/],
    ['play', /must be an object, got "play"/],
    [null, /must be an object, got null/],
    [[envelope], /must be an object, got an array/],
  ])('%j', (data, reason) => {
    const r = parseHostMessage(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(reason);
  });

  it('a refusal carries the id back when it could be read', () => {
    expect(parseHostMessage({ ...envelope, version: 9, type: 'get', id: 'q1' })).toMatchObject({ ok: false, replyTo: 'q1' });
    expect(parseHostMessage({ ...envelope, version: 9, type: 'get', id: {} })).not.toHaveProperty('replyTo');
  });

  it('a throwing getter is refused, not thrown', () => {
    const data = { ...envelope, get type(): string { throw new Error('boom'); } };
    expect(parseHostMessage(data)).toEqual({ ok: false, error: 'Unreadable message: boom' });
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: valid messages with one to three corruptions each (every corruption alone makes the
// message invalid), and random values.

type Rand = () => number;
const pick = <T>(r: Rand, a: readonly T[]): T => a[Math.floor(r() * a.length)];

function junk(r: Rand, depth = 2): unknown {
  switch (Math.floor(r() * 9)) {
    case 0: return null;
    case 1: return undefined;
    case 2: return (r() - 0.5) * 10 ** Math.floor(r() * 20);
    case 3: return pick(r, [NaN, Infinity, -Infinity, -0, 1.5]);
    case 4: return Array.from({ length: Math.floor(r() * 30) }, () => String.fromCodePoint(Math.floor(r() * 0xd7ff))).join('');
    case 5: return r() < 0.5;
    case 6: return depth > 0 ? Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth - 1)) : [];
    case 7: return depth > 0 ? Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, k) => [`k${k}`, junk(r, depth - 1)])) : {};
    default: return pick(r, [...COMMANDS, ...EVENTS, PROTOCOL_SOURCE]);
  }
}

/** Each corruption, applied alone to a valid message, makes it invalid; `why` matches its reason. */
const CORRUPTIONS: readonly { readonly why: RegExp; apply(m: Record<string, unknown>, r: Rand): void }[] = [
  { why: /source/, apply: (m, r) => { m.source = pick(r, ['', 'Sampling-Playground', 'sampling-playground ', 1, null, undefined]); } },
  { why: /version/, apply: (m, r) => { m.version = pick(r, [0, 2, 1.5, '1', null, undefined, [1]]); } },
  { why: /"type"/, apply: (m, r) => { m.type = pick(r, ['', 'Play', 'stats', 'ready', 'toggle', 0, null, undefined, {}]); } },
  { why: /"id"/, apply: (m, r) => { m.id = pick(r, [NaN, Infinity, null, true, {}, [], 'i'.repeat(300)]); } },
  { why: /Unknown field/, apply: (m, r) => { m[pick(r, ['cfg', 'ID', 'payload', '__proto__x', 'Type'])] = junk(r); } },
  {
    why: /config/,
    apply: (m, r) => {
      if (m.type === 'set') m.config = pick(r, [undefined, null, 3, 'target=banana', [], [{}]]);
      else m.config = { target: 'gaussian' };
    },
  },
];

describe('fuzz: 1,000 seeded malformed messages', () => {
  const rng = new HostRandom(8, 0, 'init');
  const r = () => rng.uniform();

  it('never throw, are refused, and say why', () => {
    let corrupted = 0;
    for (let i = 0; i < 1000; i++) {
      if (i % 5 === 0) {
        // A random value as the message: refused unless it happens to be valid (it never is).
        const data = junk(r);
        const result = parseHostMessage(data);
        expect(result.ok, JSON.stringify(data)).toBe(false);
        if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
        continue;
      }
      const type = pick(r, COMMANDS);
      const message: Record<string, unknown> = { ...envelope, type, ...(r() < 0.5 ? { id: i } : {}), ...(type === 'set' ? { config: { seed: i } } : {}) };
      const chosen = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, CORRUPTIONS));
      for (const c of chosen) c.apply(message, r);
      const result = parseHostMessage(message);
      expect(result.ok, JSON.stringify(message)).toBe(false);
      if (result.ok) continue;
      // Alone, a corruption's reason is named (several may interact: a new type changes whether a
      // config belongs).
      if (chosen.length === 1) expect(result.error, JSON.stringify(message)).toMatch(chosen[0].why);
      corrupted++;
    }
    expect(corrupted).toBe(800);
  });
});

describe('widget messages', () => {
  it('carry the envelope and are recognised; host messages are not widget messages', () => {
    const m = widgetMessage({ type: 'resize', height: 420 });
    expect(m).toEqual({ ...envelope, type: 'resize', height: 420 });
    expect(isWidgetMessage(m)).toBe(true);
    expect(isWidgetMessage(hostMessage('play'))).toBe(false);
    expect(isWidgetMessage({ ...m, version: 2 })).toBe(false);
    expect(isWidgetMessage('resize')).toBe(false);
  });
});
