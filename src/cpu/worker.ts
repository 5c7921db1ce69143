/// <reference lib="webworker" />
// Hosts one shard of the CPU reference engine off the main thread (the fallback where WebGPU is
// missing: ShardedEngine runs one worker per core).
import { CpuEngine } from './cpu-engine';
import { EngineError } from '../engine/errors';
import type { CpuShard } from './shard';
import type { WorkerMessage, WorkerRequest } from './worker-shard';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Typed as the interface: this file relies on nothing beyond the contract.
const engine: CpuShard = new CpuEngine();
// Replies are copied, not transferred: a snapshot may share memory with the engine's state.
const post = (m: WorkerMessage) => scope.postMessage(m);

async function handle(r: WorkerRequest): Promise<unknown> {
  switch (r.op) {
    case 'configureShard': return engine.configureShard(r.config, r.share);
    case 'run': return engine.run(r.iterations);
    case 'shardSnapshot': return engine.shardSnapshot(r.request);
    case 'trainFlow': return engine.trainFlow(r.iterations);
    case 'tune': return engine.tune(r.tuning);
    case 'record': return engine.record(r.spec);
    case 'readChainStates': return engine.readChainStates(r.chains);
    case 'restartChains': return engine.restartChains(r.donors, r.foreign);
    case 'resetStats': return engine.resetStats();
    case 'readChainReports': return engine.readChainReports();
    case 'readPositions': return engine.readPositions();
  }
}

// Calls are handled strictly in order (each awaits the previous), as the page relies on it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const r = e.data;
  queue = queue.then(async () => {
    try {
      post({ type: 'reply', id: r.id, value: await handle(r) });
    } catch (err) {
      post({
        type: 'failure', id: r.id,
        message: err instanceof Error ? err.message : String(err),
        engineError: err instanceof EngineError ? { field: err.field, problems: err.problems } : undefined,
      });
    }
  });
};

post({ type: 'ready', description: engine.description });
