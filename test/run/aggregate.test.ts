import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { userRecoveryOf } from '../../src/run/summarize.js';
import type { FaultSummary } from '../../src/run/types.js';
import { INFO, designSummary, replication, traffic } from './fixture.js';

const T_4 = 2.776445; // t(0.975, 4 dof), from tables

function fault(kind: FaultSummary['kind'], recoveryS: number | null, podsLost: number, extra: Partial<FaultSummary> = {}): FaultSummary {
  return { kind, source: 'stochastic', target: `${kind}-x`, startS: 100, detectionS: 40, failoverS: 45, recoveryS, censored: recoveryS === null, podsLost, usersHitS: null, usersBackS: null, usersCensored: false, ...extra };
}

describe('aggregate', () => {
  const a = [0.9991, 0.9992, 0.9993, 0.9994, 0.9995];
  const reps = a.map((x, r) => replication(r, [designSummary('a', x), designSummary('b', x - 0.0005)]));

  it('gives each design its Student-t interval and pairs the comparison by replication', () => {
    const res = aggregate({ info: INFO, summaries: [...reps].reverse(), stopping: null, createdAt: 't' });
    const d = res.designs[0];
    expect(d.availability.mean).toBeCloseTo(0.9993, 12);
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - 0.9993) ** 2, 0) / 4);
    expect(d.availability.halfWidth).toBeCloseTo((T_4 * sd) / Math.sqrt(5), 8);
    // b is a shifted by a constant: the paired difference is exact, its interval has no width.
    expect(res.comparisons[0].design).toBe('b');
    expect(res.comparisons[0].availability.mean).toBeCloseTo(-0.0005, 12);
    expect(res.comparisons[0].availability.halfWidth).toBeLessThan(1e-12);
    // Unpaired, the intervals would overlap heavily; that is what common random numbers buy.
    expect(res.designs[1].availability.halfWidth).toBeGreaterThan(1e-4);
    expect(d.downtimeMinutesPerMonth.mean).toBeCloseTo((1 - 0.9993) * 43_800, 6);
    expect(res.replications.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4]);
  });

  it('without traffic: capacity proxy, no latency, latency SLO unknown', () => {
    const res = aggregate({ info: INFO, summaries: reps, stopping: null, createdAt: 't' });
    expect(res.designs[0].availabilitySource).toBe('capacity');
    expect(res.designs[0].latency).toBeNull();
    expect(res.designs[0].slo!.checks.map((c) => [c.what, c.status])).toEqual([
      ['availability', 'met'],
      ['p99 all', 'unknown'],
    ]);
    expect(res.designs[0].slo!.status).toBe('unknown');
    expect(res.costNote).toMatch(/carry no cost/);
    expect(res.designs.every((d) => d.cost === null)).toBe(true);
  });

  it('refuses incomplete or duplicated replications', () => {
    expect(() => aggregate({ info: INFO, summaries: [reps[0], reps[2]], stopping: null, createdAt: 't' })).toThrow(/replications must be 0…1/);
    expect(() => aggregate({ info: INFO, summaries: [reps[0], reps[0]], stopping: null, createdAt: 't' })).toThrow(RangeError);
  });

  it('pools fault durations by kind and takes the worst recovery among faults that took pods down', () => {
    const withFaults = [
      replication(0, [designSummary('a', 1, { faults: [fault('node', 300, 2), fault('controlPlane', 9000, 0)] }), designSummary('b', 1)]),
      replication(1, [designSummary('a', 1, { faults: [fault('node', 500, 1), fault('zone', null, 5)] }), designSummary('b', 1)]),
    ];
    const d = aggregate({ info: INFO, summaries: withFaults, stopping: null, createdAt: 't' }).designs[0];
    expect(d.recovery.faults).toBe(4);
    expect(d.recovery.censored).toBe(1);
    expect(d.recovery.worstRecoveryS).toBe(500);
    expect(d.recovery.worstFault).toEqual({ kind: 'node', target: 'node-x', replication: 1 });
    const node = d.recovery.byKind.find((k) => k.kind === 'node')!;
    expect(node.recovery).toEqual({ count: 2, medianS: 400, p90S: 480, maxS: 500 });
    const zone = d.recovery.byKind.find((k) => k.kind === 'zone')!;
    expect(zone).toMatchObject({ count: 1, censored: 1, recovery: { count: 0, medianS: null } });
    expect(d.recovery.byKind.map((k) => k.kind)).toEqual(['zone', 'controlPlane', 'node']);
  });

  it('pools recovery as users felt it beside the capacity figures: every fault counts, zero when users never noticed', () => {
    const t = { traffic: traffic(0.9999, 0.1) };
    const withFaults = [
      replication(0, [
        designSummary('a', 1, { ...t, faults: [fault('node', 300, 2, { usersBackS: 0 }), fault('link', 0, 0, { usersHitS: 0, usersBackS: 660 }), fault('controlPlane', 0, 0, { usersHitS: 9000, usersBackS: 9120 })] }),
        designSummary('b', 1, t),
      ]),
      replication(1, [
        designSummary('a', 1, { ...t, faults: [fault('node', 500, 1, { usersHitS: 0, usersBackS: 120 }), fault('zone', null, 5, { usersHitS: 0, usersBackS: null, usersCensored: true })] }),
        designSummary('b', 1, t),
      ]),
    ];
    const res = aggregate({ info: INFO, summaries: withFaults, stopping: null, createdAt: 't' });
    const users = userRecoveryOf(res.designs[0])!;
    // Capacity says the worst was a node (500 s); users felt a partition most (660 s), which took no pod.
    // The control-plane outage hit users only 2.5 h in, for 2 minutes: felt 120 s, back 9120 s after its start.
    expect(res.designs[0].recovery.worstRecoveryS).toBe(500);
    expect(users.worstS).toBe(660);
    expect(users.worstFault).toEqual({ kind: 'link', target: 'link-x', replication: 0 });
    expect(users).toMatchObject({ faults: 5, noticed: 4, censored: 1, criterion: { source: 'slo', availabilityRatio: 0.999, latencyTargets: 1 } });
    const node = users.byKind.find((k) => k.kind === 'node')!;
    expect(node).toMatchObject({ count: 2, noticed: 1, censored: 0, felt: { count: 2, medianS: 60, maxS: 120 }, usersBack: { count: 2, medianS: 60, maxS: 120 } });
    expect(users.byKind.find((k) => k.kind === 'controlPlane')).toMatchObject({ noticed: 1, felt: { maxS: 120 }, usersBack: { maxS: 9120 } });
    expect(users.byKind.find((k) => k.kind === 'zone')).toMatchObject({ count: 1, noticed: 1, censored: 1, felt: { count: 0, medianS: null } });
    expect(users.byKind.map((k) => k.kind)).toEqual(['zone', 'link', 'controlPlane', 'node']);
    // Without the traffic model there is nothing users felt to report.
    expect(userRecoveryOf(res.designs[1])).toMatchObject({ faults: 0, worstS: null });
    const noTraffic = aggregate({ info: { ...INFO, slo: null }, summaries: [replication(0, [designSummary('a', 1, { faults: [fault('node', 300, 2)] }), designSummary('b', 1)])], stopping: null, createdAt: 't' });
    expect(userRecoveryOf(noTraffic.designs[0])).toBeNull();
  });

  it('without an SLO, users are judged by the default success ratio, and the results say so', () => {
    const res = aggregate({ info: { ...INFO, slo: null }, summaries: [replication(0, [designSummary('a', 1, { traffic: traffic(1, 0.1) }), designSummary('b', 1, { traffic: traffic(1, 0.1) })])], stopping: null, createdAt: 't' });
    expect(userRecoveryOf(res.designs[0])!.criterion).toEqual({ source: 'default', availabilityRatio: 0.999, latencyTargets: 0 });
  });

  it('with traffic: request availability, pooled latency, and latency SLO from per-replication percentiles', () => {
    const summaries = [0, 1, 2].map((r) =>
      replication(r, [designSummary('a', 0.9999, { traffic: traffic(0.9999, 0.1) }), designSummary('b', 0.99, { traffic: traffic(0.99, 1) })]),
    );
    const res = aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' });
    const [a2, b2] = res.designs;
    expect(a2.availabilitySource).toBe('traffic');
    // Latencies uniform on (0, 0.1 s]: p99 ≈ 0.099 s within the histogram's 1%.
    expect(Math.abs(a2.latency!.byUserRegion[0].pooled.p99S! - 0.099) / 0.099).toBeLessThan(0.011);
    expect(a2.traffic!.failedBy.shed).toBe(3);
    // a: availability 99.99% ≥ 99.9% and p99 ≈ 99 ms ≤ 200 ms in every replication → met (no spread → zero width).
    expect(a2.slo!.status).toBe('met');
    // b: 99% < 99.9% and p99 ≈ 990 ms > 200 ms → not met.
    expect(b2.slo!.status).toBe('not met');
    expect(b2.slo!.checks.filter((c) => c.status === 'not met').map((c) => c.what)).toEqual(['availability', 'p99 eu', 'p99 us']);
    expect(res.verdict.recommended).toBe('a');
    expect(res.verdict.headline).toMatch(/^a: the only design that meets the SLO/);
    expect(res.comparisons[0].p99S!.mean).toBeGreaterThan(0.8);
  });
});

describe('aggregate: each user region judged against the SLO on its own requests', () => {
  // 5000 requests per region and replication. In a, eu fails 0.5% (+0.01% a replication) of its
  // requests and spends 30 + r minutes outside the SLO; us fails nothing. Design b is a with eu fixed.
  const regional = (euFailed: number, euMinutes: number) => {
    const t = traffic(1, 0.08);
    return {
      ...t,
      requests: 10_000,
      failedRequests: euFailed,
      minutesOutsideSlo: euMinutes,
      byUserRegion: [
        { ...t.byUserRegion[0], requests: 5000, failedRequests: euFailed, availability: 1 - euFailed / 5000, minutesOutsideSlo: euMinutes, errorBudgetUsedRatio: euFailed / (0.001 * 5000) },
        { ...t.byUserRegion[1], requests: 5000, failedRequests: 0, availability: 1, minutesOutsideSlo: 0, errorBudgetUsedRatio: 0 },
      ],
    };
  };
  const summaries = [0, 1, 2].map((r) =>
    replication(r, [
      designSummary('a', 1 - (25 + r) / 10_000, { traffic: regional(25 + r, 30 + r) }),
      designSummary('b', 1, { traffic: regional(0, 0) }),
    ]),
  );
  const info = { ...INFO, slo: { availabilityRatio: 0.999, latency: [] } };
  const res = aggregate({ info, summaries, stopping: null, createdAt: 't' });

  it('gives each region its minutes outside the SLO and budget used with a Student-t interval over replications', () => {
    const eu = res.designs[0].traffic!.byUserRegion![0];
    expect(eu.minutesOutsideSlo!.mean).toBeCloseTo(31, 12);
    // 30, 31, 32: sd 1, t(0.975, 2 dof) = 4.302653.
    expect(eu.minutesOutsideSlo!.halfWidth).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(eu.errorBudgetUsedRatio!.mean).toBeCloseTo(26 / 5, 12);
    expect(res.designs[0].traffic!.minutesOutsideSlo!.mean).toBeCloseTo(31, 12);
  });

  it('judges each region\'s availability against the target: eu (99.48%) not met, us met', () => {
    const [eu, us] = res.designs[0].traffic!.byUserRegion!;
    expect(eu.slo!.status).toBe('not met');
    expect(eu.slo!.checks.map((c) => c.what)).toEqual(['availability']);
    expect(us.slo!.status).toBe('met');
  });

  it('pairs the regions\' minutes and budgets with the baseline by replication', () => {
    const c = res.comparisons[0];
    expect(c.minutesOutsideSlo).toMatchObject({ n: 3, mean: -31 });
    const eu = c.byUserRegion![0];
    expect(eu.minutesOutsideSlo!.mean).toBeCloseTo(-31, 12);
    expect(eu.minutesOutsideSlo!.halfWidth).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(eu.errorBudgetUsedRatio!.mean).toBeCloseTo(-26 / 5, 12);
    expect(c.byUserRegion![1].minutesOutsideSlo).toMatchObject({ mean: 0, halfWidth: 0 });
  });

  it('without an SLO: null, not zero', () => {
    const none = aggregate({ info: { ...INFO, slo: null }, summaries, stopping: null, createdAt: 't' });
    const u = none.designs[0].traffic!.byUserRegion![0];
    expect([u.minutesOutsideSlo, u.errorBudgetUsedRatio, u.slo]).toEqual([null, null, null]);
    expect(none.designs[0].traffic!.minutesOutsideSlo).toBeNull();
    expect(none.comparisons[0].byUserRegion![0].minutesOutsideSlo).toBeNull();
  });

  it('older summaries without the figures give intervals of nothing, not zeros', () => {
    const old = summaries.map((s) => ({ ...s, designs: s.designs.map((d) => ({ ...d, traffic: { ...d.traffic!, minutesOutsideSlo: undefined, byUserRegion: d.traffic!.byUserRegion.map(({ minutesOutsideSlo: _m, errorBudgetUsedRatio: _e, ...u }) => u) } })) }));
    const r = aggregate({ info, summaries: old, stopping: null, createdAt: 't' });
    expect(r.designs[0].traffic!.byUserRegion![0].minutesOutsideSlo).toMatchObject({ n: 0, mean: null });
  });
});
