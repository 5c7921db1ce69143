import { resolveConfig } from '../engine/config';
import { EngineError } from '../engine/errors';
import { defaultParams } from '../engine/params';
import type { ResolvedConfig } from '../engine/types';
import { findSampler } from '../samplers';
import { targetOf } from '../targets';
import { dimensionOf } from '../targets/types';
import { type ConfigState, stepsPerFrameProblem, toRunConfig } from './config';

/** The part of the page's state a link carries. */
export type UrlPatch = Partial<Pick<ConfigState, 'target' | 'expression' | 'd' | 'sampler' | 'params' | 'chains' | 'seed' | 'stepsPerFrame'>>;

export interface UrlConfig {
  readonly patch: UrlPatch;
  /** One sentence per ignored setting, for a notice. */
  readonly problems: string[];
}

const NUMERIC = ['d', 'chains', 'seed'] as const;

/**
 * Reads `?target=…&sampler=…&d=…&chains=…&seed=…&steps=…&<sampler param>=…` onto `base`. Every
 * setting the engine would reject is dropped with its reason, so a bad link still opens a running
 * page (the defaults stand in for what was dropped).
 */
export function readUrlConfig(search: string, base: ConfigState): UrlConfig {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  const patch: UrlPatch = {};
  const urlParams: Record<string, number> = {};

  const number = (key: string, text: string): number | null => {
    const v = text.trim() === '' ? NaN : Number(text);
    if (Number.isFinite(v)) return v;
    problems.push(`Ignored "${key}=${text}": not a number`);
    return null;
  };

  for (const [key, text] of query) {
    if (key === 'target' || key === 'sampler') {
      patch[key] = text;
      continue;
    }
    if (key === 'expr') {
      patch.expression = text;
      continue;
    }
    const v = number(key, text);
    if (v === null) continue;
    if (key === 'steps') patch.stepsPerFrame = v;
    else if ((NUMERIC as readonly string[]).includes(key)) patch[key as 'd' | 'chains' | 'seed'] = v;
    else urlParams[key] = v;
  }

  const target = targetOf({ target: patch.target ?? base.target, expression: patch.expression ?? base.expression });
  if (target && patch.d === undefined && patch.target !== undefined) patch.d = dimensionOf(target);
  const sampler = findSampler(patch.sampler ?? base.sampler);
  if (sampler) patch.params = { ...(patch.sampler ? defaultParams(sampler.params) : base.params), ...urlParams };

  if (patch.stepsPerFrame !== undefined) {
    const problem = stepsPerFrameProblem(patch.stepsPerFrame);
    if (problem) {
      problems.push(problem);
      delete patch.stepsPerFrame;
    }
  }

  // The engine is the judge: drop every setting it rejects. A dropped setting falls back to the
  // page's own valid value, so the second check passes.
  for (let round = 0; round < 2; round++) {
    try {
      resolveConfig(toRunConfig({ ...base, ...patch }));
      return { patch, problems };
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      for (const p of e.problems) {
        problems.push(p.message);
        if (!dropField(patch, p.field, base)) return { patch: {}, problems };
      }
    }
  }
  return { patch: {}, problems };
}

/** Removes the setting an EngineError names; false when it names none we can drop. */
function dropField(patch: UrlPatch, field: string | undefined, base: ConfigState): boolean {
  switch (field) {
    case 'target':
    case 'expression':
      delete patch.target;
      delete patch.expression;
      delete patch.d;
      return true;
    case 'sampler': {
      delete patch.sampler;
      const s = findSampler(base.sampler);
      patch.params = s ? defaultParams(s.params) : base.params;
      return true;
    }
    case 'd':
    case 'chains':
    case 'seed':
      if (patch[field] === undefined) return false;
      delete patch[field];
      return true;
    default: {
      const params = patch.params;
      if (!field || !params || !(field in params)) return false;
      // Back to the sampler's default for that one parameter.
      const { [field]: _, ...rest } = params;
      const spec = findSampler(patch.sampler ?? base.sampler)?.params[field];
      patch.params = spec ? { ...rest, [field]: spec.default } : rest;
      return true;
    }
  }
}

/** The query string that reproduces a run (what the address bar shows while it runs); `steps`
 * is left out when the page's value is one it rejects. */
export function urlQueryOf(run: ResolvedConfig, stepsPerFrame: number): string {
  const query = new URLSearchParams({ target: run.target });
  if (run.expression !== undefined) query.set('expr', run.expression);
  const target = targetOf(run);
  if (target?.dimension.kind === 'param') query.set('d', String(run.d));
  query.set('sampler', run.sampler);
  for (const [k, v] of Object.entries(run.params)) query.set(k, String(v));
  query.set('chains', String(run.chains));
  query.set('seed', String(run.seed));
  if (!stepsPerFrameProblem(stepsPerFrame)) query.set('steps', String(stepsPerFrame));
  return `?${query}`;
}
