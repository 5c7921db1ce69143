import { EngineError, type FieldProblem } from '../engine/errors';
import type { ChainReports, RecordSpec, RunConfig, SnapshotRequest, Tuning } from '../engine/types';
import type { FlowRound } from '../flows/flow-run';
import type { ChainShare, ChainStates, CpuShard, ShardSnapshot } from './shard';

/** Page → worker: one method call of the shard. */
export type WorkerCall =
  | { readonly op: 'configureShard'; readonly config: RunConfig; readonly share: ChainShare }
  | { readonly op: 'run'; readonly iterations: number }
  | { readonly op: 'shardSnapshot'; readonly request?: SnapshotRequest }
  | { readonly op: 'trainFlow'; readonly iterations: number }
  | { readonly op: 'tune'; readonly tuning: Tuning }
  | { readonly op: 'record'; readonly spec: RecordSpec | null }
  | { readonly op: 'readChainStates'; readonly chains: readonly number[] }
  | { readonly op: 'restartChains'; readonly donors: Uint32Array; readonly foreign?: ChainStates }
  | { readonly op: 'resetStats' }
  | { readonly op: 'readChainReports' }
  | { readonly op: 'readPositions' };
export type WorkerRequest = WorkerCall & { readonly id: number };

/** Worker → page: the engine's description once at start, then replies by id. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly description: string }
  | { readonly type: 'reply'; readonly id: number; readonly value: unknown }
  | {
    readonly type: 'failure'; readonly id: number; readonly message: string;
    /** Set when the failure is an EngineError: its field and problems. */
    readonly engineError?: { readonly field?: string; readonly problems: readonly FieldProblem[] };
  };

/**
 * A CpuEngine in a Web Worker, seen from the page as a CpuShard. The worker handles calls in
 * order, so a snapshot resolves after every run posted before it: that is what lets the page
 * bound the work it queues.
 */
export class WorkerShard implements CpuShard {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** The reply to the last `run` posted: the worker handles calls in order. */
  private lastRun: Promise<unknown> = Promise.resolve();

  private constructor(private readonly worker: Worker, readonly description: string) {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.receive(e.data);
  }

  /** Starts the worker and waits for its engine to be ready. */
  static start(): Promise<WorkerShard> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'cpu-engine' });
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => reject(new Error(`The CPU engine worker failed to start: ${e.message}`));
      worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
        if (e.data.type === 'ready') resolve(new WorkerShard(worker, e.data.description));
      };
    });
  }

  configureShard(config: RunConfig, share: ChainShare) {
    return this.call({ op: 'configureShard', config, share }) as ReturnType<CpuShard['configureShard']>;
  }

  run(iterations: number): void {
    // Failures surface on the next awaited call (the worker's engine keeps its state).
    this.lastRun = this.call({ op: 'run', iterations }).catch((e: Error) => console.error(e));
  }

  settled(): Promise<void> {
    return this.lastRun.then(() => undefined);
  }

  shardSnapshot(request?: SnapshotRequest): Promise<ShardSnapshot> {
    return this.call({ op: 'shardSnapshot', request }) as Promise<ShardSnapshot>;
  }

  trainFlow(iterations: number): Promise<FlowRound> {
    return this.call({ op: 'trainFlow', iterations }) as Promise<FlowRound>;
  }

  tune(tuning: Tuning): void {
    this.post({ op: 'tune', tuning });
  }

  record(spec: RecordSpec | null): void {
    this.post({ op: 'record', spec });
  }

  readChainStates(chains: readonly number[]): Promise<ChainStates> {
    return this.call({ op: 'readChainStates', chains }) as Promise<ChainStates>;
  }

  restartChains(donors: Uint32Array, foreign?: ChainStates): void {
    this.post({ op: 'restartChains', donors, foreign });
  }

  resetStats(): void {
    this.post({ op: 'resetStats' });
  }

  readChainReports(): Promise<ChainReports> {
    return this.call({ op: 'readChainReports' }) as Promise<ChainReports>;
  }

  readPositions(): Promise<Float64Array> {
    return this.call({ op: 'readPositions' }) as Promise<Float64Array>;
  }

  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('The CPU engine was disposed'));
    this.pending.clear();
  }

  private post(c: WorkerCall): void {
    this.call(c).catch((e: Error) => console.error(e));
  }

  private call(c: WorkerCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...c, id } satisfies WorkerRequest);
    });
  }

  private receive(m: WorkerMessage): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'reply') p?.resolve(m.value);
    else p?.reject(m.engineError ? new EngineError(m.message, m.engineError.field, m.engineError.problems) : new Error(m.message));
  }
}
