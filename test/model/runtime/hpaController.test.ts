import { describe, expect, it } from 'vitest';
import { FaultReplay } from '../../../src/model/replication/faultReplay.js';
import { runReplication, type ReplicationResult } from '../../../src/model/replication/replication.js';
import { ReplicationMetrics } from '../../../src/model/replication/replicationMetrics.js';
import { wireReplication } from '../../../src/model/replication/replicationWiring.js';
import { FaultRecorder } from '../../../src/model/runtime/faultRecords.js';
import { faultsOf, world, type World } from './fixture.js';

/**
 * The HPA in a whole replication, against a hand computation. The scenario is one the HPA's inputs
 * can be derived for by hand: one cluster, one service with a constant 100 ms service time and one
 * request at a time per pod (so a pod serves 10/s and the pool's utilization is λ / (10 × pods),
 * at most 0.95, where the pool starts shedding), pods Ready 2 s after they are created (a sync
 * period is 15 s, so every pod a sync asks for is serving at the next sync), no faults, and demand
 * that moves only at spike edges, never at a sync instant (syncs fall at a random phase).
 */
function scenario(o: { spikes: string; podStartup?: string; autoscaling?: string; replicas?: number }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: hpa }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - name: c1
    region: us-east-1
    kubernetesVersion: "1.31"
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ]
    controlPlane: { managed: { tier: eks-standard } }
    kubernetes: { podStartup: ${o.podStartup ?? '2s'} }
workload:
  services:
    - name: api
      replicas: ${o.replicas ?? 4}
      cpu: 100m
      memory: 128Mi
      serviceTime: 100ms
${o.autoscaling ?? '      autoscaling: { minReplicas: 2, maxReplicas: 40, targetCpuUtilization: 50% }'}
  userRegions:
    - { name: users, near: us-east-1, rate: 20/s, entryService: api, spikes: [${o.spikes}] }
designs:
  - name: only
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
faults: { scripted: [] }
run: { horizon: 2h, seed: 7 }
`;
}

interface Spike {
  readonly atS: number;
  readonly forS: number;
  readonly multiplier: number;
}

/**
 * One replication set up as runReplication does (wiring, metrics, the scenario's scripted faults),
 * watched: the sync instants of cluster 0, and every change of desired replicas (time, service,
 * cluster, count).
 */
function simulate(w: World, horizonS: number, runUntilS = horizonS) {
  const faults = faultsOf(w, 0, horizonS);
  const wiring = wireReplication({ fleet: w.fleet, clusters: w.scenario.clusters, design: w.scenario.designs[0], resolved: w.designs[0], faults, seed: 7, replication: 0, horizonS, warmupS: 0, scenario: w.scenario });
  const recorder = new FaultRecorder();
  new ReplicationMetrics(wiring, recorder, 0);
  new FaultReplay(wiring, recorder).schedule(faults, horizonS);
  const syncs: number[] = [];
  let syncsWithPodsNotReady = 0;
  const { sim, st } = wiring;
  sim.trace = (t, _type, name, arg) => {
    if (name !== 'kube/hpaSync' || arg !== 0) return;
    syncs.push(t);
    if (st.ready[0] !== st.desired[0]) syncsWithPodsNotReady++;
  };
  const all: Array<[number, number, number, number]> = [];
  wiring.hpa!.listeners.push((s, c) => all.push([sim.now, s, c, st.desired[st.group(s, c)]]));
  sim.run({ untilS: runUntilS });
  /** Changes of service 0 in cluster 0: (time, count). */
  const changes = all.filter(([, s, c]) => s === 0 && c === 0).map(([t, , , n]): [number, number] => [t, n]);
  /** Every sync instant of cluster 0 up to the horizon, slept through or not: phase + 15 k. */
  const grid: number[] = [];
  for (let t = syncs[0]; t < horizonS; t = syncs[0] + 15 * grid.length) grid.push(t);
  return { syncs, grid, changes, all, syncsWithPodsNotReady, wiring };
}

/**
 * The reference: the HPA algorithm written out for this scenario alone (every pod ready at each
 * sync, default behaviour), over the demand the spikes make. At each sync: utilization = min(λ /
 * (10 × n), 0.95) in whole percent; proposal = n within 10% of the target, else ceil(n × u / target);
 * a proposal above n applies, at most n + max(n, 4); one below n waits for the highest proposal of
 * the last 300 s (a proposal exactly 300 s old no longer counts; the count found at the first sync
 * counts as a proposal); never outside [min, max].
 */
function reference(syncTimesS: readonly number[], start: number, spikes: readonly Spike[], o: { targetPercent: number; min: number; max: number }): Array<[number, number]> {
  const demandAt = (t: number) => {
    let f = 1;
    for (const s of spikes) if (t >= s.atS && t < s.atS + s.forS) f *= s.multiplier;
    return 20 * f;
  };
  let n = start;
  const proposals: Array<[number, number]> = [[syncTimesS[0], start]];
  const changes: Array<[number, number]> = [];
  for (const t of syncTimesS) {
    const utilization = Math.min(demandAt(t) / (10 * n), 0.95);
    const ratio = Math.floor(utilization * 100 + 1e-9) / o.targetPercent;
    const proposal = Math.abs(ratio - 1) <= 0.1 + 1e-12 ? n : Math.ceil(ratio * n);
    proposals.push([t, proposal]);
    let next: number;
    if (proposal > n) next = Math.min(proposal, n + Math.max(n, 4), o.max);
    else {
      let highest = proposal;
      for (const [at, p] of proposals) if (at > t - 300 + 1e-6 && p > highest) highest = p;
      next = Math.max(Math.min(n, highest), o.min);
    }
    if (next !== n) changes.push([t, next]);
    n = next;
  }
  return changes;
}

const spikesYaml = (spikes: readonly Spike[]) => spikes.map((s) => `{ at: ${s.atS}s, for: ${s.forS}s, multiplier: ${s.multiplier} }`).join(', ');

describe('HorizontalPodAutoscaler: replica timeline against the algorithm by hand', () => {
  const horizonS = 2 * 3600;

  it('a load step (×3 for 20 min): up by the rate limit to 8 then 12, down to 4 once 300 s have passed', () => {
    const spikes: Spike[] = [{ atS: 600, forS: 1200, multiplier: 3 }];
    const sim = simulate(world(scenario({ spikes: spikesYaml(spikes) })), horizonS);
    // Syncs fall every 15 s at one phase, exactly; a settled cluster sleeps through most of them
    // (nothing it reads changes), which changes nothing: the timeline is that of every sync.
    const phase = sim.syncs[0];
    expect(phase).toBeGreaterThanOrEqual(0);
    expect(phase).toBeLessThan(15);
    const onGrid = new Set(sim.grid);
    expect(sim.syncs.every((t) => onGrid.has(t))).toBe(true);
    expect(sim.syncs.length).toBeLessThan(sim.grid.length / 4);
    expect(sim.syncsWithPodsNotReady).toBe(0);
    const expected = reference(sim.grid, 4, spikes, { targetPercent: 50, min: 2, max: 40 });
    expect(sim.changes).toEqual(expected);
    // What the hand computation gives, spelled out: the first sync after 600 s sees 4 pods at 95%
    // (60/s asked of 40/s: shedding) → ceil(4 × 1.9) = 8, the limit 4 + 4 exactly; the next sees 8 at
    // 75% → 12; then 50%, on target. After 1800 s, 12 pods at 16% propose 4, applied at the first
    // sync 300 s or more after the last proposal of 12 (the last sync before 1800 s).
    const firstAfter = (t: number) => sim.grid.find((s) => s > t)!;
    const lastBefore = (t: number) => sim.grid.filter((s) => s < t).at(-1)!;
    const up = firstAfter(600);
    expect(expected).toEqual([
      [up, 8],
      [up + 15, 12],
      [firstAfter(lastBefore(1800) + 300 - 1e-6), 4],
    ]);
    expect(sim.wiring.st.ready[0]).toBe(4);
    expect(sim.wiring.required[0]).toBe(4);
  });

  it('a ramp (+40% of the base every minute for 10 min, then back): proportional steps, tolerance, stabilization', () => {
    // Demand 20/s × (1 + 0.4 j) after the j-th step: spikes multiply, so step j multiplies by
    // (1 + 0.4 j) / (1 + 0.4 (j − 1)); all end at 1800 s.
    const spikes: Spike[] = [];
    for (let j = 1; j <= 10; j++) spikes.push({ atS: 600 + 60 * (j - 1), forS: 1800 - (600 + 60 * (j - 1)), multiplier: (1 + 0.4 * j) / (1 + 0.4 * (j - 1)) });
    const sim = simulate(world(scenario({ spikes: spikesYaml(spikes) })), horizonS);
    expect(sim.syncsWithPodsNotReady).toBe(0);
    const expected = reference(sim.grid, 4, spikes, { targetPercent: 50, min: 2, max: 40 });
    expect(sim.changes).toEqual(expected);
    // The ramp ends at 100/s: 20 pods at 50%; several steps fall inside the tolerance and change nothing.
    const peak = Math.max(...expected.map(([, n]) => n));
    expect(peak).toBe(20);
    expect(expected.filter(([t]) => t > 600 && t < 1200).length).toBeLessThan(10);
    expect(expected.at(-1)![1]).toBe(4);
  });

  it('random load patterns: the simulated timeline equals the hand computation, sync by sync', () => {
    // Overlapping spikes at random edges (whole seconds: never a sync instant) with multipliers from
    // 0.3 to 3: steps up and down of every size, shedding, both bounds, and the clusters' sleep and
    // wake between them. A small LCG keeps the patterns fixed.
    let x = 12345;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let pattern = 0; pattern < 8; pattern++) {
      const spikes: Spike[] = [];
      for (let i = 0; i < 6; i++) {
        const atS = 300 + Math.floor(next() * 5400);
        spikes.push({ atS, forS: 60 + Math.floor(next() * 1800), multiplier: Math.round((0.3 + next() * 2.7) * 100) / 100 });
      }
      const sim = simulate(world(scenario({ spikes: spikesYaml(spikes) })), horizonS);
      expect(sim.syncsWithPodsNotReady).toBe(0);
      expect(sim.changes.length).toBeGreaterThan(2);
      expect(sim.changes).toEqual(reference(sim.grid, 4, spikes, { targetPercent: 50, min: 2, max: 40 }));
    }
  });

  it('pods still starting count at 0% on a scale-up: no second doubling before they are ready', () => {
    // Pods take 50 s to start: the three syncs after the first scale-up see 4 ready at 95% and 4
    // starting, (4 × 95 + 4 × 0) / 8 = 47% → inside the tolerance: the count stays 8 (a formula on the
    // current count, ceil(8 × 1.9), would ask for 16) until the new pods serve, at the sync 60 s
    // after the scale-up: 8 at 75% → 12.
    const spikes: Spike[] = [{ atS: 600, forS: 1200, multiplier: 3 }];
    const sim = simulate(world(scenario({ spikes: spikesYaml(spikes), podStartup: '50s' })), 1200);
    const up = sim.grid.find((s) => s > 600)!;
    expect(sim.syncsWithPodsNotReady).toBe(6); // three after each of the two scale-ups
    expect(sim.changes).toEqual([
      [up, 8],
      [up + 60, 12],
    ]);
  });

  it('bounds: a design count below minReplicas is raised at the first sync, the maximum caps a surge', () => {
    const sim = simulate(world(scenario({ spikes: '{ at: 600s, for: 1200s, multiplier: 10 }', replicas: 1, autoscaling: '      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 50% }' })), 1200);
    expect(sim.changes[0]).toEqual([sim.grid[0], 2]);
    expect(Math.max(...sim.changes.map(([, n]) => n))).toBe(6);
    expect(sim.wiring.st.desired[0]).toBe(6);
  });
});

describe('HorizontalPodAutoscaler: sleeping between changes', () => {
  it('a settled cluster syncs no more until something it reads changes; a desired count set by another controller wakes it', () => {
    const sim = simulate(world(scenario({ spikes: '' })), 2000, 1000);
    // Demand on target from the start: the first sync settles (proposal = count) and the tick sleeps.
    expect(sim.syncs).toEqual([sim.grid[0]]);
    const { wiring } = sim;
    // Karmada (say) sets the count it already has: nothing else changes, only the hook wakes the tick.
    wiring.kube.setDesired(0, 0, 4);
    wiring.sim.run({ untilS: 2000 });
    const resumed = sim.grid[0] + 15 * Math.ceil((1000 - sim.grid[0]) / 15);
    expect(sim.syncs).toEqual([sim.grid[0], resumed]);
    expect(sim.changes).toEqual([]);
  });
});

describe('HorizontalPodAutoscaler: services without one', () => {
  const spikes = '{ at: 600s, for: 1200s, multiplier: 3 }';

  it('no service autoscales: no HPA, no sync event, no tracking in the traffic model', () => {
    const w = world(scenario({ spikes, autoscaling: '' }));
    const wiring = wireReplication({ fleet: w.fleet, clusters: w.scenario.clusters, design: w.scenario.designs[0], resolved: w.designs[0], faults: [], seed: 7, replication: 0, horizonS: 3600, warmupS: 0, scenario: w.scenario });
    expect(wiring.hpa).toBeNull();
    expect(Array.from(wiring.st.hpaManaged)).toEqual([0]);
    const names = new Set<string>();
    wiring.sim.trace = (_t, _type, name) => names.add(name);
    wiring.sim.run({ untilS: 3600 });
    expect([...names].filter((n) => n.startsWith('kube/hpa'))).toEqual([]);
    expect(() => wiring.traffic!.utilization(0, 0)).toThrow(/not asked for/);
    expect(wiring.st.desired[0]).toBe(4);
  });

  it('an HPA that never changes its count leaves every result as without it (only the event count moves)', () => {
    const run = (autoscaling: string): ReplicationResult => {
      const w = world(scenario({ spikes, autoscaling }));
      return runReplication({ fleet: w.fleet, clusters: w.scenario.clusters, design: w.scenario.designs[0], resolved: w.designs[0], faults: [], seed: 7, replication: 0, horizonS: 3600, warmupS: 0, scenario: w.scenario });
    };
    const without = run('');
    // min = max = 4: the spike's proposals (8, 12) are all held at 4 by the bounds.
    const pinned = run('      autoscaling: { minReplicas: 4, maxReplicas: 4, targetCpuUtilization: 50% }');
    expect(pinned.events).toBeGreaterThan(without.events); // its syncs (it sleeps while held at a bound)
    expect(JSON.stringify({ ...pinned, events: 0 })).toBe(JSON.stringify({ ...without, events: 0 }));
  });

  it('beside an autoscaled service, a fixed one keeps its replicas while the other scales', () => {
    const yaml = scenario({ spikes }).replace(
      '  userRegions:\n',
      '    - { name: web, replicas: 3, cpu: 100m, memory: 128Mi, serviceTime: 100ms }\n  userRegions:\n    - { name: browsers, near: us-east-1, rate: 25/s, entryService: web, spikes: [' + spikes + '] }\n',
    );
    const sim = simulate(world(yaml), 3600);
    const { st } = sim.wiring;
    expect(Array.from(st.hpaManaged)).toEqual([1, 0]);
    expect(Math.max(...sim.changes.map(([, n]) => n))).toBe(12);
    expect(sim.all.every(([, s]) => s === 0)).toBe(true);
    expect(st.desired[st.group(1, 0)]).toBe(3);
    expect(sim.wiring.required[1]).toBe(3);
    expect(sim.wiring.required[0]).toBe(st.desired[st.group(0, 0)]);
    expect(sim.wiring.required[0]).toBe(4); // back at 4 after the spike
  });
});

describe('HorizontalPodAutoscaler: failover surge', () => {
  it('a region is lost: the surviving cluster takes its users and its HPA doubles; the lost one does not act', () => {
    const yaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: surge }
topology: { regions: [ { name: us-east-1 }, { name: us-west-2 } ] }
clusters:
  - { name: west, region: us-west-2, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: east, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 4, cpu: 100m, memory: 128Mi, serviceTime: 100ms, autoscaling: { minReplicas: 2, maxReplicas: 40, targetCpuUtilization: 50% } }
  userRegions:
    - { name: west-users, near: us-west-2, rate: 20/s, entryService: api }
    - { name: east-users, near: us-east-1, rate: 20/s, entryService: api }
designs:
  - name: replicated
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { healthCheckInterval: 10s, failureThreshold: 3, ttl: 30s } } }
faults:
  scripted:
    - { at: 20m, kind: region, target: us-east-1, for: 1h }
run: { horizon: 2h, seed: surge }
`;
    const sim = simulate(world(yaml), 7200);
    const west = sim.all.filter(([, , c]) => c === 0);
    const east = sim.all.filter(([, , c]) => c === 1);
    // Before the outage each cluster serves its 20/s on 4 pods at 50%: nothing moves.
    expect(sim.all.filter(([t]) => t < 1200)).toEqual([]);
    // East's users reach west once DNS drops east (3 checks of 10 s, then clients drain over a 30 s
    // TTL): west's HPA follows the load up, in steps as the syncs catch it arriving, to 8 pods, where
    // 40/s is 50% again, within three minutes; and stays there while east is out.
    const during = west.filter(([t]) => t < 4800);
    expect(during[0][0]).toBeGreaterThan(1200 + 20);
    expect(during.at(-1)![0]).toBeLessThan(1200 + 180);
    expect(during.at(-1)![3]).toBe(8);
    for (let i = 1; i < during.length; i++) expect(during[i][3]).toBeGreaterThan(during[i - 1][3]);
    // East's API is down with its region: its HPA makes no change during the outage.
    expect(east.filter(([t]) => t < 4800)).toEqual([]);
    // After the region returns, east's users go home and west scales back to 4, 300 s or more later.
    const back = west.find(([t, , , n]) => t > 4800 && n === 4);
    expect(back).toBeDefined();
    expect(back![0]).toBeGreaterThan(4800 + 300);
  });
});
