import { describe, expect, it } from 'vitest';
import { sizeDesign, type SizedFleet } from '../../../src/model/sizing/index.js';
import { sizedScenario, twoRegions } from './fixture.js';

// Node counts worked by hand. The fixture's nodes: 16 cores, 64Gi, kubelet maxPods 10; GKE-style
// reservation of 6% + 1% + 2 × 0.5% + 12 × 0.25% of the cores = 110m, so 15 890m allocatable.

const pool = (z: SizedFleet, cluster: string) => z.nodePools.find((p) => p.cluster === cluster && p.sized)!;
const ALLOCATABLE_MILLICORES = 16_000 - 110;

/** One service `web` of `cpu` per pod (the fixture's load: 400/s in Europe, 300/s in North America, no latency target). */
const webOf = (cpu: string) => `    - name: web
      replicas: 2
      cpu: ${cpu}
      memory: 128Mi
      serviceTime: { exponential: { mean: 50ms } }
      concurrencyPerPod: 4`;

describe('node overhead is counted once: the fleet’s workload capacity and placement’s pod requests', () => {
  it('sizes a cluster with DaemonSets and a mesh sidecar to the count derived by hand', () => {
    // eu runs two DaemonSets (2000m + 890m, two pod slots); the mesh adds its sidecar (100m, 128Mi,
    // Istio's requests) to every pod. 9 pods per cluster (the minimum) of 2500m + 100m = 2600m.
    const daemonSets = '[ { name: agent, cpu: 2000m, memory: 1Gi }, { name: logs, cpu: 890m, memory: 512Mi } ]';
    const yaml = twoRegions({ services: webOf('2500m'), daemonSets, mesh: true, sidecar: '{ cpu: 100m, memory: 128Mi }', sizing: '{ survive: none }', latency: '[]' });
    const z = sizeDesign(sizedScenario(yaml, 9), 0);
    expect(z.services[0].replicas).toBe(9);
    const podMillicores = 2500 + 100;
    // Counted once: 15 890 − 2 890 = 13 000m and 10 − 2 = 8 slots a node, so 5 pods a node by CPU.
    const nodeMillicores = ALLOCATABLE_MILLICORES - 2000 - 890;
    expect(nodeMillicores).toBe(13_000);
    const perNode = Math.min(Math.floor(nodeMillicores / podMillicores), 10 - 2);
    expect(perNode).toBe(5);
    // 9 pods fit on ⌈9/5⌉ = 2 nodes; N+1: they must fit with one lost, so 3.
    const eu = pool(z, 'eu');
    expect(eu).toMatchObject({ nodeCpuMillicores: 13_000, nodePodSlots: 8, cpuRequestedMillicores: 9 * podMillicores, constraint: 'cpu', nodes: Math.ceil(9 / perNode) + 1 });
    expect(eu.nodes).toBe(3);
    // Either overhead counted twice gives 4: DaemonSets twice leave 10 110m (3 pods a node), a sidecar
    // twice makes 2700m pods (4 a node); 9 pods then need 3 nodes, 4 with N+1.
    expect(Math.ceil(9 / Math.floor((nodeMillicores - 2890) / podMillicores)) + 1).toBe(4);
    expect(Math.ceil(9 / Math.floor(nodeMillicores / (podMillicores + 100))) + 1).toBe(4);
    // us has no DaemonSet: 15 890m holds 6 pods of 2600m, so 2 nodes hold 9, and 3 with N+1.
    expect(pool(z, 'us')).toMatchObject({ nodeCpuMillicores: ALLOCATABLE_MILLICORES, nodePodSlots: 10, nodes: Math.ceil(9 / Math.floor(ALLOCATABLE_MILLICORES / podMillicores)) + 1 });
  });

  it('with no mesh, no sidecar is added: the pods request their own CPU only', () => {
    const z = sizeDesign(sizedScenario(twoRegions({ services: webOf('2500m'), sizing: '{ survive: none }', latency: '[]' }), 9), 0);
    expect(pool(z, 'eu').cpuRequestedMillicores).toBe(9 * 2500);
  });
});

describe('N+1: the steady state survives one node lost', () => {
  it('adds the node whose loss the pods must survive, and says so', () => {
    // 12 pods of 2500m: 6 a node (15 000m of 15 890m), 2 nodes hold them; one lost leaves 6 slots for 12, so 3.
    const z = sizeDesign(sizedScenario(twoRegions({ services: webOf('2500m'), sizing: '{ survive: none }', latency: '[]' }), 12), 0);
    expect(pool(z, 'eu')).toMatchObject({ nodes: 3, nodesAtFailover: 3, nodeLost: true, failure: 'none', constraint: 'cpu' });
    expect(pool(z, 'eu').text).toBe('eu/general: 3 nodes — N+1: with one node lost, the 2 nodes left hold the pods of everything up (CPU: 12 pods request 30 cores, 15.89 cores per node)');
  });

  it('a failure that needs more than N+1 sets the count instead (standing)', () => {
    // Divided 1:1 with failover, 20 pods per cluster at least: 40 in total. Steady: 20 pods a cluster,
    // 2 nodes of 10 slots, 3 with N+1. A region lost: the survivor runs all 40, 4 nodes.
    const placement = `        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: { enabled: true }`;
    const z = sizeDesign(sizedScenario(twoRegions({ placement, latency: '[]' }), 20), 0);
    expect(z.services[0].replicas).toBe(40);
    expect(pool(z, 'eu')).toMatchObject({ nodes: 4, nodesAtFailover: 4, nodeLost: false, failure: 'region us-east-1', constraint: 'pods' });
    expect(pool(z, 'eu').text).toBe('eu/general: 4 nodes — pod slots: 40 pods, 10 per node, region us-east-1 lost; N+1 with everything up needs 3');
  });
});

describe('failoverNodes: autoscaled', () => {
  const placement = `        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: { enabled: true }`;

  it('counts carry the steady state with N+1; the failover need becomes the autoscaling maximum', () => {
    const z = sizeDesign(sizedScenario(twoRegions({ placement, latency: '[]', sizing: '{ survive: region, failoverNodes: autoscaled }' }), 20), 0);
    expect(z.failoverNodes).toBe('autoscaled');
    // The same pods as the standing case above: 3 nodes with N+1 everything up, 4 after a region's loss.
    expect(pool(z, 'eu')).toMatchObject({ nodes: 3, nodesAtFailover: 4, nodeLost: true, failure: 'none' });
    expect(pool(z, 'eu').text).toBe(
      'eu/general: 3 nodes — N+1: with one node lost, the 2 nodes left hold the pods of everything up (pod slots: 20 pods, 10 per node); autoscaling up to 4 for region us-east-1 lost (pod slots: 40 pods, 10 per node)',
    );
    expect(z.explanation[0]).toContain('failover nodes autoscaled');
  });

  it('changes nothing for a duplicated design: its pods are already in every cluster, so failover moves no pods', () => {
    const standing = sizeDesign(sizedScenario(twoRegions({ latency: '[]' })), 0);
    const autoscaled = sizeDesign(sizedScenario(twoRegions({ latency: '[]', sizing: '{ survive: region, failoverNodes: autoscaled }' })), 0);
    // 11 pods in each cluster in every case: 2 nodes, 3 with N+1, whichever region is lost.
    expect(autoscaled.nodePools.map((p) => [p.nodes, p.nodesAtFailover])).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(standing.nodePools.map((p) => [p.nodes, p.nodesAtFailover])).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(pool(autoscaled, 'eu').text).toMatch(/; no failure considered needs more \(autoscaling max 3\)$/);
  });

  it('a zone lost inside a cluster does move pods (onto its other nodes): the autoscaler adds them', () => {
    // 25 pods: 3 nodes hold them, 4 with N+1; without eu-west-1a (⌈n/3⌉ of n nodes) 5 are needed.
    const z = sizeDesign(sizedScenario(twoRegions({ latency: '[]', sizing: '{ survive: { zone: eu-west-1a }, failoverNodes: autoscaled }' }), 25), 0);
    expect(pool(z, 'eu')).toMatchObject({ nodes: 4, nodesAtFailover: 5 });
    expect(pool(z, 'us')).toMatchObject({ nodes: 4, nodesAtFailover: 4 });
  });
});
