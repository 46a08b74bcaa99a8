import { describe, expect, it } from 'vitest';
import { singleCluster, world } from './fixture.js';
import { runWithUpgrades, upgradeEpisode, upgradeRig } from './upgradeRig.js';

/** Three fixed m6i.xlarge nodes, 12 pods of 500m, constant delays; `upgrades` is the faults.upgrades body. */
function cluster(upgrades: string, opts: { spare?: boolean; budget?: string; controlPlane?: string } = {}) {
  const yaml = singleCluster({
    ...(opts.controlPlane ? { controlPlane: opts.controlPlane } : {}),
    nodes: 3,
    replicas: 12,
    run: '  horizon: 3h\n  seed: upgrade',
    faults: `  scripted: []\n  upgrades:\n${upgrades}`,
    extraClusterYaml: '    kubernetes: { podStartup: 12s }\n    autoscaler: { nodeProvisioning: 60s, decisionDelay: 5s, scaleDown: { enabled: false } }',
  })
    .replace('{ name: pool, instanceType: m6i.xlarge, count: 3 }', opts.spare ? '{ name: pool, instanceType: m6i.xlarge, count: 3, autoscaling: { min: 3, max: 4 } }' : '{ name: pool, instanceType: m6i.xlarge, count: 3 }')
    .replace('      memory: 512Mi\n', opts.budget ? `      memory: 512Mi\n      disruptionBudget: ${opts.budget}\n` : '      memory: 512Mi\n');
  return world(yaml);
}

describe('the control plane during an upgrade', () => {
  it('a managed regional control plane (EKS) keeps its API writable by default', () => {
    const rig = upgradeRig(cluster('    controlPlane: { duration: 10m }'), 7200);
    expect(rig.up.unavailableS(0)).toBe(0);
    const seen: boolean[] = [];
    const PROBE = rig.sim.register('test/probe', () => seen.push(rig.wiring.cp.writable(0)));
    rig.at(upgradeEpisode(100, 3700));
    for (const t of [101, 300, 699]) rig.sim.at(t, PROBE, 0);
    rig.sim.run({ untilS: 7200 });
    expect(seen).toEqual([true, true, true]);
  });

  it('a single control-plane replica (self-managed, one etcd member) is out for the whole upgrade by default', () => {
    const rig = upgradeRig(cluster('    controlPlane: { duration: 5m }', { controlPlane: 'selfManaged: { etcd: { members: 1 } }' }), 7200);
    expect(rig.up.unavailableS(0)).toBe(300);
    rig.at(upgradeEpisode(100, 3700));
    rig.sim.run({ untilS: 7200 });
    expect(rig.wiring.cp.writableRatio(0, 0, 7200)).toBeCloseTo(1 - 300 / 7200, 9);
    expect(rig.up.records[0].nodesDoneS).toBeGreaterThan(400);
  });

  it('a stated unavailability takes the API down for that long at the start; the nodes wait for the whole duration', () => {
    const rig = upgradeRig(cluster('    controlPlane: { unavailable: 2m, duration: 5m }'), 7200);
    const seen: boolean[] = [];
    const PROBE = rig.sim.register('test/probe', () => seen.push(rig.wiring.cp.writable(0)));
    rig.at(upgradeEpisode(100, 3700));
    for (const t of [99, 101, 219, 221]) rig.sim.at(t, PROBE, 0);
    rig.sim.run({ untilS: 7200 });
    expect(seen).toEqual([true, false, false, true]);
    expect(rig.up.records[0].controlPlaneDoneS).toBe(400);
    expect(rig.wiring.cp.writableRatio(0, 0, 7200)).toBeCloseTo(1 - 120 / 7200, 9);
  });

  it('two upgrades in turn take the cluster from 1.31 to 1.33, nodes included; one during a control-plane upgrade is refused', () => {
    const rig = upgradeRig(cluster('    controlPlane: { duration: 10m }', { spare: true, budget: '{ maxUnavailable: 1 }' }), 10800);
    rig.at(upgradeEpisode(0, 3600, 0));
    rig.at(upgradeEpisode(300, 3600, 1));
    rig.at(upgradeEpisode(4000, 7600, 2));
    rig.sim.run({ untilS: 10800 });
    const [a, busy, b] = rig.up.records;
    expect([a.fromMinor, a.toMinor, a.refused]).toEqual([31, 32, undefined]);
    expect([busy.refused, busy.toMinor]).toEqual(['controlPlaneBusy', 31]);
    expect([b.fromMinor, b.toMinor, b.refused]).toEqual([32, 33, undefined]);
    expect(b.nodesDoneS).toBeGreaterThan(4600);
    const minors = [...Array(rig.st.nodeCount).keys()].filter((n) => rig.st.nodeActive[n]).map((n) => rig.up.rollouts.nodeMinor[n]);
    expect(minors).toEqual([33, 33, 33]);
    expect(rig.up.controlPlaneMinor[0]).toBe(33);
  });

  it('the skew rule refuses a control-plane upgrade that would leave a kubelet four minors behind', () => {
    const rig = upgradeRig(cluster('    controlPlane: { duration: 10m }'), 3600);
    rig.up.rollouts.nodeMinor[1] = 28; // one node left three minors behind 1.31
    rig.at(upgradeEpisode(0, 3600));
    rig.sim.run({ untilS: 3600 });
    expect(rig.up.records[0].refused).toBe('kubeletTooOld');
    expect(rig.up.controlPlaneMinor[0]).toBe(31);
    expect(rig.up.drains.counts.evicted).toBe(0);
  });
});

describe('surge without a free slot', () => {
  it('maxUnavailable 0 and a pool with no spare slot: each node is replaced in place, one at a time, and the upgrade finishes', () => {
    const rig = upgradeRig(cluster('    controlPlane: { duration: 10m }\n    nodes: { maxSurge: 1, maxUnavailable: 0 }', { budget: '{ maxUnavailable: 1 }' }), 7200);
    rig.at(upgradeEpisode(0, 3600));
    rig.sim.run({ untilS: 7200 });
    expect(rig.up.rollouts.noSurgeSlotDrains).toBe(3);
    expect(rig.up.records[0].nodesDoneS).toBeLessThan(7200);
    expect(rig.up.drains.counts.forced).toBe(0);
    expect(rig.minReady()).toBe(11);
    expect(rig.st.ready[0]).toBe(12);
  });
});

describe('what surge and a budget spare users (contrast)', () => {
  it('draining every node at once with no budget and no surge takes the service down; users feel it', () => {
    const w = cluster('    controlPlane: { duration: 10m }\n    nodes: { maxSurge: 0, maxUnavailable: 3 }');
    const r = runWithUpgrades(w, [upgradeEpisode(600, 4200)], 7200);
    const f = r.faults.find((x) => x.kind === 'upgrade')!;
    expect(r.services[0].minReady).toBe(0);
    expect(r.services[0].zeroReadyS).toBeGreaterThan(60);
    expect(f.usersOutS).toBeGreaterThan(0);
  });
});

describe('a cordoned node stays cordoned', () => {
  it('an API outage in the middle of a drain does not make the draining node Ready again', () => {
    // The budget allows nothing: the first node's drain holds its pods until the 15 min timeout.
    const rig = upgradeRig(cluster('    controlPlane: { duration: 10m }\n    nodes: { maxSurge: 0, maxUnavailable: 1 }', { budget: '{ minAvailable: 12 }' }), 7200);
    const { sim, st, wiring } = rig;
    const DOWN = sim.register('test/apiDown', (d) => wiring.cp.addCause(0, d === 1 ? 1 : -1, sim.now));
    rig.at(upgradeEpisode(0, 3600));
    sim.at(700, DOWN, 1);
    sim.at(760, DOWN, 0);
    const apiAt: number[] = [];
    const PROBE = sim.register('test/probe', () => apiAt.push(st.nodeApi[0]));
    // The first drain starts at 600 on node 0 (the pool's first); probes after the API is back.
    sim.at(650, PROBE, 0);
    sim.at(800, PROBE, 0);
    sim.at(1400, PROBE, 0);
    sim.run({ untilS: 7200 });
    expect(apiAt).toEqual([1, 1, 1]); // NODE_API_NOT_READY throughout: nothing scheduled onto it
    expect(rig.up.drains.counts.forced).toBeGreaterThan(0);
    // Pods never landed on it while it drained: its forced deletion took just its first four.
    expect(rig.readyLog.filter((x) => x.tS === 1500).length).toBe(4);
  });
});
