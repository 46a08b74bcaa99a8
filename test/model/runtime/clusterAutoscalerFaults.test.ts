import { describe, expect, it } from 'vitest';
import { runReplication } from '../../../src/model/replication/replication.js';
import type { FaultEpisode } from '../../../src/model/faults/schedule.js';
import { run, singleCluster, world } from './fixture.js';

/**
 * Through the whole replication (fault replay, metrics): two full m6i.xlarge nodes (four 900m pods
 * each; no DaemonSets, so that the node's allocatable is the machine's less its reservation) and 12 replicas, so four pods wait for the autoscaler from the start; constant delays.
 */
function pendingFour(faults: string, extra = '') {
  return world(
    singleCluster({
      nodes: 2,
      replicas: 12,
      faults,
      run: '  horizon: 1h\n  seed: launches',
      extraClusterYaml: `    kubernetes: { podStartup: 2s }\n    daemonSets: []\n    autoscaler: { decisionDelay: 5s, nodeProvisioning: 60s }${extra}`,
    })
      .replace('{ name: pool, instanceType: m6i.xlarge, count: 2 }', '{ name: pool, instanceType: m6i.xlarge, count: 2, autoscaling: { min: 2, max: 4 } }')
      .replace('cpu: 500m', 'cpu: 900m'),
  );
}

/** First timeline sample (1 s steps) with `n` ready replicas. */
const firstAt = (ready: number[], n: number) => ready.indexOf(n);

describe('node launches fail during a nodeLaunches fault (scripted)', () => {
  it('no node joins during the fault; the first attempt decided after it does', () => {
    const w = pendingFour('  scripted:\n    - { at: 0s, kind: nodeLaunches, target: us-east-1, for: 30m }');
    const r = run(w, 0, 0, { timelineStepS: 1 });
    const ready = r.timeline!.ready.map((x) => x[0]);
    // Pods unschedulable at 0 s: decisions at 5 s and 910 s fail (given up 900 s later); the one at
    // 1815 s launches; the node is Ready at 1875 s and its pods 2 s later.
    expect(ready.slice(0, 1875).every((x) => x === 8)).toBe(true);
    expect(firstAt(ready, 12)).toBe(1877 + 1); // first 1 s sample after 1877.0x s
    expect(r.autoscaledNodes).toBe(1);
    const f = r.faults.find((x) => x.kind === 'nodeLaunches')!;
    expect(f.target).toBe('us-east-1');
    expect(f.endS - f.startS).toBe(1800);
  });

  it('without the fault the node comes after the decision and provisioning delays', () => {
    const r = run(pendingFour('  scripted: []'), 0, 0, { timelineStepS: 1 });
    const ready = r.timeline!.ready.map((x) => x[0]);
    expect(firstAt(ready, 12)).toBe(5 + 60 + 2 + 1);
  });
});

describe('a spot interruption through the fault replay', () => {
  it('drains the node at the notice (the pods come back elsewhere after startup) and records the fault; a notice for an empty slot records nothing', () => {
    // Four nodes, eight 500m pods: two per node. Slot 0 of the pool is interrupted at 100 s.
    // Slot 4 is an empty spare slot (the pool may grow to 6): its notice at 50 s interrupts nothing.
    const w = world(
      singleCluster({ nodes: 4, replicas: 8, run: '  horizon: 10m\n  seed: spot', extraClusterYaml: '    kubernetes: { podStartup: 2s }\n    daemonSets: []' }).replace(
        '{ name: pool, instanceType: m6i.xlarge, count: 4 }',
        '{ name: pool, instanceType: m6i.xlarge, count: 4, autoscaling: { min: 4, max: 6 } }',
      ),
    );
    const empty: FaultEpisode = { id: 0, kind: 'spotInterruption', targetId: 0, targetName: 'c1/pool#4', slot: 4, startS: 50, endS: 170, source: 'stochastic' };
    const spot: FaultEpisode = { id: 1, kind: 'spotInterruption', targetId: 0, targetName: 'c1/pool#0', slot: 0, startS: 100, endS: 220, source: 'stochastic' };
    const r = runReplication({
      fleet: w.fleet,
      clusters: w.scenario.clusters,
      design: w.scenario.designs[0],
      resolved: w.designs[0],
      faults: [empty, spot],
      seed: 'spot',
      replication: 0,
      horizonS: 600,
      warmupS: 0,
      timelineStepS: 1,
    });
    expect(r.faults.length).toBe(1);
    const ready = r.timeline!.ready.map((x) => x[0]);
    expect(ready[99]).toBe(8);
    expect(ready[100]).toBe(6);
    expect(ready[101]).toBe(6);
    expect(ready[103]).toBe(8);
    const f = r.faults[0];
    expect(f.kind).toBe('spotInterruption');
    expect(f.target).toBe('c1/pool#0');
    expect(f.podsLost).toBe(2);
    // The two replacements are bound 1/100 s apart (scheduler throughput 100/s) and start in 2 s.
    expect(f.recoveredS).toBeCloseTo(100.01 + 2, 6);
  });
});

describe('spot pays in availability', () => {
  it('the same fleet on spot (50% of nodes interrupted a month) loses ready capacity that on demand keeps; on demand has no interruption', () => {
    const yaml = (capacity: string) =>
      singleCluster({ nodes: 4, replicas: 8, run: '  horizon: 90d\n  seed: spotpays' }).replace(
        '{ name: pool, instanceType: m6i.xlarge, count: 4 }',
        `{ name: pool, instanceType: m6i.xlarge, count: 4, capacityType: ${capacity}, spotInterruptionsPerMonth: 50% }`,
      );
    const spot = run(world(yaml('spot')), 0, 0);
    const onDemand = run(world(yaml('onDemand')), 0, 0);
    // About 4 nodes × 3 months × −ln(0.5) ≈ 8 interruptions; each drains two pods for a pod startup.
    const interruptions = spot.faults.filter((f) => f.kind === 'spotInterruption');
    expect(interruptions.length).toBeGreaterThan(0);
    expect(interruptions.every((f) => f.podsLost > 0 && f.recoveredS > f.startS)).toBe(true);
    expect(spot.services[0].readyRatio).toBeLessThan(1);
    expect(onDemand.faults.length).toBe(0);
    expect(onDemand.services[0].readyRatio).toBe(1);
  });
});
