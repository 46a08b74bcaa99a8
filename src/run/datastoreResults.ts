import { YEAR_S } from '../model/faults/processes.js';
import { SECONDS_PER_MONTH } from '../cost/month.js';
import type { DatastoreSummary } from './datastoreSummary.js';
import { interval, quantileSorted } from './intervals.js';
import type { DatastoreResult, Interval, Percentiles } from './results.js';

/**
 * A design's datastores over replications (docs/results-schema.md, `designs[].datastores[]`):
 * availability, commit latency, failover and lost-write rates and replication bytes as intervals over
 * replications like every other per-replication figure; failovers pooled over replications for their
 * RTO and RPO percentiles.
 */

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: null, p99: null, max: null };
  return { count: sorted.length, p50: quantileSorted(sorted, 0.5), p99: quantileSorted(sorted, 0.99), max: sorted[sorted.length - 1] };
}

/**
 * An availability's interval with its bounds clipped to [0, 1]: a ratio's Student-t interval over few
 * replications near 100% would otherwise reach above it. The mean and halfWidth stay those of the
 * t interval (so the reported bounds may be closer to the mean than mean ± halfWidth).
 */
function ratioInterval(values: readonly number[]): Interval {
  const i = interval(values);
  const clip = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));
  return { ...i, lower: clip(i.lower), upper: clip(i.upper) };
}

const present = (xs: readonly (number | null)[]) => xs.filter((x): x is number => x !== null);
const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);

/**
 * Per store (in the order the first replication lists them) over the replications, in replication
 * order; a replication without the store counts as none of its failovers and bytes. `spanS`: the
 * measured time of a replication (horizon − warm-up). Undefined when no replication has a store.
 */
export function datastoresOverReplications(perReplication: readonly (readonly DatastoreSummary[] | undefined)[], spanS: number): DatastoreResult[] | undefined {
  const names: string[] = [];
  for (const stores of perReplication) for (const s of stores ?? []) if (!names.includes(s.name)) names.push(s.name);
  if (names.length === 0) return undefined;
  const perYear = YEAR_S / spanS;
  const perMonth = SECONDS_PER_MONTH / spanS;
  return names.map((name) => {
    const xs = perReplication.map((stores) => stores?.find((s) => s.name === name));
    const have = xs.filter((x): x is DatastoreSummary => x !== undefined);
    // Every loss of the primary has an RTO; only those ending in a promotion are failovers (with an RPO).
    const losses = have.flatMap((x) => x.failovers);
    const failovers = losses.filter((f) => f.promoted);
    const inMs = (v: number | null) => (v === null ? null : v * 1000);
    const over = (pick: (x: DatastoreSummary) => number | null) => interval(present(have.map(pick)));
    return {
      name,
      kind: have[0].kind,
      writeAvailability: ratioInterval(present(have.map((x) => x.writeAvailableRatio))),
      readAvailability: ratioInterval(present(have.map((x) => x.readAvailableRatio))),
      commitLatencyMs: {
        mean: over((x) => inMs(x.commitLatencyS.mean)),
        p50: over((x) => inMs(x.commitLatencyS.p50)),
        p99: over((x) => inMs(x.commitLatencyS.p99)),
      },
      failoversPerYear: interval(xs.map((x) => (x?.failovers.filter((f) => f.promoted).length ?? 0) * perYear)),
      failovers: { count: failovers.length, primaryLosses: losses.length, notRecovered: losses.filter((f) => f.rtoS === null).length, splitBrain: failovers.filter((f) => f.splitBrain).length },
      rtoS: percentiles(present(losses.map((f) => f.rtoS))),
      rpoS: percentiles(failovers.map((f) => f.rpoS)),
      rpoBytes: percentiles(failovers.map((f) => f.lostBytes)),
      lostWritesPerYear: interval(xs.map((x) => sum((x?.failovers ?? []).map((f) => f.lostWrites)) * perYear)),
      replicationBytesPerMonth: {
        total: interval(xs.map((x) => (x?.replicationBytes ?? 0) * perMonth)),
        interRegion: interval(xs.map((x) => sum((x?.interRegionReplicationBytes ?? []).map((b) => b.bytes)) * perMonth)),
      },
      readStalenessS: over((x) => x.readStalenessS),
      maxLagS: { mean: over((x) => x.maxLagS), max: have.some((x) => x.maxLagS !== null) ? Math.max(...present(have.map((x) => x.maxLagS))) : null },
    };
  });
}
