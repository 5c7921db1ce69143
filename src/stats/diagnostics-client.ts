import type { DiagnosticsReport } from './report';
import type { ReportInput } from './report-input';

export interface DiagnosticsRequest {
  readonly id: number;
  readonly input: ReportInput;
}

export type DiagnosticsReply =
  | { readonly id: number; readonly report: DiagnosticsReport }
  | { readonly id: number; readonly error: string };

/** The diagnostics Web Worker, seen from the page as an async function. */
export class DiagnosticsWorker {
  private readonly worker = new Worker(new URL('./diagnostics-worker.ts', import.meta.url), { type: 'module', name: 'diagnostics' });
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(r: DiagnosticsReport): void; reject(e: Error): void }>();

  constructor() {
    this.worker.onmessage = (e: MessageEvent<DiagnosticsReply>) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if ('report' in m) p?.resolve(m.report);
      else p?.reject(new Error(m.error));
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`The diagnostics worker failed: ${e.message}`));
      this.pending.clear();
    };
  }

  /** Copies the input to the worker (the window stays usable here, e.g. for export). */
  readonly compute = (input: ReportInput): Promise<DiagnosticsReport> => {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, input } satisfies DiagnosticsRequest);
    });
  };

  dispose(): void {
    this.worker.terminate();
  }
}
