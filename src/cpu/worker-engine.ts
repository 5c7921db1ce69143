import { EngineError, type FieldProblem } from '../engine/errors';
import type {
  ChainReports, EngineEvent, RecordSpec, ResolvedConfig, RunConfig, SamplingEngine, Snapshot, SnapshotRequest, Tuning,
} from '../engine/types';
import type { FlowRound } from '../flows/flow-run';

/** Page → worker: one method call of the engine. */
export type WorkerCall =
  | { readonly op: 'configure'; readonly config: RunConfig }
  | { readonly op: 'run'; readonly iterations: number }
  | { readonly op: 'snapshot'; readonly request?: SnapshotRequest }
  | { readonly op: 'trainFlow'; readonly iterations: number }
  | { readonly op: 'tune'; readonly tuning: Tuning }
  | { readonly op: 'record'; readonly spec: RecordSpec | null }
  | { readonly op: 'restartChains'; readonly donors: Uint32Array }
  | { readonly op: 'resetStats' }
  | { readonly op: 'readChainReports' }
  | { readonly op: 'readPositions' };
export type WorkerRequest = WorkerCall & { readonly id: number };

/** Worker → page: the engine's description once at start, replies by id, and engine events. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly description: string }
  | { readonly type: 'reply'; readonly id: number; readonly value: unknown }
  | {
    readonly type: 'failure'; readonly id: number; readonly message: string;
    /** Set when the failure is an EngineError: its field and problems. */
    readonly engineError?: { readonly field?: string; readonly problems: readonly FieldProblem[] };
  }
  | { readonly type: 'event'; readonly event: EngineEvent };

/**
 * The CPU reference engine running in a Web Worker, seen from the page as a SamplingEngine.
 * The worker handles calls in order, so a snapshot resolves after every run posted before it:
 * that is what lets the page bound the work it queues (see session.ts).
 */
export class WorkerEngine implements SamplingEngine {
  readonly kind = 'cpu' as const;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  /** The reply to the last `run` posted: the worker handles calls in order. */
  private lastRun: Promise<unknown> = Promise.resolve();

  private constructor(private readonly worker: Worker, readonly description: string) {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.receive(e.data);
  }

  /** Starts the worker and waits for its engine to be ready. */
  static start(): Promise<WorkerEngine> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'cpu-engine' });
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error(`The CPU engine worker failed to start: ${e.message}`));
      worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
        if (e.data.type === 'ready') resolve(new WorkerEngine(worker, e.data.description));
      };
    });
  }

  configure(config: RunConfig): Promise<ResolvedConfig> {
    return this.call({ op: 'configure', config }) as Promise<ResolvedConfig>;
  }

  run(iterations: number): void {
    // Failures surface on the next awaited call (the worker's engine keeps its state).
    this.lastRun = this.call({ op: 'run', iterations }).catch((e: Error) => console.error(e));
  }

  settled(): Promise<void> {
    return this.lastRun.then(() => undefined);
  }

  snapshot(request?: SnapshotRequest): Promise<Snapshot> {
    return this.call({ op: 'snapshot', request }) as Promise<Snapshot>;
  }

  trainFlow(iterations: number): Promise<FlowRound> {
    return this.call({ op: 'trainFlow', iterations }) as Promise<FlowRound>;
  }

  tune(tuning: Tuning): void {
    this.call({ op: 'tune', tuning }).catch((e: Error) => console.error(e));
  }

  record(spec: RecordSpec | null): void {
    this.call({ op: 'record', spec }).catch((e: Error) => console.error(e));
  }

  restartChains(donors: Uint32Array): void {
    this.call({ op: 'restartChains', donors }).catch((e: Error) => console.error(e));
  }

  resetStats(): void {
    this.call({ op: 'resetStats' }).catch((e: Error) => console.error(e));
  }

  readChainReports(): Promise<ChainReports> {
    return this.call({ op: 'readChainReports' }) as Promise<ChainReports>;
  }

  readPositions(): Promise<Float64Array> {
    return this.call({ op: 'readPositions' }) as Promise<Float64Array>;
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('The CPU engine was disposed'));
    this.pending.clear();
  }

  private call(c: WorkerCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...c, id } satisfies WorkerRequest);
    });
  }

  private receive(m: WorkerMessage): void {
    if (m.type === 'event') {
      for (const l of this.listeners) l(m.event);
      return;
    }
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'reply') p?.resolve(m.value);
    else p?.reject(m.engineError ? new EngineError(m.message, m.engineError.field, m.engineError.problems) : new Error(m.message));
  }
}
