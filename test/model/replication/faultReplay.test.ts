import { describe, expect, it } from 'vitest';
import type { FaultEpisode } from '../../../src/model/faults/schedule.js';
import { FaultRecorder } from '../../../src/model/runtime/faultRecords.js';
import { FaultReplay } from '../../../src/model/replication/faultReplay.js';
import { wireReplication } from '../../../src/model/replication/replicationWiring.js';
import { singleCluster, world } from '../runtime/fixture.js';

function wired(nodes = 6, replicas = 12) {
  const w = world(singleCluster({ nodes, replicas, run: '  horizon: 2h\n  seed: replay' }));
  const wiring = wireReplication({
    fleet: w.fleet,
    clusters: w.scenario.clusters,
    design: w.scenario.designs[0],
    resolved: w.designs[0],
    faults: [],
    seed: 'replay',
    replication: 0,
    horizonS: 7200,
    warmupS: 0,
  });
  return { w, wiring };
}

const episode = (id: number, kind: FaultEpisode['kind'], targetId: number, startS: number, endS: number): FaultEpisode => ({
  id,
  kind,
  targetId,
  targetName: `${kind}#${targetId}`,
  startS,
  endS,
  source: 'scripted',
});

describe('FaultReplay', () => {
  it('counts overlapping causes: a node inside a zone outage runs again only when both have ended', () => {
    const { w, wiring } = wired();
    const { st, sim } = wiring;
    const node = 0;
    const zone = st.nodeZone[node];
    const recorder = new FaultRecorder();
    new FaultReplay(wiring, recorder).schedule([episode(0, 'zone', zone, 100, 200), episode(1, 'node', node, 150, 300)], 7200);
    const zoneNodes = Array.from({ length: w.fleet.nodes.count }, (_, n) => n).filter((n) => st.nodeZone[n] === zone);
    sim.run({ untilS: 160 });
    expect(st.nodeDownCauses[node]).toBe(2);
    sim.run({ untilS: 250 });
    expect(st.nodeDownCauses[node]).toBe(1);
    for (const n of zoneNodes) if (n !== node) expect(st.nodeUp(n)).toBe(true);
    sim.run({ untilS: 350 });
    expect(st.nodeUp(node)).toBe(true);
    // The zone fault took down its two nodes and their 4 ready pods; the node fault found its machine already down.
    expect(zoneNodes.length).toBe(2);
    expect(recorder.records.map((r) => r.podsLost)).toEqual([4, 0]);
  });

  it('a cluster fault takes the control plane and the data plane; a control-plane fault only the former', () => {
    const { wiring } = wired();
    const { sim, cp, dataplaneDownCauses, st } = wiring;
    new FaultReplay(wiring, new FaultRecorder()).schedule([episode(0, 'cluster', 0, 100, 200), episode(1, 'controlPlane', 0, 300, 400)], 7200);
    sim.run({ untilS: 150 });
    expect(cp.writable(0)).toBe(false);
    expect(dataplaneDownCauses[0]).toBe(1);
    expect(st.nodeDownCauses.every((x) => x === 1)).toBe(true);
    sim.run({ untilS: 350 });
    expect(cp.writable(0)).toBe(false);
    expect(dataplaneDownCauses[0]).toBe(0);
    expect(st.nodeDownCauses.every((x) => x === 0)).toBe(true);
    sim.run({ untilS: 450 });
    expect(cp.writable(0)).toBe(true);
  });

  it('skips what falls beyond the horizon: an episode starting after it, or the end of one running past it', () => {
    const { wiring } = wired();
    const { sim, st } = wiring;
    new FaultReplay(wiring, new FaultRecorder()).schedule([episode(0, 'node', 1, 100, 9000), episode(1, 'node', 2, 8000, 8100)], 7200);
    sim.run({ untilS: 7200 });
    expect(st.nodeDownCauses[1]).toBe(1);
    expect(st.nodeDownCauses[2]).toBe(0);
  });

  it('refuses episodes not numbered 0…n−1 in order', () => {
    const { wiring } = wired();
    expect(() => new FaultReplay(wiring, new FaultRecorder()).schedule([episode(1, 'node', 0, 10, 20)], 7200)).toThrow(/numbered 0…n−1/);
  });
});
