import type { LogHistogram } from '../../../engine/stats/logHistogram.js';
import { PART_NETWORK, PART_QUEUEING, PART_RETRIES, PART_SERVICE, PARTS, type HopLatency, type LatencyBreakdown } from '../latencyBreakdown.js';
import type { Parts } from './world.js';

/** Latency bins of the p99 band: 1% wide from 0.1 ms, so a band's edges are placed within 1%. */
const BIN_GROWTH = 1.01;
const BIN_FLOOR_S = 1e-4;
const BINS = 1400; // up to ~110 s

/**
 * The per-hop latency breakdown at request level (semantics §10, latencyBreakdown.ts): every
 * successful request's parts are added to the mean, and to the bin of its latency; at the end the
 * bins between the p98.5 and the p99.5 of the latency give the p99 band (bins straddling an edge
 * count whole: the band is placed within 1%).
 */
export class BreakdownTally {
  private readonly serviceNames: readonly string[];
  private readonly sum: Float64Array;
  private count = 0;
  private readonly binSums: Float64Array;
  private readonly binCounts: Float64Array;

  constructor(serviceNames: readonly string[]) {
    this.serviceNames = serviceNames;
    const n = serviceNames.length * PARTS;
    this.sum = new Float64Array(n);
    this.binSums = new Float64Array(BINS * n);
    this.binCounts = new Float64Array(BINS);
  }

  add(latencyS: number, parts: Parts): void {
    const n = parts.length;
    const bin = binOf(latencyS);
    this.count++;
    this.binCounts[bin]++;
    for (let i = 0; i < n; i++) {
      this.sum[i] += parts[i];
      this.binSums[bin * n + i] += parts[i];
    }
  }

  summary(latency: LogHistogram): LatencyBreakdown {
    const n = this.sum.length;
    const band = new Float64Array(n);
    let inBand = 0;
    if (this.count > 0) {
      const lo = binOf(latency.quantile(0.985));
      const hi = binOf(latency.quantile(0.995));
      for (let b = lo; b <= hi; b++) {
        inBand += this.binCounts[b];
        for (let i = 0; i < n; i++) band[i] += this.binSums[b * n + i];
      }
    }
    return { mean: this.hops(this.sum, this.count), p99: this.hops(band, inBand) };
  }

  private hops(sums: Float64Array, count: number): HopLatency[] {
    const ms = (s: number, i: number) => (count > 0 ? (1000 * sums[s * PARTS + i]) / count : 0);
    return this.serviceNames.map((service, s) => ({
      service,
      networkMs: ms(s, PART_NETWORK),
      queueingMs: ms(s, PART_QUEUEING),
      serviceMs: ms(s, PART_SERVICE),
      retriesMs: ms(s, PART_RETRIES),
    }));
  }
}

function binOf(latencyS: number): number {
  if (!(latencyS > BIN_FLOOR_S)) return 0;
  return Math.min(BINS - 1, Math.floor(Math.log(latencyS / BIN_FLOOR_S) / Math.log(BIN_GROWTH)));
}
