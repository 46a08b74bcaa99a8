import { afterEach, describe, expect, it } from 'vitest';
import { fleetScenarioYaml } from '../../../bench/fleetScenario.js';
import { HourSlots, hourSlotsApply, MAX_SLOTTED_GROUPS, type HourSlotsCase } from '../../../src/model/traffic/hourSlots.js';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { chainScenario } from './fixture.js';
import { trafficParts } from './parts.js';
import { modelRun, randomMeshFleet } from './randomFleets.js';

/**
 * The fleet-wide load flow kept per hour of the day (hourSlots.ts) and what it needs to give the
 * one flow's results bit for bit. Whole runs are compared with the slots on and off (every other
 * shortcut on), besides incremental*.test.ts, which turn every shortcut off at once.
 */

const HOUR_S = 3600;
const DAY_S = 86_400;

afterEach(() => {
  incremental.hourSlots = true;
});

describe('HourSlots', () => {
  it('gives each hour of the day its own flow, the same one every day, made on first use', () => {
    const made: string[] = [];
    const first = { name: 'first' } as unknown as LoadFlow;
    const slots = new HourSlots(first, 0, () => {
      const flow = { name: `made${made.length}` } as unknown as LoadFlow;
      made.push((flow as unknown as { name: string }).name);
      return flow;
    });
    expect(slots.at(0)).toBe(first);
    expect(slots.at(HOUR_S - 1)).toBe(first);
    expect(slots.at(3 * DAY_S + 59)).toBe(first);
    const two = slots.at(2 * HOUR_S);
    expect(two).not.toBe(first);
    expect(slots.at(DAY_S + 2 * HOUR_S + 1800)).toBe(two);
    expect(slots.at(5 * HOUR_S)).not.toBe(two);
    expect(made).toEqual(['made0', 'made1']);
    expect([...slots.made()]).toHaveLength(3);
  });

  it('keeps one flow for every hour from the third day when most passes were whole, and all of them otherwise', () => {
    const flow = (whole: number) => ({ fleetPasses: 10, wholePasses: whole }) as unknown as LoadFlow;
    const wholeAnyway = new HourSlots(flow(0), 0, () => flow(9));
    for (let h = 0; h < 24; h++) wholeAnyway.at(h * HOUR_S);
    const kept = wholeAnyway.at(2 * DAY_S + 5 * HOUR_S);
    expect(wholeAnyway.at(2 * DAY_S + 6 * HOUR_S)).toBe(kept);
    expect(wholeAnyway.at(3 * DAY_S)).toBe(kept);
    const paying = new HourSlots(flow(1), 0, () => flow(1));
    for (let h = 0; h < 24; h++) paying.at(h * HOUR_S);
    expect(paying.at(2 * DAY_S + 6 * HOUR_S)).not.toBe(paying.at(2 * DAY_S + 5 * HOUR_S));
  });

  it('starts with the flow of the hour the model starts in', () => {
    const first = {} as LoadFlow;
    const slots = new HourSlots(first, 7 * HOUR_S + 10, () => ({}) as LoadFlow);
    expect(slots.at(7 * HOUR_S)).toBe(first);
    expect(slots.at(0)).not.toBe(first);
  });
});

describe('hourSlotsApply', () => {
  const plain: HourSlotsCase = { mesh: true, deltaPasses: true, clientRetries: false, tracksUtilization: false, breakdown: false, routesPure: true, groups: 5_000 };

  it('applies to the fleet-wide closed-form path only', () => {
    expect(hourSlotsApply(plain)).toBe(true);
    expect(hourSlotsApply({ ...plain, mesh: false })).toBe(false);
    expect(hourSlotsApply({ ...plain, deltaPasses: false })).toBe(false);
    expect(hourSlotsApply({ ...plain, clientRetries: true })).toBe(false);
    expect(hourSlotsApply({ ...plain, tracksUtilization: true })).toBe(false);
    expect(hourSlotsApply({ ...plain, breakdown: true })).toBe(false);
    expect(hourSlotsApply({ ...plain, routesPure: false })).toBe(false);
    expect(hourSlotsApply({ ...plain, groups: MAX_SLOTTED_GROUPS })).toBe(true);
    expect(hourSlotsApply({ ...plain, groups: MAX_SLOTTED_GROUPS + 1 })).toBe(false);
    incremental.hourSlots = false;
    expect(hourSlotsApply(plain)).toBe(false);
  });

  it("agrees with the flow's own test of whether a pass can be a delta pass", () => {
    const mesh = chainScenario({ ratePerS: 100, mesh: true });
    const cases: [string, string, boolean][] = [
      ['plain', mesh, true],
      ['retries', mesh.replace('mesh: { localityOrder', 'retries: { attempts: 2 }, mesh: { localityOrder'), false],
      ['queueing shedding', mesh.replace('mesh: { localityOrder', 'shedding: { policy: queueLength, maxQueuedPerPod: 10 }, mesh: { localityOrder'), false],
      ['async call', mesh.replace('calls: [ { service: db, callsPerRequest: 0.5 } ]', 'calls: [ { service: db, callsPerRequest: 0.5, mode: async } ]'), false],
    ];
    for (const [name, yaml, expected] of cases) {
      const parts = trafficParts(yaml);
      const shedding = parts.world.scenario.designs[0].traffic.shedding;
      parts.flow.poolBacklogs.configure(shedding, 0);
      expect(LoadFlow.deltaPassesPossibleFor(parts.services, shedding), name).toBe(expected);
      // The instance's own conditions (deltaClusters): retries, held concurrency, timed calls, queueing, async.
      const own = parts.flow as unknown as { services: { retry: unknown; heldConcurrency: boolean }; timedCalls: boolean; anyAsync: boolean };
      const instance = own.services.retry === undefined && !own.services.heldConcurrency && !own.timedCalls && !parts.flow.poolBacklogs.queueing && !own.anyAsync;
      expect(instance, name).toBe(expected);
    }
  });
});

/** Counts kept and delta passes and whole runs' results with the hour slots on and off. */
function bothWays(text: string): { on: string; off: string; kept: number; deltas: number } {
  const proto = LoadFlow.prototype as unknown as Record<'keptPass' | 'deltaPass', (...a: unknown[]) => unknown>;
  const originals = { keptPass: proto.keptPass, deltaPass: proto.deltaPass };
  let kept = 0;
  let deltas = 0;
  proto.keptPass = function (this: unknown, ...a: unknown[]) {
    kept++;
    return originals.keptPass.apply(this, a);
  };
  proto.deltaPass = function (this: unknown, ...a: unknown[]) {
    deltas++;
    return originals.deltaPass.apply(this, a);
  };
  try {
    incremental.hourSlots = true;
    const on = modelRun(text);
    const counted = { kept, deltas };
    incremental.hourSlots = false;
    const off = modelRun(text);
    return { on, off, ...counted };
  } finally {
    Object.assign(proto, originals);
    incremental.hourSlots = true;
  }
}

describe('whole runs with the flow kept per hour of the day', () => {
  it("equal the one flow's on a segmented fleet with frequent node, zone, region and link outages, most hours answered by a kept pass", () => {
    const text = fleetScenarioYaml({ clusters: 100, nodesPerCluster: 2, services: 12, userRegions: 4, horizon: '20d', traffic: true, mesh: true, segmented: true })
      .replace('mean: 657d', 'mean: 30d')
      .replace('zones: { perYear: 0.2', 'zones: { perYear: 5')
      .replace('regions: { perYear: 0.05', 'regions: { perYear: 10')
      .replace('links: { perYear: 2', 'links: { perYear: 20');
    const { on, off, kept, deltas } = bothWays(text);
    expect(on).toBe(off);
    // 20 days × 24 hourly steps; the first day's 24 are whole passes (each hour's flow starts empty).
    expect(kept).toBeGreaterThan(200);
    expect(deltas).toBeGreaterThan(20);
    expect(JSON.parse(on).traffic.availability).toBeLessThan(1);
  });

  it("equal the one flow's on random mesh fleets whose user regions reach idle pools, and would not without the shared idle waits", () => {
    // r4 and r16 (randomFleets.ts) have users' latency walks through pools that are idle in one
    // hour's flow and were busy in another's since: their waits must be the last busy ones.
    for (const seed of ['r4', 'r16']) {
      const { on, off } = bothWays(randomMeshFleet(seed));
      expect(on, seed).toBe(off);
    }
    const proto = LoadFlow.prototype as unknown as { syncIdleWaits: () => void; adoptIdleWaits: (g: number) => void };
    const originals = { syncIdleWaits: proto.syncIdleWaits, adoptIdleWaits: proto.adoptIdleWaits };
    proto.syncIdleWaits = () => {};
    proto.adoptIdleWaits = () => {};
    try {
      for (const seed of ['r4', 'r16']) {
        const { on, off } = bothWays(randomMeshFleet(seed));
        expect(on, seed).not.toBe(off);
      }
    } finally {
      Object.assign(proto, originals);
    }
  });
});
