import { describe, expect, it } from 'vitest';
import { singleCluster, world } from './fixture.js';
import { runWithUpgrades, upgradeEpisode, upgradeRig } from './upgradeRig.js';

/**
 * One cluster of N = 3 m6i.xlarge nodes, 12 pods of 500m (4 per node), constant delays: pod startup
 * s = 12 s, node provisioning P = 60 s, control-plane upgrade 10 min with the API available (EKS).
 * `pool` is the node pool line, `budget` the service's disruptionBudget, `nodes` faults.upgrades.nodes.
 */
function cluster(opts: { budget: string; nodes: string; spare: boolean; drainTimeout?: string; podStartup?: string }) {
  const pool = opts.spare ? '{ name: pool, instanceType: m6i.xlarge, count: 3, autoscaling: { min: 3, max: 4 } }' : '{ name: pool, instanceType: m6i.xlarge, count: 3 }';
  const yaml = singleCluster({
    nodes: 3,
    replicas: 12,
    run: '  horizon: 2h\n  seed: upgrade',
    faults: `  scripted: []\n  upgrades:\n    controlPlane: { duration: 10m }\n    nodes: { ${opts.nodes}${opts.drainTimeout ? `, drainTimeout: ${opts.drainTimeout}` : ''} }`,
    extraClusterYaml: `    kubernetes: { podStartup: ${opts.podStartup ?? '12s'} }\n    autoscaler: { nodeProvisioning: 60s, decisionDelay: 5s, scaleDown: { enabled: false } }`,
  })
    .replace('{ name: pool, instanceType: m6i.xlarge, count: 3 }', pool)
    .replace('      memory: 512Mi\n', `      memory: 512Mi\n      disruptionBudget: ${opts.budget}\n`);
  return world(yaml);
}

/**
 * The closed form, derived here and not by the model. A drain evicts min(k, left) pods per round; a
 * round ends at the first eviction retry (every r = 5 s, kubectl) strictly after the last of the k
 * replacements is Ready. The scheduler binds them 1/throughput apart from the eviction (100 pods/s),
 * each Ready s later: the last at (k−1)/100 + s, so a round lasts r·(⌊((k−1)/100 + s)/r⌋ + 1). A node of
 * n pods is empty after ⌈n/k⌉ rounds of evictions, the first at the drain's start: (⌈n/k⌉ − 1) rounds.
 * With maxSurge 1 and maxUnavailable 0 each node waits for its surge node (P) and then drains; a
 * drained node's slot takes the next surge node. Nodes done: control-plane duration + N·(P + drain).
 */
function closedFormS(o: { N: number; n: number; k: number; s: number; P: number; cpS: number; r?: number }): number {
  const r = o.r ?? 5;
  const round = r * (Math.floor(((o.k - 1) / 100 + o.s) / r) + 1);
  const drain = (Math.ceil(o.n / o.k) - 1) * round;
  return o.cpS + o.N * (o.P + drain);
}

describe('node upgrade with surge, drains paced by a PodDisruptionBudget (closed form)', () => {
  const cases = [
    { budget: '{ maxUnavailable: 1 }', k: 1 },
    { budget: '{ maxUnavailable: 2 }', k: 2 },
    { budget: '{ minAvailable: "75%" }', k: 3 }, // 75% of 12 = 9 must stay: 3 may go
  ];
  for (const c of cases) {
    it(`${c.budget}: every node replaced when the closed form says, never below the budget`, () => {
      const w = cluster({ budget: c.budget, nodes: 'maxSurge: 1, maxUnavailable: 0', spare: true });
      const rig = upgradeRig(w, 7200);
      expect(rig.podsPerNode()).toEqual([4, 4, 4]); // the n = 4 the closed form assumes
      rig.at(upgradeEpisode(100, 3700));
      rig.sim.run({ untilS: 7200 });
      const rec = rig.up.records[0];
      const expected = 100 + closedFormS({ N: 3, n: 4, k: c.k, s: 12, P: 60, cpS: 600 });
      // Exact up to float sums of event times (tolerance 1 ms).
      expect(rec.nodesDoneS).toBeCloseTo(expected, 3);
      expect(rec.controlPlaneDoneS).toBe(700);
      expect([rec.fromMinor, rec.toMinor]).toEqual([31, 32]);
      expect(rec.overranS).toBe(0);
      expect(rig.up.drains.counts).toMatchObject({ evicted: 12, forced: 0 });
      // The budget held: never fewer Ready than 12 − k, and all 12 back at the end.
      expect(rig.minReady()).toBe(12 - c.k);
      expect(rig.st.ready[0]).toBe(12);
      // Three upgraded nodes, none of the old ones, all at 1.32.
      const active = [...Array(rig.st.nodeCount).keys()].filter((n) => rig.st.nodeActive[n]);
      expect(active.length).toBe(3);
      expect(active.every((n) => rig.up.rollouts.nodeMinor[n] === 32)).toBe(true);
    });
  }

  it('the closed form is not trivially met: a slower pod startup (17 s) adds a retry period to every round', () => {
    const w = cluster({ budget: '{ maxUnavailable: 1 }', nodes: 'maxSurge: 1, maxUnavailable: 0', spare: true, podStartup: '17s' });
    const rig = upgradeRig(w, 7200);
    rig.at(upgradeEpisode(0, 3600));
    rig.sim.run({ untilS: 7200 });
    // Rounds of 20 s instead of 15 s: 600 + 3 × (60 + 3 × 20) = 960 s.
    expect(closedFormS({ N: 3, n: 4, k: 1, s: 17, P: 60, cpS: 600 })).toBe(960);
    expect(rig.up.records[0].nodesDoneS).toBeCloseTo(960, 3);
  });
});

describe('a drain the budget holds back', () => {
  it('with no surge and a budget that allows nothing, each drain waits drainTimeout and is then forced', () => {
    // minAvailable 12 of 12: no eviction is ever allowed. No spare slot, maxSurge 0: in place.
    const w = cluster({ budget: '{ minAvailable: 12 }', nodes: 'maxSurge: 0, maxUnavailable: 1', spare: false, drainTimeout: '5m' });
    const rig = upgradeRig(w, 7200);
    rig.at(upgradeEpisode(0, 1200));
    rig.sim.run({ untilS: 7200 });
    const rec = rig.up.records[0];
    // Control plane 600 s; then per node: a 300 s drain ending forced, and the replacement in the
    // same slot Ready 60 s later: 600 + 3 × 360.
    expect(rec.nodesDoneS).toBeCloseTo(600 + 3 * 360, 3);
    expect(rec.overranS).toBeCloseTo(600 + 3 * 360 - 1200, 3);
    expect(rig.up.drains.counts.evicted).toBe(0);
    expect(rig.up.drains.counts.forced).toBeGreaterThanOrEqual(12);
    expect(rig.up.drains.counts.refused).toBeGreaterThan(0);
    // Nothing left the node before the timeout; then its four pods went at once.
    const firstDrop = rig.readyLog.find((x) => x.ready < 12)!;
    expect(firstDrop.tS).toBe(900);
    expect(Math.min(...rig.readyLog.filter((x) => x.tS === 900).map((x) => x.ready))).toBe(8);
    expect(rig.st.ready[0]).toBe(12);
  });
});

describe('users feel nothing of a good upgrade with surge and a budget', () => {
  it('no pod lost at the start, no minute outside the SLO, the fault recovered at once', () => {
    const w = cluster({ budget: '{ maxUnavailable: 1 }', nodes: 'maxSurge: 1, maxUnavailable: 0', spare: true });
    const r = runWithUpgrades(w, [upgradeEpisode(600, 4200)], 7200);
    const f = r.faults.find((x) => x.kind === 'upgrade')!;
    expect(f.podsLost).toBe(0);
    expect(f.affectedServices).toEqual([]);
    expect(f.usersOutS).toBe(0);
    expect(r.services[0].minReady).toBe(11);
    expect(r.services[0].zeroReadyS).toBe(0);
  });
});

describe('a forced drain needs the API', () => {
  it('a timeout that falls while the API is down forces the drain at the first retry after it is back', () => {
    const w = cluster({ budget: '{ minAvailable: 12 }', nodes: 'maxSurge: 0, maxUnavailable: 1', spare: false, drainTimeout: '5m' });
    const rig = upgradeRig(w, 7200);
    const { sim, wiring } = rig;
    const API = sim.register('test/api', (d) => wiring.cp.addCause(0, d === 1 ? 1 : -1, sim.now));
    rig.at(upgradeEpisode(0, 1200));
    sim.at(850, API, 1);
    sim.at(1001, API, 0);
    sim.run({ untilS: 7200 });
    // Due at 900; retried every 5 s from then; the API is back at 1001, so the retry at 1005 forces it.
    expect(rig.readyLog.find((x) => x.ready < 12)!.tS).toBe(1005);
  });
});
