import { EngineError, type FieldProblem } from './errors';

/** One tunable: its range, unit and a one-line doc. `u32` parameters are integers on the GPU. */
export interface ParamSpec {
  readonly label: string;
  readonly type: 'f32' | 'u32';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Whether `min` itself is allowed (a step size of exactly 0 is not). */
  readonly minExclusive?: boolean;
  readonly unit?: string;
  readonly doc: string;
}

export type ParamSchema = Readonly<Record<string, ParamSpec>>;
export type ParamValues<S extends ParamSchema = ParamSchema> = { [K in keyof S]: number };

export function defaultParams<S extends ParamSchema>(schema: S): ParamValues<S> {
  const out: Record<string, number> = {};
  for (const [k, spec] of Object.entries(schema)) out[k] = spec.default;
  return out as ParamValues<S>;
}

/** Checks one value against its spec; returns the reason it is rejected, or null. */
export function paramProblem(name: string, spec: ParamSpec, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `${spec.label} (${name}) must be a finite number, got ${String(value)}`;
  }
  if (spec.type === 'u32' && !Number.isInteger(value)) {
    return `${spec.label} (${name}) must be a whole number, got ${value}`;
  }
  const low = spec.minExclusive ? value <= spec.min : value < spec.min;
  if (low || value > spec.max) {
    const lo = spec.minExclusive ? `(${spec.min}` : `[${spec.min}`;
    return `${spec.label} (${name}) must be in ${lo}, ${spec.max}], got ${value}`;
  }
  return null;
}

/** Fills defaults for missing keys; throws one EngineError naming every bad or unknown value. */
export function validateParams<S extends ParamSchema>(
  schema: S,
  values: Partial<Record<string, unknown>> | undefined,
  owner: string,
): ParamValues<S> {
  const out = defaultParams(schema) as Record<string, number>;
  const problems: FieldProblem[] = [];
  for (const [k, v] of Object.entries(values ?? {})) {
    const spec = schema[k];
    const problem = spec
      ? paramProblem(k, spec, v)
      : `${owner} has no parameter "${k}" (it has: ${Object.keys(schema).join(', ') || 'none'})`;
    if (problem) problems.push({ field: k, message: problem });
    else out[k] = v as number;
  }
  if (problems.length > 0) throw EngineError.of(problems);
  return out as ParamValues<S>;
}
