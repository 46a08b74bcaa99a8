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

function compare(file: string, replications: readonly number[], change?: (s: Scenario) => Scenario, edit: (yaml: string) => string = (y) => y): number[] {
  const p = prepareScenario(edit(readFileSync(file, 'utf8')), file, change);
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

  it('async queues (edge-stores): a day whose queues were empty at both its ends repeats, messages included', () => {
    const repeated = compare('scenarios/edge-stores.yaml', [0]);
    // Faults at its 13 sites touch most days, yet over a hundred are quiet.
    for (const n of repeated) expect(n).toBeGreaterThan(100);
  });

  /** One replacement in a fixture's text, which must be there (a fixture edited apart would otherwise go untested silently). */
  const must = (y: string, from: string, to: string): string => {
    if (!y.includes(from)) throw new Error(`the fixture no longer holds "${from}"`);
    return y.replace(from, to);
  };
  /** async-edge-sync for 30 days with this diurnal profile, the queue drained at `drain`/s, and this fault instead of its 30-minute outage (none: that one). */
  const asyncEdge = (diurnal: string, drain: string, fault?: string) => (y: string) => {
    let out = must(must(must(y, 'peakToTrough: 1, peakHourUtc: 0', diurnal), 'drainRate: 50/s', `drainRate: ${drain}`), 'horizon: 4h', 'horizon: 30d');
    if (fault !== undefined) out = must(out, '- { at: 1h, kind: region, target: us-east-1, for: 30m }', fault);
    return out;
  };
  const queueOf = (file: string, edit: (y: string) => string) => {
    const p = prepareScenario(edit(readFileSync(file, 'utf8')), file);
    return simulateDesign(p, 0, designFaultSchedule(p, 0, 0), 0).traffic?.asyncQueues?.[0];
  };

  it('an async queue that fills at every peak and drains by night repeats with its day: backlog, ages and drops', () => {
    const file = 'test/fixtures/async-edge-sync.yaml';
    // Peaks at 10× the trough put more on the queue than its consumers take (25/s), and the
    // 1,000,000-message queue would hold a whole peak: it grows and empties once a day.
    const edit = asyncEdge('peakToTrough: 10, peakHourUtc: 12', '25/s');
    const queue = queueOf(file, edit);
    expect(queue?.maxBacklogMessages).toBeGreaterThan(10_000);
    expect(queue?.meanAgeS).toBeGreaterThan(1);
    const repeated = compare(file, [0], undefined, edit);
    expect(repeated[0]).toBeGreaterThan(20);
  });

  it('an async queue still draining a backlog days later is not repeated until it has emptied', () => {
    const file = 'test/fixtures/async-edge-sync.yaml';
    // A day without the cloud fills the queue (a million messages; the rest are dropped); the
    // consumers take 20.5/s against 20/s arriving, so the backlog shrinks by 0.5/s and takes ~23
    // days to drain, every one of them quiet otherwise: a day repeated while it drains would copy
    // a draining day.
    const edit = asyncEdge('peakToTrough: 1, peakHourUtc: 0', '20.5/s', '- { at: 1d, kind: region, target: us-east-1, for: 1d }');
    const queue = queueOf(file, edit);
    expect(queue?.droppedMessages).toBeGreaterThan(0);
    expect(queue?.maxBacklogMessages).toBe(1_000_000);
    const repeated = compare(file, [0], undefined, edit);
    // Only the days after it emptied (from about day 25 of 30) repeat.
    expect(repeated[0]).toBeGreaterThan(0);
    expect(repeated[0]).toBeLessThan(6);
  });

  it('an async queue holding a steady backlog (consumers as fast as arrivals) never repeats: nothing wakes the model, yet its messages age', () => {
    const file = 'test/fixtures/async-edge-sync.yaml';
    // After a day without the cloud the full queue neither grows nor drains (20/s in, 20/s out): no
    // follow-up is pending and every rate is the same each day, only the queue is not empty.
    const edit = asyncEdge('peakToTrough: 1, peakHourUtc: 0', '20/s', '- { at: 1d, kind: region, target: us-east-1, for: 1d }');
    expect(queueOf(file, edit)?.maxBacklogMessages).toBe(1_000_000);
    expect(compare(file, [0], undefined, edit)).toEqual([0]);
  });
});
