/**
 * Where a request's time goes, hop by hop (issue 16): per service hop of a design's requests, the
 * mean time in the network, queueing, service and retries (failed attempts and backoff), overall
 * and among the requests near the p99, so a p99 can be explained.
 *
 * A hop is the service a request enters; its network time is the RTT of the calls into it (for the
 * entry service, the user's RTT to the cluster and the ingress's added latency), its queueing time
 * the pool's waits, its service time the pods' own service plus an impairment's added latency, its
 * retries time the failed attempts' time and the backoff pauses before retries. Of the parallel
 * calls of a request only the slowest counts (it is what the caller waited for), so a request's
 * parts add up to its latency.
 *
 * The latency Monte Carlo keeps, per estimate, the mean parts of its samples in a few rank bands
 * (finer towards the tail); the ledger weighs them like the latency (accounting.ts).
 */

/**
 * Whether results.json carries designs[].latencyBreakdown for every scenario. Off: a scenario asks
 * for it with run.latencyBreakdown: true, because keeping every draw's parts costs about a fifth
 * more run time on the default scenario (measured in the issue-16 closing note); the code takes it
 * as a parameter everywhere so tests run it on.
 */
export const LATENCY_BREAKDOWN_IN_RESULTS = false;

export interface HopLatency {
  /** The service this hop enters (the entry service's hop includes the user's RTT). */
  readonly service: string;
  readonly networkMs: number;
  readonly queueingMs: number;
  readonly serviceMs: number;
  readonly retriesMs: number;
}

export interface LatencyBreakdown {
  /** Mean per hop, over successful requests. */
  readonly mean: readonly HopLatency[];
  /** Mean per hop over the successful requests between p98.5 and p99.5 (what makes the p99). */
  readonly p99: readonly HopLatency[];
}

/** Parts of a hop, in this order in every per-hop array: [network, queueing, service, retries] × service. */
export const PART_NETWORK = 0;
export const PART_QUEUEING = 1;
export const PART_SERVICE = 2;
export const PART_RETRIES = 3;
export const PARTS = 4;

/**
 * Rank bands of an estimate, as first quantile-point slots (of LATENCY_POINTS = 256): halving
 * towards the tail, so the slots around the p99 (252–255) have bands of their own.
 */
export const BAND_START_SLOTS: readonly number[] = [0, 128, 192, 224, 240, 248, 252, 254, 255];
export const BAND_COUNT = BAND_START_SLOTS.length;

/** Band of quantile-point slot j (0…255). */
export function bandOfSlot(slot: number): number {
  let b = BAND_COUNT - 1;
  while (BAND_START_SLOTS[b] > slot) b--;
  return b;
}

/** Per estimate: the mean parts of its samples in each rank band (BAND_COUNT × serviceCount × PARTS, seconds). */
export interface EstimateBreakdown {
  /** The service the estimate's requests entered (where a user RTT added later belongs). */
  readonly entryService: number;
  readonly bandMeansS: Float64Array;
  /** Share of the estimate's samples in each band. */
  readonly bandShares: Float64Array;
}

/** One latency estimate as the ledger weighs it: its quantile points, shifted by a user RTT, with a weight (successful requests). */
export interface WeightedBreakdown {
  readonly points: Float64Array;
  readonly rttS: number;
  readonly weight: number;
  readonly breakdown: EstimateBreakdown;
}

/** The p99 band: the requests between these ranks. */
const P99_FROM = 0.985;
const P99_TO = 0.995;

/**
 * A design's breakdown from the estimates its successful requests were weighed on: the mean parts
 * (each estimate's bands by their shares), and the mean parts of the requests between p98.5 and
 * p99.5 of the mixture — each estimate's quantile points, shifted by its RTT, carry weight/points of
 * its requests and the parts of their band; the points whose cumulative weight falls in that rank
 * range count (the one straddling an edge in part). Services no request entered are left out.
 */
export function breakdownOf(serviceNames: readonly string[], entries: readonly WeightedBreakdown[]): LatencyBreakdown | undefined {
  const stride = serviceNames.length * PARTS;
  const mean = new Float64Array(stride);
  let total = 0;
  let pointCount = 0;
  for (const e of entries) {
    if (!(e.weight > 0)) continue;
    const { bandMeansS, bandShares, entryService } = e.breakdown;
    for (let b = 0; b < BAND_COUNT; b++) {
      const w = e.weight * bandShares[b];
      if (w > 0) for (let k = 0; k < stride; k++) mean[k] += w * bandMeansS[b * stride + k];
    }
    mean[entryService * PARTS + PART_NETWORK] += e.weight * e.rttS;
    total += e.weight;
    pointCount += e.points.length;
  }
  if (!(total > 0)) return undefined;
  for (let k = 0; k < stride; k++) mean[k] /= total;

  // The mixture's points in latency order, then the ones whose cumulative weight is in [p98.5, p99.5).
  const xs = new Float64Array(pointCount);
  const ws = new Float64Array(pointCount);
  const owner = new Int32Array(pointCount);
  const slot = new Int32Array(pointCount);
  let m = 0;
  entries.forEach((e, i) => {
    if (!(e.weight > 0)) return;
    const per = e.weight / e.points.length;
    for (let j = 0; j < e.points.length; j++) {
      xs[m] = e.points[j] + e.rttS;
      ws[m] = per;
      owner[m] = i;
      slot[m] = Math.floor((j * 256) / e.points.length);
      m++;
    }
  });
  const order = Uint32Array.from({ length: m }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  const tail = new Float64Array(stride);
  const from = P99_FROM * total;
  const to = P99_TO * total;
  let cumulative = 0;
  let tailWeight = 0;
  for (let r = 0; r < m && cumulative < to; r++) {
    const i = order[r];
    const lo = cumulative;
    cumulative += ws[i];
    const overlap = Math.min(cumulative, to) - Math.max(lo, from);
    if (overlap <= 0) continue;
    const e = entries[owner[i]];
    const b = bandOfSlot(slot[i]);
    const { bandMeansS, entryService } = e.breakdown;
    for (let k = 0; k < stride; k++) tail[k] += overlap * bandMeansS[b * stride + k];
    tail[entryService * PARTS + PART_NETWORK] += overlap * e.rttS;
    tailWeight += overlap;
  }
  if (tailWeight > 0) for (let k = 0; k < stride; k++) tail[k] /= tailWeight;
  return { mean: hops(serviceNames, mean, mean), p99: hops(serviceNames, tail, mean) };
}

/** Per service entered (some mean part above 0), its parts in ms. */
function hops(serviceNames: readonly string[], parts: Float64Array, mean: Float64Array): HopLatency[] {
  const out: HopLatency[] = [];
  serviceNames.forEach((service, s) => {
    const o = s * PARTS;
    if (!(mean[o] + mean[o + 1] + mean[o + 2] + mean[o + 3] > 0)) return;
    out.push({
      service,
      networkMs: parts[o + PART_NETWORK] * 1000,
      queueingMs: parts[o + PART_QUEUEING] * 1000,
      serviceMs: parts[o + PART_SERVICE] * 1000,
      retriesMs: parts[o + PART_RETRIES] * 1000,
    });
  });
  return out;
}
