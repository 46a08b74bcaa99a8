import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { prepareRun } from '../../src/run/context.js';
import { designFaultSchedules, replicate, serializeSummary, simulateDesign } from '../../src/run/pipeline.js';
import type { ReplicationSummary } from '../../src/run/types.js';
import { trafficOf } from '../../src/run/summarize.js';
import { DEFAULT_SCENARIO, FIXED_TIME, defaultText } from './fixture.js';

/**
 * The fields results.json gained for the report (issue 19): per-region availability, the error
 * budget's burn, every fault of replication 0 with what it did, paired cost and per-region differences.
 * Each is checked against a figure results.json already had, computed another way.
 */
const overrides = { horizonS: 30 * 86_400, replications: 3 };
const ctx = prepareRun(defaultText(), DEFAULT_SCENARIO, overrides);
const summaries: ReplicationSummary[] = [0, 1, 2].map((r) => JSON.parse(serializeSummary(replicate(ctx, r, ctx.cost))) as ReplicationSummary);
const results = aggregate({ info: ctx.info, summaries, stopping: null, createdAt: FIXED_TIME });

describe('per-user-region availability', () => {
  it('weighted by each region\'s requests, equals the replication\'s availability', () => {
    for (const s of summaries) {
      for (const d of s.designs) {
        const t = d.traffic!;
        const served = t.byUserRegion.reduce((a, u) => a + u.requests * u.availability!, 0);
        const requests = t.byUserRegion.reduce((a, u) => a + u.requests, 0);
        expect(requests).toBeCloseTo(t.requests, 3);
        expect(served / requests).toBeCloseTo(d.availability, 10);
      }
    }
  });

  it('aggregates each region over replications, and pairs it with the baseline', () => {
    const base = results.designs[0];
    for (const [i, d] of results.designs.entries()) {
      ctx.info.userRegions.forEach((name, k) => {
        const u = d.traffic!.byUserRegion![k];
        expect(u.name).toBe(name);
        const values = summaries.map((s) => s.designs[i].traffic!.byUserRegion[k].availability!);
        expect(u.availability.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
        expect(u.downtimeMinutesPerMonth.mean).toBeCloseTo((1 - u.availability.mean!) * 43_800, 6);
        if (i === 0) return;
        const c = results.comparisons[i - 1].byUserRegion![k];
        // The paired mean is the difference of the means; its interval is the paired one, not Welch's.
        expect(c.availability.mean).toBeCloseTo(u.availability.mean! - base.traffic!.byUserRegion![k].availability.mean!, 12);
        expect(c.p99S.n).toBe(3);
      });
    }
  });
});

describe('per-user-region minutes outside the SLO and error budget', () => {
  it('in every replication: the regions\' budgets weighted by their requests give the design\'s, and all users\' minutes are at most the regions\' summed', () => {
    const slo = ctx.info.slo!.availabilityRatio;
    for (const s of summaries) {
      for (const d of s.designs) {
        const t = d.traffic!;
        const weighted = t.byUserRegion.reduce((a, u) => a + (u.errorBudgetUsedRatio ?? 0) * u.requests, 0) / t.requests;
        expect(weighted).toBeCloseTo(t.errorBudgetUsedRatio, 9);
        for (const u of t.byUserRegion) expect(u.errorBudgetUsedRatio!).toBeCloseTo(u.failedRequests / ((1 - slo) * u.requests), 9);
        const regional = t.byUserRegion.reduce((a, u) => a + u.minutesOutsideSlo!, 0);
        expect(t.minutesOutsideSlo!).toBeLessThanOrEqual(regional + 1e-9);
        // Whole minutes of a 30-day horizon without warm-up: counts.
        for (const m of [t.minutesOutsideSlo!, ...t.byUserRegion.map((u) => u.minutesOutsideSlo!)]) expect(Number.isInteger(m)).toBe(true);
      }
    }
  });

  it('aggregates each region\'s figures over replications and pairs them with the baseline', () => {
    for (const [i, d] of results.designs.entries()) {
      ctx.info.userRegions.forEach((name, k) => {
        const u = d.traffic!.byUserRegion![k];
        const values = summaries.map((s) => s.designs[i].traffic!.byUserRegion[k].minutesOutsideSlo!);
        expect(u.minutesOutsideSlo!.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 9);
        expect(u.slo!.checks[0]).toMatchObject({ what: 'availability', estimate: u.availability });
        if (i === 0) return;
        const c = results.comparisons[i - 1].byUserRegion![k];
        const base = summaries.map((s) => s.designs[0].traffic!.byUserRegion[k].minutesOutsideSlo!);
        expect(c.minutesOutsideSlo!.mean).toBeCloseTo(values.reduce((a, b, r) => a + b - base[r], 0) / 3, 9);
      });
    }
  });
});

describe('paired cost', () => {
  it('is the mean of the per-replication differences, and tighter than the designs\' own spreads when they move together', () => {
    for (const c of results.comparisons) {
      const i = results.designs.findIndex((d) => d.name === c.design);
      const diffs = summaries.map((s) => s.designs[i].cost!.totalUsd - s.designs[0].cost!.totalUsd);
      expect(c.monthlyUsd!.mean).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / diffs.length, 6);
      expect(c.monthlyUsd!.n).toBe(3);
    }
  });
});

describe('error budget burn', () => {
  it('ends, in every replication, at the budget used already in results', () => {
    const slo = ctx.info.slo!.availabilityRatio;
    for (const s of summaries) {
      for (const d of s.designs) {
        const t = d.traffic!;
        const burnt = t.burn!.failed.reduce((a, b) => a + b, 0) / ((1 - slo) * t.requests);
        expect(burnt).toBeCloseTo(t.errorBudgetUsedRatio, 9);
        expect(t.burn!.endS.at(-1)).toBe(ctx.info.horizonS);
        // 30 days: the finest step with at most 400 points is 6 h.
        expect(t.burn!.stepS).toBe(6 * 3600);
      }
    }
    for (const d of results.designs) {
      const b = d.traffic!.errorBudgetBurn!;
      // Six significant digits in results.json.
      expect(b.mean.at(-1)!).toBeCloseTo(d.traffic!.errorBudgetUsedRatio.mean!, 5);
      expect(b.upper.at(-1)!).toBeCloseTo(d.traffic!.errorBudgetUsedRatio.upper!, 5);
      // Cumulative: never falls.
      for (let k = 1; k < b.mean.length; k++) expect(b.mean[k]).toBeGreaterThanOrEqual(b.mean[k - 1]);
      expect(b.endS.length).toBe(120);
    }
  });
});

describe('fault windows', () => {
  it('are shares within [0, 1], one per fault, and a fault that took pods away shows in the ready capacity', () => {
    const faults = designFaultSchedules(ctx, 0);
    const result = simulateDesign(ctx, 0, faults[0], 0);
    // The ledger's trace is taken off the outcome: no summary carries it.
    expect(Object.keys(trafficOf(result)!)).not.toContain('trace');
    expect(result.faultWindows!.length).toBe(result.faults.length);
    for (const [j, f] of result.faults.entries()) {
      const w = result.faultWindows![j];
      if (w.servedRatio !== null) {
        expect(w.servedRatio).toBeGreaterThanOrEqual(0);
        expect(w.servedRatio).toBeLessThanOrEqual(1);
      }
      expect(w.readyCapacity).toBeGreaterThanOrEqual(0);
      expect(w.readyCapacity).toBeLessThanOrEqual(1);
      // A fault that took pods away shows it in the ready capacity while it lasted, unless they came back at once.
      if (f.podsLost > 0 && f.recoveredS > f.startS + 60 && f.endS > f.startS + 60) expect(w.readyCapacity).toBeLessThan(1);
    }
  });

  it('list every fault of replication 0 in each design with the figures the fault tables pool', () => {
    const ft = results.faultTimelines!;
    expect(ft.replication).toBe(0);
    for (const [i, d] of results.designs.entries()) {
      const own = summaries[0].designs[i].faults;
      const listed = ft.faults.filter((f) => f.designs[i] !== null);
      expect(listed.length).toBe(own.length);
      for (const f of listed) {
        const src = own.find((x) => x.kind === f.kind && x.target === f.target && x.startS === f.startS)!;
        const fig = f.designs[i]!;
        expect(fig.recoveryS).toBe(src.recoveryS);
        expect(fig.detectionS).toBe(src.detectionS);
        expect(fig.usersOutS).toBe(src.usersOutS);
        // The recovery table's spread for the kind covers this fault's recovery.
        const kind = d.recovery.byKind.find((k) => k.kind === f.kind)!;
        if (fig.recoveryS !== null) expect(fig.recoveryS).toBeLessThanOrEqual(kind.recovery.maxS!);
      }
    }
    // In order of start, and some with a timeline of 48 steps around them.
    for (let k = 1; k < ft.faults.length; k++) expect(ft.faults[k].startS).toBeGreaterThanOrEqual(ft.faults[k - 1].startS);
    const timed = ft.faults.filter((f) => f.timeline !== null);
    expect(timed.length).toBeGreaterThan(0);
    for (const f of timed) {
      for (const d of f.timeline!.designs) if (d !== null) expect(d.readyCapacity.length).toBe(48);
      // The window holds the fault's start.
      expect(f.timeline!.windowStartS).toBeLessThanOrEqual(f.startS);
    }
  });
});
