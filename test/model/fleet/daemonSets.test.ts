import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import { allocatableFor, daemonSetOverhead } from '../../../src/model/fleet/reserved.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import type { FleetInput } from '../../../src/model/fleet/types.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { DAEMONSETS_BY_DEFAULT, defaultDaemonSets, PROVIDER_DAEMONSETS } from '../../../src/scenario/daemonSets.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

const fleetWith = (daemonSets: FleetInput['clusters'][number]['daemonSets']): FleetInput => ({
  regions: [{ name: 'us-east-1', provider: 'aws', zones: ['us-east-1a', 'us-east-1b'] }],
  links: [],
  clusters: [{ name: 'c', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'], nodePools: [{ name: 'p', cpuMillicores: 4000, memoryBytes: 16 * GIB, count: 2, maxPods: 58 }], daemonSets }],
});

describe('DaemonSets reserved on every node', () => {
  // The EKS set (docs/references.md): aws-node 25m, kube-proxy 100m, fluent-bit 500m + 100Mi,
  // cloudwatch-agent 200m + 200Mi: 825m, 300 MiB and 4 pod slots per node.
  const eks = PROVIDER_DAEMONSETS.aws;

  it('overhead is the exact sum of the requests, one pod slot each', () => {
    expect(daemonSetOverhead(eks)).toEqual({ cpuMillicores: 825, memoryBytes: 300 * MIB, pods: 4 });
  });

  it('allocatable for workload pods drops by exactly that sum; pod slots by the DaemonSet count', () => {
    const bare = buildFleet(fleetWith(undefined));
    const withAgents = buildFleet(fleetWith(eks));
    const kubelet = allocatableFor({ kind: 'gke' }, 4000, 16 * GIB);
    expect(bare.nodePools[0].cpuAllocatableMillicores).toBe(kubelet.cpuMillicores);
    expect(withAgents.nodePools[0].cpuAllocatableMillicores).toBe(kubelet.cpuMillicores - 825);
    expect(withAgents.nodePools[0].memoryAllocatableBytes).toBe(kubelet.memoryBytes - 300 * MIB);
    expect(withAgents.nodePools[0].maxPods).toBe(58 - 4);
    expect(withAgents.nodePools[0].daemonSetsPerNode).toEqual({ cpuMillicores: 825, memoryBytes: 300 * MIB, pods: 4 });
    // Every node of the pool carries the same figures (placement reads the node table).
    for (let n = 0; n < withAgents.nodes.count; n++) {
      expect(withAgents.nodes.cpuAllocatableMillicores[n]).toBe(kubelet.cpuMillicores - 825);
      expect(withAgents.nodes.maxPods[n]).toBe(54);
    }
  });

  it('a node the agents overfill has nothing left, never a negative amount', () => {
    const f = buildFleet(fleetWith([{ name: 'hog', cpuMillicores: 10_000, memoryBytes: 32 * GIB }]));
    expect(f.nodePools[0].cpuAllocatableMillicores).toBe(0);
    expect(f.nodePools[0].memoryAllocatableBytes).toBe(0);
  });

  it('a scenario’s daemonSets reach the fleet', () => {
    const r = parseScenario(
      `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: ds }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - name: c
    region: us-east-1
    nodePools: [ { name: p, instanceType: m6i.xlarge, count: 1 } ]
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: [ { name: agent, cpu: 300m, memory: 256Mi } ]
workload:
  services: [ { name: s, replicas: 1, cpu: 100m, memory: 128Mi, serviceTime: 10ms } ]
  userRegions: [ { name: u, near: us-east-1, rate: 1/s, entryService: s } ]
designs:
  - { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
`,
      'ds.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const fleet = resolveFleet(r.scenario);
    const kubelet = allocatableFor({ kind: 'gke' }, 4000, 16 * GIB);
    expect(fleet.nodePools[0].cpuAllocatableMillicores).toBe(kubelet.cpuMillicores - 300);
    expect(fleet.nodePools[0].memoryAllocatableBytes).toBe(kubelet.memoryBytes - 256 * MIB);
    // The EKS VPC CNI limit of m6i.xlarge (58), less the agent's slot.
    expect(fleet.nodePools[0].maxPods).toBe(58 - 1);
  });

  it('the provider set is on by default: a cluster without daemonSets reserves the usual agents; off, nothing', () => {
    expect(DAEMONSETS_BY_DEFAULT).toBe(true);
    expect(defaultDaemonSets('aws', false)).toEqual([]);
    expect(defaultDaemonSets('aws')).toEqual(defaultDaemonSets('aws', true));
    expect(defaultDaemonSets('aws', true).map((d) => d.name)).toEqual(['aws-node', 'kube-proxy', 'fluent-bit', 'cloudwatch-agent']);
    expect(defaultDaemonSets('gcp', true).length).toBeGreaterThan(0);
    expect(defaultDaemonSets('onprem', true)).toEqual([]);
  });
});
