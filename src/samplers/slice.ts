import type { ParamSpec } from '../engine/params';
import type { UniformPool } from '../rng/stream';
import type { TargetDecl } from '../targets/types';
import type { TransitionProbe } from './probe';
import { BURNIN } from './warmup-params';

/*
 * Univariate slice sampling (Neal 2003, "Slice sampling", Ann. Statist. 31(3)) along a line, shared
 * by the slice samplers: shaders/samplers/lib_slice.wgsl, function for function, drawing the same
 * uniforms in the same order.
 */

/** Inside the slice {log f > log y}; NaN and +Inf are outside, so a bad density is shrunk away. */
export function inSlice(logF: number, logY: number): boolean {
  return !(Number.isNaN(logF) || logF === Infinity) && logF > logY;
}

/** The caps and widths of one univariate slice update. */
export interface SliceSettings {
  readonly w: number;
  /** Stepping-out: at most this many widths in all (Neal's m); doubling: at most this many
   * doublings (Neal's p). */
  readonly maxSteps: number;
  readonly doubling: boolean;
  /** Shrinkage proposals before giving up and keeping the state. */
  readonly maxShrink: number;
}

/**
 * A line through the state. The point at t is base + t·dir; a radial line (the Gibbsian polar
 * slice's radius) is t·dir for t > 0, with log f gaining (d − 1)·log t.
 */
export interface Line {
  readonly target: TargetDecl;
  readonly base: Float64Array;
  readonly dir: Float64Array;
  readonly radial: boolean;
  /** Receives the point evaluated last. */
  readonly point: Float64Array;
  /** Density evaluations so far. */
  evals: number;
  /** log p at the point evaluated last. */
  logP: number;
  /** Explain mode: receives the bracket and the shrinkage proposals. */
  readonly probe?: TransitionProbe;
}

/** Writes the point at t into `out`. */
function placeOnLine(line: Line, t: number, out: Float64Array): Float64Array {
  const { base, dir } = line;
  for (let j = 0; j < out.length; j++) out[j] = line.radial ? t * dir[j] : base[j] + t * dir[j];
  return out;
}

/** The sliced function log f at the point evaluated last, which is at t. */
export function lineLogF(line: Line, t: number): number {
  return line.radial ? line.logP + (line.point.length - 1) * Math.log(t) : line.logP;
}

/** Whether the point at t lies in the slice under `logY`; one density evaluation (none for t ≤ 0
 * on a radial line). */
export function lineInSlice(line: Line, t: number, logY: number): boolean {
  if (line.radial && !(t > 0)) return false;
  line.logP = line.target.logDensity(placeOnLine(line, t, line.point));
  line.evals++;
  return inSlice(lineLogF(line, t), logY);
}

export interface SliceResult {
  readonly t: number;
  readonly logP: number;
  readonly capped: boolean;
}

/**
 * One univariate slice update from t0 (log p there: logP0) under the level logY: the interval by
 * stepping-out (Neal's fig. 3) or doubling (fig. 4), then shrinkage (fig. 5) with the doubling
 * acceptability test (fig. 6). Shrinkage gives up after `maxShrink` proposals and returns t0,
 * capped: every path of proposals is reversible on its own, so cutting the long ones off keeps
 * the target invariant.
 */
export function sliceAlong(line: Line, t0: number, logP0: number, logY: number, s: SliceSettings, pool: UniformPool): SliceResult {
  let lo = t0 - s.w * pool.next();
  let hi = lo + s.w;
  const { probe } = line;
  const d = line.point.length;
  const bracket = probe && ((phase: 'grow' | 'shrink') =>
    probe({ kind: 'interval', lo: placeOnLine(line, lo, new Float64Array(d)), hi: placeOnLine(line, hi, new Float64Array(d)), phase }));
  bracket?.('grow');
  if (s.doubling) {
    let inLo = lineInSlice(line, lo, logY);
    let inHi = lineInSlice(line, hi, logY);
    for (let k = 0; k < s.maxSteps && (inLo || inHi); k++) {
      if (pool.next() < 0.5) {
        lo -= hi - lo;
        inLo = lineInSlice(line, lo, logY);
      } else {
        hi += hi - lo;
        inHi = lineInSlice(line, hi, logY);
      }
      bracket?.('grow');
    }
  } else {
    let j = Math.min(Math.floor(pool.next() * s.maxSteps), s.maxSteps - 1);
    let k = s.maxSteps - 1 - j;
    while (j > 0 && lineInSlice(line, lo, logY)) {
      lo -= s.w;
      j--;
      bracket?.('grow');
    }
    while (k > 0 && lineInSlice(line, hi, logY)) {
      hi += s.w;
      k--;
      bracket?.('grow');
    }
  }
  const lo0 = lo;
  const hi0 = hi;
  for (let n = 0; n < s.maxShrink; n++) {
    const t1 = lo + pool.next() * (hi - lo);
    const inside = lineInSlice(line, t1, logY);
    const logP = line.logP;
    // Doubling's test evaluates other points: keep the proposal's first.
    const shown = probe && { x: placeOnLine(line, t1, new Float64Array(d)), logF: line.radial && !(t1 > 0) ? -Infinity : lineLogF(line, t1) };
    const accepted = inside && (!s.doubling || doublingAccepts(line, t0, t1, lo0, hi0, logY, s.w));
    if (shown) probe({ kind: 'shrink', ...shown, inside: accepted });
    if (accepted) return { t: t1, logP, capped: false };
    if (t1 < t0) lo = t1;
    else hi = t1;
    bracket?.('shrink');
  }
  return { t: t0, logP: logP0, capped: true };
}

/** Neal's fig. 6: would doubling from t1 have produced the same interval? */
function doublingAccepts(line: Line, t0: number, t1: number, lo0: number, hi0: number, logY: number, w: number): boolean {
  let lo = lo0;
  let hi = hi0;
  let differ = false;
  while (hi - lo > 1.1 * w) {
    const m = 0.5 * (lo + hi);
    if (t0 < m !== t1 < m) differ = true;
    if (t1 < m) hi = m;
    else lo = m;
    if (differ && !lineInSlice(line, lo, logY) && !lineInSlice(line, hi, logY)) return false;
  }
  return true;
}

export const SLICE_WIDTH = {
  label: 'Initial width w', unit: 'x units', type: 'f32', default: 1, min: 0, minExclusive: true, max: 1000,
  doc: 'Width of the first bracket around the current point; stepping-out or doubling grows it.',
} as const satisfies ParamSpec;

export const MAX_STEPS = {
  label: 'Max steps m', type: 'u32', default: 32, min: 1, max: 1000,
  doc: 'Stepping-out: the bracket grows to at most m widths; doubling: at most m doublings.',
} as const satisfies ParamSpec;

export const DOUBLING = {
  label: 'Doubling', type: 'u32', default: 0, min: 0, max: 1,
  doc: '1: grow the bracket by doubling (with Neal’s acceptability test) instead of stepping out.',
} as const satisfies ParamSpec;

export const MAX_SHRINK = {
  label: 'Max shrinkage steps', type: 'u32', default: 100, min: 1, max: 10000,
  doc: 'Cap on shrinkage proposals (GPU lockstep); a capped update keeps its state and is counted.',
} as const satisfies ParamSpec;

/** The univariate slice parameters, as the coordinate-wise and hit-and-run samplers declare them. */
export const UNIVARIATE_SLICE_PARAMS = { w: SLICE_WIDTH, maxSteps: MAX_STEPS, doubling: DOUBLING, maxShrink: MAX_SHRINK, burnin: BURNIN } as const;

export function sliceSettings(p: { w: number; maxSteps: number; doubling?: number; maxShrink: number }): SliceSettings {
  return { w: p.w, maxSteps: p.maxSteps, doubling: (p.doubling ?? 0) !== 0, maxShrink: p.maxShrink };
}
