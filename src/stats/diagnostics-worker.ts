/// <reference lib="webworker" />
// Computes diagnostics off the main thread: the page's frame loop never waits for them.
import { computeReport } from './compute-report';
import { prepareTarget } from '../targets/custom';
import type { DiagnosticsReply, DiagnosticsRequest } from './diagnostics-client';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<DiagnosticsRequest>) => {
  const { id, input } = e.data;
  let reply: DiagnosticsReply;
  try {
    await prepareTarget(input);
    reply = { id, report: computeReport(input) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(reply);
};
