import { LogHistogram } from '../../../engine/stats/logHistogram.js';
import type { BreakdownTally } from './breakdown.js';
import type { Cause } from './policy.js';
import type { Parts } from './world.js';

/** What users' requests came to, per user region and by cause (requests started after warm-up). */
export class RequestTally {
  readonly requests: Float64Array;
  readonly failed: Float64Array;
  readonly histograms: LogHistogram[];
  readonly failedBy: Record<Cause, number> = { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0, impaired: 0, timeout: 0 };
  /** Successes per second of simulated time, bucketed by completion time (for goodput over time). */
  readonly goodputBuckets: number[] = [];

  constructor(users: number, readonly bucketS: number, readonly breakdown: BreakdownTally | null) {
    this.requests = new Float64Array(users);
    this.failed = new Float64Array(users);
    this.histograms = Array.from({ length: users }, () => new LogHistogram());
  }

  succeeded(u: number, latencyS: number, nowS: number, parts: Parts | null): void {
    this.requests[u]++;
    this.histograms[u].add(latencyS);
    if (parts !== null) this.breakdown?.add(latencyS, parts);
    const b = Math.floor(nowS / this.bucketS);
    while (this.goodputBuckets.length <= b) this.goodputBuckets.push(0);
    this.goodputBuckets[b]++;
  }

  failedWith(u: number, cause: Cause): void {
    this.requests[u]++;
    this.failed[u]++;
    this.failedBy[cause]++;
  }
}
