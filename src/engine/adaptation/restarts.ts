import type { ChainReports } from '../types';

/** Fewer transitions than this since the last check say nothing about a chain. */
const MIN_SPAN = 10;

/**
 * Warm-up's rescue of stranded chains (never used in sampling, which stays an exact chain): a
 * chain that accepted no move since the last check — started in a funnel's neck, or where the
 * pooled step size is far too large for it — takes over the state of a chain that moved. The
 * donor is a fixed hash of the chain and the iteration, so runs stay reproducible.
 */
export class StrandedChains {
  private accepted?: Float64Array;
  private checkedAt = 0;
  /** Chains restarted so far. */
  restarted = 0;

  /** Donors for the chains stranded since the last check (donors[c] = c keeps chain c), or null
   * when none is (or every chain is: then there is nothing healthy to copy). */
  check(reports: ChainReports, iteration: number): Uint32Array | null {
    const accepted = reports.counters.accepted;
    const before = this.accepted;
    const span = iteration - this.checkedAt;
    this.accepted = Float64Array.from(accepted);
    this.checkedAt = iteration;
    if (span < MIN_SPAN) return null;
    const n = accepted.length;
    const healthy: number[] = [];
    for (let c = 0; c < n; c++) if (accepted[c] > (before?.[c] ?? 0)) healthy.push(c);
    if (healthy.length === n || healthy.length === 0) return null;
    const donors = Uint32Array.from({ length: n }, (_, c) => c);
    const isHealthy = new Uint8Array(n);
    for (const c of healthy) isHealthy[c] = 1;
    for (let c = 0; c < n; c++) {
      if (isHealthy[c]) continue;
      donors[c] = healthy[hash(c, iteration) % healthy.length];
      this.restarted++;
    }
    return donors;
  }
}

/** A 32-bit mix of two integers (Murmur3's finaliser). */
function hash(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
