import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designFaultSchedule, prepareScenario, simulateDesign, type ReplicationResult } from '../../../src/run/pipeline.js';
import type { Scenario } from '../../../src/scenario/types.js';

/**
 * Quiet days (fluid.ts startDay, datastoreRuntime.ts carry): a day in which nothing but the hourly
 * demand changed is repeated rather than evaluated hour by hour. Repeating must change nothing but
 * the order of floating-point sums, so every number of a replication — requests, failures by cause,
 * bytes, latency histograms, minutes outside the SLO, burn series, fault windows, datastore figures —
 * is compared with the same replication evaluated every hour (repeatQuietDays: false), to 1e-11
 * relative (sums of a year's hours in another order differ by ~1e-15), and minutes judged against
 * the SLO exactly.
 */

const DAY_S = 86_400;

/**
 * Every number in `a` against `b`, path by path; diagnostics (counts of work done) and event counts
 * differ by design. Latency quantiles are compared like the rest: with few estimates the histogram is
 * a few hundred equal atoms and its CDF can sit at exactly p across a gap, where the last bit of the
 * sums used to pick the end reported (a p50 of 34.4 against 35.1 ms over identical buckets, in
 * edge-partition run for 20 days); LogHistogram.quantile now reports the first bucket that reaches
 * the rank within rounding.
 */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (path.endsWith('.diagnostics') || path === '.events') return [];
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return [];
    const scale = Math.max(Math.abs(a), Math.abs(b));
    return a === b || Math.abs(a - b) <= 1e-11 * scale ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object') return [`${path}: object vs ${String(b)}`];
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return a === b ? [] : [`${path}: ${String(a)} vs ${String(b)}`];
}

function daysRepeated(r: ReplicationResult): number {
  return r.traffic?.diagnostics?.daysRepeated ?? 0;
}

function compare(file: string, replications: readonly number[], change?: (s: Scenario) => Scenario): number[] {
  const p = prepareScenario(readFileSync(file, 'utf8'), file, change);
  const repeated: number[] = [];
  for (const r of replications) {
    for (let d = 0; d < p.scenario.designs.length; d++) {
      const faults = designFaultSchedule(p, r, d);
      const quick = simulateDesign(p, d, faults, r);
      const hourly = simulateDesign(p, d, faults, r, { repeatQuietDays: false });
      expect(differences(quick, hourly), `${file} ${p.scenario.designs[d].name} replication ${r}`).toEqual([]);
      expect(daysRepeated(hourly)).toBe(0);
      // Same minutes outside the SLO, not just close: a minute is judged, not summed.
      expect(quick.traffic?.minutesOutsideSlo).toBe(hourly.traffic?.minutesOutsideSlo);
      repeated.push(daysRepeated(quick));
    }
  }
  return repeated;
}

describe('quiet days repeated give the results of days evaluated hour by hour', () => {
  it('the default scenario (three designs, datastores, an SLO with a latency target): most of the year is repeated', () => {
    const repeated = compare('scenarios/default.yaml', [0, 3]);
    // Faults touch about one day in ten: well over 250 of 365 days are copies.
    for (const n of repeated) expect(n).toBeGreaterThan(250);
  });

  it('a segmented design with a mesh and a demand spike (retail-segmented)', () => {
    const repeated = compare('scenarios/retail-segmented.yaml', [1]);
    for (const n of repeated) expect(n).toBeGreaterThan(200);
  });

  it('spikes lasting days, a warm-up ending mid-day, a horizon ending mid-day, per-region latency targets', () => {
    const repeated = compare('scenarios/gdpr-eu-us.yaml', [2], (s) => ({
      ...s,
      run: {
        ...s.run,
        horizonS: 200.4 * DAY_S,
        warmupS: 2.5 * DAY_S,
        slo: { availabilityRatio: 0.9995, latency: [{ percentile: 99, maxS: 0.2, userRegion: undefined }, { percentile: 50, maxS: 0.05, userRegion: s.workload.userRegions[0].name }] },
      },
      workload: {
        ...s.workload,
        userRegions: s.workload.userRegions.map((u, i) => ({ ...u, spikes: i === 0 ? [{ atS: 40.25 * DAY_S, forS: 9 * DAY_S, multiplier: 1.7 }, { atS: 120 * DAY_S, forS: 3600, multiplier: 3 }] : [] })),
      },
    }));
    for (const n of repeated) expect(n).toBeGreaterThan(100);
  });

  it('every test fixture run for at least 20 days: DNS, anycast, retries, timeouts, spill-over, outlier ejection, dependencies, datastores, residency, upgrades, overload (never repeated)', () => {
    const dir = 'test/fixtures';
    const atLeast20Days = (s: Scenario): Scenario => ({ ...s, run: { ...s.run, horizonS: Math.max(s.run.horizonS, 20 * DAY_S) } });
    let repeatedSomewhere = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      repeatedSomewhere += compare(`${dir}/${f}`, [0], atLeast20Days).filter((n) => n > 0).length;
    }
    // Most fixtures' faults are over within a day, so most of their designs repeat days.
    expect(repeatedSomewhere).toBeGreaterThan(30);
  });

  it('a fleet with events every day (edge-stores: faults at hundreds of sites) repeats nothing and is unchanged', () => {
    const repeated = compare('scenarios/edge-stores.yaml', [0]);
    for (const n of repeated) expect(n).toBe(0);
  });
});
