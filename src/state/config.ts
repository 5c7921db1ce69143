import { create } from 'zustand';
import { defaultParams } from '../engine/params';
import type { RunConfig } from '../engine/types';
import { findSampler, SAMPLERS } from '../samplers';
import { findTarget, targetOf, TARGETS } from '../targets';
import { CUSTOM_TARGET, DEFAULT_EXPRESSION } from '../targets/custom';
import { dimensionOf } from '../targets/types';
import { MAX_TRACE_CHAINS } from '../engine/recording';

export const DEFAULT_TRACED_CHAINS = 8;

/** What the main area shows: the swarm, one chain's transitions step by step, or two samplers
 * side by side. */
export type Mode = 'run' | 'explain' | 'compare';
export const MODES: readonly Mode[] = ['run', 'explain', 'compare'];

/** Steps per frame is the page's own knob (not the engine's), so the page bounds it. */
export const MAX_STEPS_PER_FRAME = 1000;

/** What the user chose. Values are kept as typed (possibly invalid): the engine judges them. */
export interface ConfigState {
  target: string;
  /** The user's log-density (used when target is 'custom'): only expressions that compile get here. */
  expression: string;
  d: number;
  sampler: string;
  params: Record<string, number>;
  chains: number;
  seed: number;
  /** Transitions per chain per frame where the user fixed them; null: pieces sized to the
   * device (RunController). */
  stepsPerFrame: number | null;
  /** Chains whose every draw the diagnostics see (trace plots, R-hat, ESS). */
  tracedChains: number;
  playing: boolean;
  mode: Mode;
  /** The two coordinates the particle view (and the recorded histograms) show. */
  view: readonly [number, number];
  setTarget(id: string): void;
  /** A compiled expression (the editor checks it first); its dimension comes with it. */
  setExpression(text: string, d: number): void;
  setSampler(id: string): void;
  setParam(key: string, value: number): void;
  set(patch: Partial<Pick<ConfigState, 'd' | 'chains' | 'seed' | 'stepsPerFrame' | 'tracedChains' | 'playing' | 'mode' | 'view'>>): void;
}

const initialTarget = findTarget('banana') ?? TARGETS[0];
const DEFAULT_CHAINS = 4096;
const initialSampler = findSampler('hmc') ?? SAMPLERS[0];

export const useConfig = create<ConfigState>()((set) => ({
  target: initialTarget.id,
  expression: DEFAULT_EXPRESSION,
  d: dimensionOf(initialTarget),
  sampler: initialSampler.id,
  params: defaultParams(initialSampler.params),
  chains: DEFAULT_CHAINS,
  seed: 1,
  stepsPerFrame: null,
  tracedChains: DEFAULT_TRACED_CHAINS,
  playing: true,
  mode: 'run',
  view: [0, 1],
  setTarget(id) {
    const t = targetOf({ target: id, expression: useConfig.getState().expression });
    // An unknown id still goes to the engine, which explains the problem next to the control.
    set({ target: id, view: [0, 1], ...(t ? { d: dimensionOf(t) } : {}) });
  },
  setExpression(text, d) {
    set({ expression: text, d, view: [0, 1] });
  },
  setSampler(id) {
    const s = findSampler(id);
    const { sampler, chains } = useConfig.getState();
    // Interacting particles start at their own count; leaving them restores the page's default.
    const particles = s?.interaction?.defaultParticles;
    const left = findSampler(sampler)?.interaction?.defaultParticles === chains && !s?.interaction;
    set({
      sampler: id, ...(s ? { params: defaultParams(s.params) } : {}),
      ...(particles ? { chains: particles } : left ? { chains: DEFAULT_CHAINS } : {}),
    });
  },
  setParam(key, value) {
    set((st) => ({ params: { ...st.params, [key]: value } }));
  },
  set: (patch) => set(patch),
}));

/** The engine's view of the choice. */
export function toRunConfig(c: ConfigState): RunConfig {
  return {
    target: c.target, ...(c.target === CUSTOM_TARGET ? { expression: c.expression } : {}),
    d: c.d, sampler: c.sampler, params: c.params, chains: c.chains, seed: c.seed,
  };
}

/** Why a steps-per-frame value is rejected, or null (null itself is automatic). */
export function stepsPerFrameProblem(v: number | null): string | null {
  return v === null || (Number.isInteger(v) && v >= 1 && v <= MAX_STEPS_PER_FRAME)
    ? null
    : `Steps per frame must be a whole number in [1, ${MAX_STEPS_PER_FRAME}], got ${v}`;
}

/** Why a traced-chains value is rejected, or null. */
export function tracedChainsProblem(v: number): string | null {
  return Number.isInteger(v) && v >= 1 && v <= MAX_TRACE_CHAINS
    ? null
    : `Traced chains must be a whole number in [1, ${MAX_TRACE_CHAINS}], got ${v}`;
}
