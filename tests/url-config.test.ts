import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../src/engine/config';
import { toRunConfig, useConfig } from '../src/state/config';
import { readUrlConfig, urlQueryOf } from '../src/state/url-config';

const base = useConfig.getState();
const resolvedFrom = (search: string) => {
  const { patch, problems } = readUrlConfig(search, base);
  return { run: resolveConfig(toRunConfig({ ...base, ...patch })), patch, problems };
};

describe('settings in the URL', () => {
  test('a well-formed link sets target, dimension, sampler, its parameters, chains and seed', () => {
    const { run, problems, patch } = resolvedFrom('?target=gaussian-nd&d=50&sampler=rwm&sigma=0.3&chains=1000&seed=9&steps=2');
    expect(problems).toEqual([]);
    expect(run).toMatchObject({ target: 'gaussian-nd', d: 50, sampler: 'rwm', params: { sigma: 0.3 }, chains: 1000, seed: 9 });
    expect(patch.stepsPerFrame).toBe(2);
  });

  test('a new target without d gets that target\'s own dimension', () => {
    expect(resolvedFrom('?target=funnel-nd').run.d).toBe(10);
    expect(resolvedFrom('?target=donut').run.d).toBe(2);
  });

  test('each bad setting is dropped with its reason; the rest of the link still applies', () => {
    const { run, problems } = resolvedFrom('?target=nope&sampler=hmc&chains=-5&eps=abc&L=0&bogus=1&seed=4&steps=0');
    expect(run).toMatchObject({ target: base.target, sampler: 'hmc', chains: base.chains, seed: 4, params: { eps: 0.25, L: 10 } });
    const text = problems.join('\n');
    for (const reason of [/Unknown target "nope"/, /Number of chains .* got -5/, /Ignored "eps=abc": not a number/,
      /Leapfrog steps L \(L\) must be in \[1, 1024\], got 0/, /no parameter "bogus"/, /Steps per frame/]) {
      expect(text).toMatch(reason);
    }
    expect(problems).toHaveLength(6);
  });

  test('an unknown sampler falls back to the current one with its parameters', () => {
    const { run, problems } = resolvedFrom('?sampler=nuts-ish&chains=512');
    expect(run).toMatchObject({ sampler: base.sampler, chains: 512 });
    expect(problems).toEqual([expect.stringMatching(/Unknown sampler "nuts-ish"/)]);
  });

  test('the query written for a run reads back as the same run', () => {
    const first = resolveConfig({ target: 'banana-nd', d: 12, sampler: 'hmc', params: { eps: 0.1, L: 7 }, chains: 333, seed: 5 });
    const query = urlQueryOf(first, 3);
    const { run, problems, patch } = resolvedFrom(query);
    expect(problems).toEqual([]);
    expect(patch.stepsPerFrame).toBe(3);
    expect(run).toMatchObject({ target: 'banana-nd', d: 12, sampler: 'hmc', params: { eps: 0.1, L: 7 }, chains: 333, seed: 5 });
  });

  test('a steps-per-frame value the page rejects is not written into the link', () => {
    const run = resolveConfig({ target: 'gaussian', sampler: 'rwm', chains: 10, seed: 1 });
    expect(new URLSearchParams(urlQueryOf(run, 0)).has('steps')).toBe(false);
    expect(new URLSearchParams(urlQueryOf(run, 16)).get('steps')).toBe('16');
  });
});
