import { compressToEncodedURIComponent } from 'lz-string';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../src/engine/config';
import { defaultParams, paramProblem, type ParamSpec } from '../../src/engine/params';
import { validView } from '../../src/render/plane-view';
import { findSampler, SAMPLERS } from '../../src/samplers';
import { MODES, stepsPerFrameProblem, toRunConfig, tracedChainsProblem, useConfig } from '../../src/state/config';
import { useNd } from '../../src/state/nd';
import { useRun } from '../../src/state/run';
import { useStats } from '../../src/state/stats';
import { TARGETS } from '../../src/targets';
import { CUSTOM_TARGET, loadExpressionCompiler } from '../../src/targets/custom';
import {
  applyPageConfig, currentPageConfig, defaultPageConfig, MAX_SHORT_QUERY, PAGE_KEYS, type PageConfig, pageQuery,
  readPageConfig, readQuery,
} from '../../src/embed/schema';
import { EMBED_KEYS } from '../../src/embed/embed-options';

beforeAll(loadExpressionCompiler);

const base = defaultPageConfig();
const read = (search: string) => {
  const { patch, problems } = readQuery(search, base);
  const config: PageConfig = { ...base, ...patch };
  return { config, patch, problems, run: resolveConfig(toRunConfig({ ...useConfig.getState(), ...config })) };
};

/** A valid value other than the default, where the range has one. */
function otherValue(spec: ParamSpec): number {
  const candidates = spec.type === 'u32' ? [spec.default + 1, spec.default - 1]
    : [spec.default * 1.5, spec.default / 2, spec.default + 0.1, spec.default - 0.1];
  return candidates.find((v) => paramProblem('p', spec, v) === null) ?? spec.default;
}

describe('short links', () => {
  test('a well-formed link sets target, dimension, sampler, its parameters, chains and seed', () => {
    const { run, problems, patch } = read('?target=gaussian-nd&d=50&sampler=rwm&sigma=0.3&chains=1000&seed=9&steps=2');
    expect(problems).toEqual([]);
    expect(run).toMatchObject({ target: 'gaussian-nd', d: 50, sampler: 'rwm', params: { sigma: 0.3 }, chains: 1000, seed: 9 });
    expect(patch.stepsPerFrame).toBe(2);
  });

  test('mode, view, panels, traced chains and play state have short keys', () => {
    const { config, problems } = read('?target=funnel-nd&d=12&mode=explain&v=2,7&panels=nd&traced=16&play=0');
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ mode: 'explain', view: [2, 7], panels: { diagnostics: false, nd: true }, tracedChains: 16, playing: false });
    expect(read('?panels=').config.panels).toEqual({ diagnostics: false, nd: false });
  });

  test('a new target without d gets that target\'s own dimension; a fixed one keeps it', () => {
    expect(read('?target=funnel-nd').run.d).toBe(10);
    expect(read('?target=donut').run.d).toBe(2);
    expect(read('?target=donut&d=5')).toMatchObject({ config: { d: 2 }, problems: ['Ignored "d": donut has 2 dimensions, got 5'] });
  });

  test('each bad setting is dropped with its reason; the rest of the link still applies', () => {
    const { run, problems, config } = read('?target=nope&sampler=hmc&chains=-5&eps=abc&L=0&bogus=1&seed=4&steps=0&v=1,1&mode=fast&panels=nd,x&play=maybe');
    expect(run).toMatchObject({ target: base.target, sampler: 'hmc', chains: base.chains, seed: 4, params: { eps: 0.25, L: 10 } });
    expect(config).toMatchObject({ view: base.view, mode: base.mode, playing: base.playing, panels: { diagnostics: false, nd: true } });
    const text = problems.join('\n');
    for (const reason of [/Unknown target "nope"/, /Number of chains .* got -5/, /Ignored "eps=abc": not a number/,
      /Leapfrog steps L \(L\) must be in \[1, 1024\], got 0/, /no parameter "bogus"/, /Steps per frame/,
      /Ignored "view": expected two different coordinates in 0…1, got 1, 1/, /Ignored "mode": expected one of run, explain, compare, got "fast"/,
      /Ignored panel "x": known panels are diagnostics, nd/, /Ignored "play=maybe": expected play=0 or play=1/]) {
      expect(text).toMatch(reason);
    }
    expect(problems).toHaveLength(10);
  });

  test('an unknown sampler falls back to the current one with its parameters', () => {
    const { run, problems } = read('?sampler=nuts-ish&chains=512');
    expect(run).toMatchObject({ sampler: base.sampler, chains: 512 });
    expect(problems).toEqual([expect.stringMatching(/Unknown sampler "nuts-ish"/)]);
  });

  test('the embed mode\'s keys pass through without a word', () => {
    expect(read('?embed=1&controls=0&panel=diagnostics&autoplay=0&origins=https://a.example&target=gaussian').problems).toEqual([]);
  });

  test('a steps-per-frame value the page rejects is not written into the link', () => {
    expect(new URLSearchParams(pageQuery({ ...base, stepsPerFrame: 0 })).has('steps')).toBe(false);
    expect(new URLSearchParams(pageQuery({ ...base, stepsPerFrame: 16 })).get('steps')).toBe('16');
  });

  test('the page\'s defaults stay out of the link; the run is always in it', () => {
    const params = new URLSearchParams(Object.entries(base.params).map(([k, v]) => [k, String(v)]));
    expect(pageQuery(base)).toBe(`?target=banana&sampler=hmc&${params}&chains=4096&seed=1`);
  });

  test('steps are automatic by default; steps=auto and a config of null or "auto" ask for it', () => {
    expect(base.stepsPerFrame).toBeNull();
    expect(read('?steps=auto').patch).toMatchObject({ stepsPerFrame: null });
    expect(read('?steps=auto').problems).toEqual([]);
    expect(readPageConfig({ stepsPerFrame: null }, { ...base, stepsPerFrame: 8 }).patch.stepsPerFrame).toBeNull();
    expect(readPageConfig({ stepsPerFrame: 'auto' }, { ...base, stepsPerFrame: 8 }).patch.stepsPerFrame).toBeNull();
    expect(readPageConfig({ stepsPerFrame: 'fast' }, base).problems).toEqual(['Ignored "stepsPerFrame": expected a number or "auto", got "fast"']);
  });

  test('no sampler parameter shares a key with the page or the embed mode', () => {
    const taken = new Set([...PAGE_KEYS, ...EMBED_KEYS]);
    for (const s of SAMPLERS) for (const k of Object.keys(s.params)) expect(taken.has(k), `${s.id}.${k}`).toBe(false);
  });
});

describe('round trip: config → URL → config is the identity', () => {
  const expression = '-(x^2 + y^2)/2 + 0.3*x*y';
  const configs: PageConfig[] = [];
  for (const t of [...TARGETS.map((t) => t.id), CUSTOM_TARGET]) {
    for (const s of SAMPLERS) {
      const decl = TARGETS.find((x) => x.id === t);
      const d = decl?.dimension.kind === 'param' ? decl.dimension.default + 3 : 2;
      const params = Object.fromEntries(Object.entries(s.params).map(([k, spec]) => [k, otherValue(spec)]));
      configs.push({
        // The link carries an expression only where it is the target.
        ...base, target: t, expression: t === CUSTOM_TARGET ? expression : base.expression, d, sampler: s.id, params, chains: 777, seed: 4_000_000_000, stepsPerFrame: 7, tracedChains: 16,
        mode: 'explain', view: d > 2 ? [d - 1, 2] : [1, 0], panels: { diagnostics: false, nd: true }, playing: false,
      });
    }
  }

  test('for every target and sampler the engine accepts, in the short and the compressed form', () => {
    let tested = 0;
    for (const config of configs) {
      try {
        resolveConfig(toRunConfig({ ...useConfig.getState(), ...config }));
      } catch {
        continue; // e.g. a sampler that needs a closed-form smoothed score on a target without one
      }
      tested++;
      for (const compressed of [false, true]) {
        const query = pageQuery(config, { compressed });
        expect(query.startsWith('?z='), query).toBe(compressed);
        const { config: back, problems } = read(query);
        expect(problems, query).toEqual([]);
        expect(back, query).toEqual(config);
      }
    }
    expect(tested).toBeGreaterThan(0.9 * configs.length);
  });

  test('a long expression goes compressed on its own, and comes back', () => {
    const long = `-(x^2 + y^2)/2${' + 0.001*x*y'.repeat(150)}`;
    const config: PageConfig = { ...base, target: CUSTOM_TARGET, expression: long, d: 2 };
    const query = pageQuery(config);
    expect(query).toMatch(/^\?z=/);
    expect(query.length).toBeLessThan(MAX_SHORT_QUERY);
    expect(read(query)).toMatchObject({ config, problems: [] });
  });

  test('short settings beside a compressed form override it', () => {
    const query = `${pageQuery({ ...base, seed: 5 }, { compressed: true })}&seed=6`;
    expect(read(query).config.seed).toBe(6);
  });
});

describe('settings from an embedding page (typed values)', () => {
  test('every mistyped value is named with what was expected', () => {
    const { patch, problems } = readPageConfig({
      chains: '4096', playing: 'yes', view: [0, 0], panels: { nd: 1, foo: true }, mode: 7, extra: 1, params: { eps: 'big' }, target: 42,
    }, base);
    expect(problems).toEqual([
      'Ignored "extra": not a setting (known: target, expression, d, sampler, params, chains, seed, stepsPerFrame, tracedChains, mode, view, panels, playing)',
      'Ignored "target": expected an id, got 42',
      'Ignored "chains": expected a number, got "4096"',
      'Ignored "params.eps": expected a number, got "big"',
      'Ignored "mode": expected one of run, explain, compare, got 7',
      'Ignored "playing": expected true or false, got "yes"',
      'Ignored "panels.nd": expected true or false, got 1',
      'Ignored "panels.foo": not a panel (known: diagnostics, nd)',
      'Ignored "view": expected two different coordinates in 0…1, got 0, 0',
    ]);
    expect(patch).toEqual({ params: base.params, panels: base.panels });
    expect(readPageConfig(null as never, base)).toEqual({ patch: {}, problems: ['Ignored the settings: expected an object, got null'] });
  });

  test('a new sampler starts from its defaults; params alone merge into the current ones', () => {
    expect(readPageConfig({ sampler: 'rwm', params: { sigma: 2 } }, base).patch.params).toEqual({ ...defaultParams(findSampler('rwm')!.params), sigma: 2 });
    expect(readPageConfig({ params: { eps: 0.5 } }, base).patch.params).toEqual({ ...base.params, eps: 0.5 });
  });

  test('applyPageConfig fills the stores; currentPageConfig reads back what is running', () => {
    const patch = readQuery('?target=gaussian-nd&d=5&sampler=rwm&seed=3&v=3,4&panels=nd&mode=compare', base).patch;
    applyPageConfig(patch);
    expect(useStats.getState().open).toBe(false);
    expect(useNd.getState().open).toBe(true);
    expect(currentPageConfig()).toEqual({ ...base, ...patch });
    // The run on screen wins over a setting still being typed.
    useRun.setState({ applied: resolveConfig(toRunConfig(useConfig.getState())) });
    useConfig.getState().set({ chains: NaN });
    expect(currentPageConfig().chains).toBe(base.chains);
    applyPageConfig(base);
    useRun.setState({ applied: null });
  });
});

/** Mulberry32: the fuzzed links are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('1,000 fuzzed links', () => {
  const rand = random(20240801);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const KEYS = [...PAGE_KEYS, ...EMBED_KEYS, 'eps', 'L', 'sigma', 'w', 'maxDepth', 'bogus', '', 'é', '%', 'a'.repeat(200)];
  const huge = () => pick(['x', '9', '%', '€', '&']).repeat(100_000);
  const garbage = () => pick(['%', '%E0%A4%A', '%ZZ', '%00', '%FF%FE', '\u0000', '+', '&&&=', '=', '%26%3D', '\uD800']);
  const values = (): string => pick([
    () => String(Math.floor(rand() * 1e6) - 5e5),
    () => String(rand() * 10 - 5),
    () => pick(['NaN', 'Infinity', '-0', '1e400', '0x10', '', ' ', 'true', '1,2,3', '2,', ',', '1.5,2']),
    () => pick([...TARGETS.map((t) => t.id), ...SAMPLERS.map((s) => s.id), ...MODES, 'custom', 'diagnostics,nd,x']),
    huge,
    garbage,
    () => compressToEncodedURIComponent(pick(['{', '[1,2]', 'null', '"x"', '{"chains":"a","view":{},"panels":[]}', '{"__proto__":{"seed":3}}'])),
    () => compressToEncodedURIComponent(JSON.stringify({ ...base, seed: -1, target: 'x'.repeat(1000) })).slice(0, 30),
    () => Array.from({ length: 1 + Math.floor(rand() * 60) }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join(''),
  ])();
  /** Each link carries at least one setting that must be reported. */
  const surelyBad = () => pick(['zzz=1', 'chains=-1', 'seed=abc', 'z=%%%broken', 'v=9,9,9', 'panels=foo', 'play=2', 'steps=0', `${'k'.repeat(500)}=1`]);
  /** Percent-encodes, or leaves as is what cannot be (a lone surrogate). */
  const encode = (text: string) => (/[\uD800-\uDFFF]/.test(text) ? text : encodeURIComponent(text));
  const links = Array.from({ length: 1000 }, () => {
    const parts = Array.from({ length: Math.floor(rand() * 8) }, () =>
      rand() < 0.1 ? garbage() : `${encode(pick(KEYS))}=${rand() < 0.5 ? encode(values()) : values()}`);
    parts.splice(Math.floor(rand() * (parts.length + 1)), 0, surelyBad());
    return `?${parts.join('&')}`;
  });

  test('never throw, explain every problem in a sentence, and always give a config the page runs', () => {
    for (const link of links) {
      const { patch, problems } = readQuery(link, base);
      expect(problems.length, link.slice(0, 200)).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p, link.slice(0, 200)).toMatch(/^[A-Z]/);
        expect(p.length, p.slice(0, 200)).toBeLessThan(600);
      }
      const config: PageConfig = { ...base, ...patch };
      expect(() => resolveConfig(toRunConfig({ ...useConfig.getState(), ...config })), link.slice(0, 200)).not.toThrow();
      expect(stepsPerFrameProblem(config.stepsPerFrame)).toBeNull();
      expect(tracedChainsProblem(config.tracedChains)).toBeNull();
      expect(MODES).toContain(config.mode);
      expect(validView(config.view, config.d), link.slice(0, 200)).toBe(config.view);
      expect(typeof config.playing).toBe('boolean');
      expect(Object.values(config.panels).every((v) => typeof v === 'boolean')).toBe(true);
    }
  });
});

describe('interacting particles start at their own count', () => {
  test('choosing SVGD in the page or by a link without chains gives its default particles; leaving it gives the page\'s chains back', () => {
    const svgd = findSampler('svgd')!;
    const particles = svgd.interaction!.defaultParticles;
    expect(particles).toBeLessThan(4096);
    expect(read('?sampler=svgd').run.chains).toBe(particles);
    expect(read('?sampler=svgd&chains=2048').run.chains).toBe(2048);
    const before = useConfig.getState();
    before.setSampler('svgd');
    expect(useConfig.getState().chains).toBe(particles);
    useConfig.getState().setSampler('hmc');
    expect(useConfig.getState().chains).toBe(4096);
    useConfig.getState().setSampler('svgd');
    useConfig.getState().set({ chains: 512 });
    useConfig.getState().setSampler('mala');
    expect(useConfig.getState().chains).toBe(512);
    useConfig.setState({ sampler: before.sampler, params: before.params, chains: before.chains });
  });
});
