import { aggregate } from '../../src/run/aggregate.js';
import type { CostResult, Results } from '../../src/run/results.js';
import type { FaultSummary, TrafficSummary } from '../../src/run/types.js';
import { INFO, designSummary, replication, traffic } from '../run/fixture.js';

/** Results with every optional part filled: traffic, a showcase with success ratios, and cost. */
/** `designs`: the first one or both of replicated and segmented (a one-design run draws its charts too). */
export function fullResults(designs: readonly ('replicated' | 'segmented')[] = ['replicated', 'segmented']): Results {
  // A zone fault in both designs, with the figures and timeline the model keeps of it (faultWindows.ts).
  const zoneFault = (recoveryS: number, servedRatio: number): FaultSummary => ({
    kind: 'zone', source: 'stochastic', target: 'z1', startS: 4000, detectionS: 40, failoverS: 45, recoveryS, censored: false, podsLost: 3, usersHitS: 0, usersBackS: 50, usersOutS: 50, usersCensored: false,
    endS: 4300, servedRatio, readyCapacity: 0.75,
    timeline: { windowStartS: 3400, stepS: 60, successRatio: Array.from({ length: 48 }, (_, k) => (k >= 10 && k < 15 ? servedRatio : k === 40 ? null : 1)), readyCapacity: Array.from({ length: 48 }, (_, k) => (k >= 10 && k < 10 + recoveryS / 60 ? 0.5 : 1)) },
  });
  // A burn series: the traffic fixture's failures spread over three days, ending at its errorBudgetUsedRatio's failures.
  const withBurn = (t: TrafficSummary): TrafficSummary => ({ ...t, burn: { stepS: 86_400, endS: [86_400, 172_800, 259_200], failed: [0.2, 0.3, 0.5].map((x) => x * t.failedRequests) } });
  const summaries = [0, 1, 2].map((r) =>
    replication(
      r,
      [
        designSummary('replicated', 0.9999 - r * 1e-5, { traffic: withBurn(traffic(0.9999, 0.08)), faults: [zoneFault(350, 0.9)] }),
        designSummary('segmented', 0.9990 - r * 1e-5, { traffic: withBurn(traffic(0.999, 0.3)), faults: [zoneFault(350, 0.7)] }),
      ].filter((d) => designs.includes(d.design as 'replicated' | 'segmented')),
    ),
  );
  const tS = Array.from({ length: 50 }, (_, k) => (k - 10) * 30);
  summaries[1] = {
    ...summaries[1],
    showcase: {
      plan: { replication: 1, kind: 'zone', target: 'z1', source: 'scripted', startS: 1000, endS: 1900, windowStartS: 700, windowEndS: 2500, stepS: 30 },
      designs: designs.map((design, i) => ({
        design,
        tS,
        readyCapacity: tS.map((t) => (t >= 0 && t < 300 * (i + 1) ? 0.5 : 1)),
        successRatio: tS.map((t) => (t >= 0 && t < 60 * (i + 1) ? 0.7 : t === 600 ? null : 1)),
      })),
    },
  };
  const described = [{ name: 'replicated', description: 'full copy per region' }, { name: 'segmented', description: 'split' }];
  const info = { ...INFO, designs: described.filter((d) => designs.includes(d.name as 'replicated' | 'segmented')) };
  const base = aggregate({ info, summaries, stopping: null, createdAt: '2025-01-01T00:00:00.000Z' });
  const cost = (monthly: number): CostResult => ({
    monthlyUsd: { n: 3, mean: monthly, halfWidth: 10, lower: monthly - 10, upper: monthly + 10 },
    perMillionRequestsUsd: { n: 3, mean: monthly / 1000, halfWidth: 0.01, lower: monthly / 1000 - 0.01, upper: monthly / 1000 + 0.01 },
    breakdown: [
      { category: 'nodes', monthlyUsd: monthly * 0.7 },
      { category: 'controlPlane', monthlyUsd: 146 },
      { category: 'dataTransfer', monthlyUsd: monthly * 0.3 - 146 },
    ],
    idle: { unallocatedUsd: monthly * 0.2, allocatedUnusedUsd: monthly * 0.1 },
    clusters: ['eu-1', 'us-1'],
    byCluster: [],
    lines: [],
    notes: [],
    catalogAsOf: '2026-01',
  });
  return { ...base, designs: base.designs.map((d, i) => ({ ...d, cost: cost(i === 0 ? 2400 : 1500) })), costNote: null };
}

/**
 * Per-region SLO figures (issue 19): under `replicated` the small region eu (1% of requests) fails
 * 0.5% of its own and spends 40 + r minutes outside the SLO, which all users together (0.005% failed)
 * never notice; under `segmented` nothing fails. Three replications, SLO availability 99.9%.
 */
export function regionSloResults(): Results {
  const regional = (euFailed: number, euMinutes: number): TrafficSummary => {
    const t = traffic(1, 0.08);
    const [eu, us] = t.byUserRegion;
    return {
      ...t,
      requests: 1_000_000,
      failedRequests: euFailed,
      errorBudgetUsedRatio: euFailed / (0.001 * 1_000_000),
      minutesOutsideSlo: 0,
      byUserRegion: [
        { ...eu, requests: 10_000, failedRequests: euFailed, availability: 1 - euFailed / 10_000, minutesOutsideSlo: euMinutes, errorBudgetUsedRatio: euFailed / (0.001 * 10_000) },
        { ...us, requests: 990_000, failedRequests: 0, availability: 1, minutesOutsideSlo: 0, errorBudgetUsedRatio: 0 },
      ],
    };
  };
  const summaries = [0, 1, 2].map((r) =>
    replication(r, [
      designSummary('replicated', 1 - (50 + r) / 1_000_000, { traffic: regional(50 + r, 40 + r) }),
      designSummary('segmented', 1, { traffic: regional(0, 0) }),
    ]),
  );
  const info = { ...INFO, slo: { availabilityRatio: 0.999, latency: [] }, designs: [{ name: 'replicated', description: 'full copy per region' }, { name: 'segmented', description: 'split' }] };
  return aggregate({ info, summaries, stopping: null, createdAt: '2025-01-01T00:00:00.000Z' });
}
