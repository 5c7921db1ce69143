import { create } from 'zustand';
import type { EngineKind, ResolvedConfig, Snapshot } from '../engine/types';
import type { Load, Rates } from './rates';
import type { RunPhase } from '../engine/run/run-controller';
import type { TrainingPoint } from '../flows/training';
import type { ShownParticles } from '../render/types';

export type RunStatus = 'starting' | 'running' | 'paused' | 'failed';

/** WebGPU (the engine's own buffer) or Canvas 2D (positions read back). */
export type CanvasKind = 'webgpu' | '2d';

export interface Notice {
  /** Notices with the same key replace each other (e.g. one 'config' error at a time). */
  readonly key: string;
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** The flow's training in the current run (flow samplers). */
export interface FlowTrainingState {
  /** Estimates after each round, by training iteration. */
  readonly history: readonly TrainingPoint[];
  /** Why training stopped early (the last good flow is kept). */
  readonly stopped: string | null;
  /** The flow's draws after the latest round. */
  readonly shown: ShownParticles | null;
}

/** What the running engine reports; components read it, the session writes it. */
export interface RunState {
  status: RunStatus;
  engine: { kind: EngineKind; description: string } | null;
  /** Set when the CPU fallback runs: why WebGPU could not be used. */
  fallbackReason: string | null;
  /** What the particle view draws with: a canvas keeps the kind of context it was first given,
   * so a change of kind mounts a new one. */
  canvas: CanvasKind;
  /** The configuration the engine is running now (the last one it accepted). */
  applied: ResolvedConfig | null;
  snapshot: Snapshot | null;
  /** Flow training, warm-up (pooled adaptation), or sampling with the tuning frozen. */
  phase: RunPhase;
  training: FlowTrainingState | null;
  /** Divergences during warm-up (its first, over-large step sizes diverge by design): the
   * readouts count the sampling phase's separately. */
  warmupDivergences: number;
  /** Chains warm-up restarted from a healthy chain's state (stranded at their start). */
  restartedChains: number;
  rates: Rates | null;
  /** How the page paces the chains while they sample (the readout's pieces, frame rate, draw cost). */
  load: Load | null;
  notices: Notice[];
  /** Rejection messages by config field (EngineError.field). */
  fieldErrors: Record<string, string>;
}

export const MAX_NOTICES = 6;

export const useRun = create<RunState>()(() => ({
  status: 'starting',
  engine: null,
  fallbackReason: null,
  canvas: 'webgpu',
  applied: null,
  snapshot: null,
  phase: { kind: 'sampling' },
  training: null,
  warmupDivergences: 0,
  restartedChains: 0,
  rates: null,
  load: null,
  notices: [],
  fieldErrors: {},
}));

export function addNotice(n: Notice): void {
  useRun.setState((s) => ({ notices: [...s.notices.filter((o) => o.key !== n.key), n].slice(-MAX_NOTICES) }));
}

export function dismissNotice(key: string): void {
  useRun.setState((s) => ({ notices: s.notices.filter((o) => o.key !== key) }));
}
