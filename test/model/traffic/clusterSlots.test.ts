import { describe, expect, it } from 'vitest';
import { AnswerTerms, CountedFlags, SortedClusterSet } from '../../../src/model/traffic/answerTerms.js';
import type { ClusterEvaluation } from '../../../src/model/traffic/clusterCache.js';
import { ClusterHourSlots, type ClusterPathState } from '../../../src/model/traffic/clusterSlots.js';
import type { LatencyResult } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { noFailures, TrafficRates } from '../../../src/model/traffic/rates.js';
import type { Route } from '../../../src/model/traffic/routing.js';

const HOUR_S = 3600;
const CLUSTERS = 4;
const USERS = 2;

/** A per-cluster path's state over 4 clusters, 2 user regions and one entry service (s1 of 2), on `routes`. */
function pathState(routes: Route[]): ClusterPathState {
  const answerTerms = routes.map((r) => {
    const t = new AnswerTerms(CLUSTERS);
    t.setRoute(r);
    return t;
  });
  return {
    entryPerS: new Float64Array(2 * CLUSTERS),
    entryServices: [1],
    clusterResults: new Array<ClusterEvaluation | null>(CLUSTERS).fill(null),
    rates: new TrafficRates(USERS, CLUSTERS),
    interZoneLive: new CountedFlags(CLUSTERS),
    logBytesLive: new CountedFlags(CLUSTERS),
    internetLive: new CountedFlags(CLUSTERS),
    failing: new SortedClusterSet(CLUSTERS),
    answerTerms,
    composedParts: routes.map(() => []),
    userRoute: routes,
    lastDemandPerS: new Float64Array(USERS),
  };
}

const evaluation = (servedPerS: number): ClusterEvaluation => ({ servedPerS }) as unknown as ClusterEvaluation;
const estimate = (name: string): LatencyResult => ({ name }) as unknown as LatencyResult;

/** Writes an evaluation's worth of figures, all functions of `k`, as an evaluation at demand k would. */
function fill(s: ClusterPathState, k: number): void {
  for (let c = 0; c < CLUSTERS; c++) {
    s.entryPerS[CLUSTERS + c] = k * (c + 1);
    s.entryPerS[c] = -1; // not an entry service's row: neither kept nor restored
    s.clusterResults[c] = evaluation(k + c);
    s.rates.servedPerS[c] = k + c;
    s.rates.internetBytesPerS[c] = 10 * k + c;
    s.interZoneLive.set(c, (k + c) % 2 === 0);
    s.failing.set(c, (k + c) % 3 === 0);
  }
  for (let u = 0; u < USERS; u++) {
    s.lastDemandPerS[u] = k * 100 + u;
    s.rates.successOnAnswer[u] = 1 / (k + u + 1);
    s.answerTerms[u].terms.fill(k / 10 + u);
    s.composedParts[u].length = 0;
    for (let i = 0; i < k % 3; i++) s.composedParts[u].push({ result: estimate(`k${k}`), rttS: k / 1000, share: 1 / (i + 1) });
  }
}

/** The figures of `s` a slot keeps, as plain data (to compare two states). */
function figures(s: ClusterPathState): unknown {
  return {
    entry: Array.from(s.entryPerS.subarray(CLUSTERS)),
    results: s.clusterResults.map((r) => r?.servedPerS),
    served: Array.from(s.rates.servedPerS),
    internet: Array.from(s.rates.internetBytesPerS),
    interZone: [Array.from(s.interZoneLive.flag), s.interZoneLive.count],
    failing: [...s.failing.list],
    success: Array.from(s.rates.successOnAnswer),
    terms: s.answerTerms.map((t) => Array.from(t.terms)),
    parts: s.composedParts.map((p) => p.map((q) => ({ ...q }))),
  };
}

const routes = (): Route[] => [
  { clusters: [0, 1], weights: [0.5, 0.5] },
  { clusters: [2, 3], weights: [0.5, 0.5] },
];

/**
 * Evaluations at hour 5 (demand k = 1), hour 6 (k = 2), then hour 5 of the next day: the first
 * evaluation there keeps hour 6's state and returns true; the evaluation's demand this hour is
 * written into rates.demandPerS, as FluidEvaluation.run does before its per-cluster pass.
 */
function twoHoursThenNextDay(slots: ClusterHourSlots, s: ClusterPathState, changedOnDay2: number[] = []): boolean {
  const at = (hour: number, day: number): number => day * 86_400 + hour * HOUR_S + 60;
  fill(s, 1);
  slots.enter(at(5, 0), 1, null, s, noFailures(), 0);
  s.rates.demandPerS.set([200, 201]);
  expect(slots.enter(at(6, 0), 2, [], s, { ...noFailures(), unroutable: 7 }, 0)).toBe(true);
  fill(s, 2);
  s.rates.demandPerS.set([100, 101]);
  return slots.enter(at(5, 1), 3, changedOnDay2, s, { ...noFailures(), unroutable: 9 }, 0);
}

describe('ClusterHourSlots', () => {
  it('keeps the last evaluation of an hour when the next evaluation is in another hour, and restores it at that hour of a later day', () => {
    const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
    const s = pathState(routes());
    const kept = pathState(routes());
    fill(kept, 1);
    expect(twoHoursThenNextDay(slots, s, [2])).toBe(true);
    expect(figures(s)).not.toEqual(figures(kept));
    const restored = slots.restore(s, 0);
    expect(restored).not.toBeNull();
    expect(figures(s)).toEqual(figures(kept));
    // The entry failures of hour 5's last evaluation, as given when its state was kept (7), not hour 6's (9).
    expect(restored!.entryFailures.unroutable).toBe(7);
    // Changed since: only cluster 2, reported by this evaluation (the first one noted every cluster, before the slot).
    expect(restored!.since).toEqual([2]);
    expect(slots.restored).toBe(1);
    // Within the hour no slot is kept, and the next evaluation is not a new hour.
    expect(slots.enter(86_400 + 5 * HOUR_S + 120, 4, [], s, noFailures(), 0)).toBe(false);
  });

  it('an evaluation that will invalidate every slot keeps nothing: the slot of the hour it leaves holds what it held', () => {
    const at = (hour: number, day: number): number => day * 86_400 + hour * HOUR_S + 60;
    const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
    const s = pathState(routes());
    const dayZero = pathState(routes());
    fill(dayZero, 1);
    // Day 0 keeps hour 5 (k = 1) when hour 6 starts.
    fill(s, 1);
    slots.enter(at(5, 0), 1, null, s, noFailures(), 0);
    s.rates.demandPerS.set([100, 101]);
    slots.enter(at(6, 0), 2, [], s, noFailures(), 0);
    // Day 1 evaluates hour 5 to k = 3, but hour 6's evaluation will invalidate: hour 5's slot is not
    // overwritten (FluidEvaluation invalidates right after; not done here, to see what the slot holds).
    fill(s, 3);
    slots.enter(at(5, 1), 3, [], s, noFailures(), 0, true);
    slots.enter(at(6, 1), 4, [], s, noFailures(), 0, true);
    fill(s, 4);
    s.rates.demandPerS.set([100, 101]);
    slots.enter(at(5, 2), 5, [], s, noFailures(), 0);
    expect(slots.restore(s, 0)).not.toBeNull();
    expect(figures(s)).toEqual(figures(dayZero));
  });

  it('lists every cluster changed since the slot, in ascending order, with those of evaluations in between', () => {
    const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
    const s = pathState(routes());
    fill(s, 1);
    slots.enter(5 * HOUR_S, 1, null, s, noFailures(), 0);
    slots.enter(6 * HOUR_S, 2, [3], s, noFailures(), 0);
    slots.enter(6 * HOUR_S + 10, 3, [1], s, noFailures(), 0);
    s.rates.demandPerS.set([100, 101]);
    slots.enter(86_400 + 5 * HOUR_S, 4, [0], s, noFailures(), 0);
    expect(slots.restore(s, 0)!.since).toEqual([0, 1, 3]);
  });

  it('keeps a state restored from a slot by copying what changes-only evaluations wrote since, as a whole copy would', () => {
    // Both sequences restore hour 5's slot and write cluster 1 and region 0 as a changes-only
    // evaluation would; one notes what it wrote, the other makes its slots forget where the state came
    // from (a full evaluation), which copies everything. Their slots must then hold the same.
    const run = (noted: boolean): unknown => {
      const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
      const s = pathState(routes());
      twoHoursThenNextDay(slots, s);
      expect(slots.restore(s, 0)).not.toBeNull();
      s.lastDemandPerS.set(s.rates.demandPerS); // as FluidEvaluation.fromHourSlot does
      s.clusterResults[1] = evaluation(99);
      s.rates.servedPerS[1] = 99;
      s.rates.internetBytesPerS[1] = 990;
      s.interZoneLive.set(1, !s.interZoneLive.flag[1]);
      s.failing.set(1, !s.failing.has(1));
      s.answerTerms[0].terms[1] = 0.99;
      s.rates.successOnAnswer[0] = 0.5;
      s.composedParts[0].push({ result: estimate('new'), rttS: 0.009, share: 0.1 });
      if (noted) {
        slots.noteEvaluated([1]);
        slots.noteComposed(0);
      } else slots.noteFull();
      // Hour 6 of day 1 keeps hour 5's state; hour 5 of day 2 restores it into a blank state.
      slots.enter(86_400 + 6 * HOUR_S, 4, [], s, noFailures(), 0);
      s.rates.demandPerS.set([100, 101]);
      slots.enter(2 * 86_400 + 5 * HOUR_S, 5, [], s, noFailures(), 0);
      const blank = pathState([...s.userRoute]);
      blank.rates.demandPerS.set([100, 101]);
      expect(slots.restore(blank, 0)).not.toBeNull();
      return figures(blank);
    };
    const whole = run(false);
    expect(run(true)).toEqual(whole);
    expect((whole as { served: number[] }).served[1]).toBe(99);
  });

  it('restores nothing after an invalidation, a change of every cluster, another cache generation, route or demand', () => {
    const cases: [string, (slots: ClusterHourSlots, s: ClusterPathState) => number][] = [
      ['invalidated', (slots) => (slots.invalidate(), 0)],
      ['every cluster changed', (slots, s) => (slots.enter(86_400 + 5 * HOUR_S + 1, 4, null, s, noFailures(), 0), 0)],
      ['cache emptied', () => 1],
      ['another route', (_, s) => ((s.userRoute as Route[])[1] = { clusters: [2, 3], weights: [0.5, 0.5] }, 0)],
      ['another demand', (_, s) => ((s.rates.demandPerS[1] = 102), 0)],
    ];
    for (const [name, spoil] of cases) {
      const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
      const s = pathState(routes());
      twoHoursThenNextDay(slots, s);
      const generation = spoil(slots, s);
      const before = figures(s);
      expect(slots.restore(s, generation), name).toBeNull();
      expect(figures(s), name).toEqual(before);
    }
    // Unspoiled, the same sequence restores.
    const slots = new ClusterHourSlots(CLUSTERS, USERS, 1);
    const s = pathState(routes());
    twoHoursThenNextDay(slots, s);
    expect(slots.restore(s, 0)).not.toBeNull();
  });
});
