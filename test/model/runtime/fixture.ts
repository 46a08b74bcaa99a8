import { parseScenario, type Scenario } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns, type ResolvedDesign } from '../../../src/model/placement/resolveDesigns.js';
import type { Fleet } from '../../../src/model/fleet/types.js';
import { generateFaultSchedule, type FaultEpisode } from '../../../src/model/faults/schedule.js';
import { runReplication, type ReplicationResult } from '../../../src/model/replication/replication.js';

export interface World {
  scenario: Scenario;
  fleet: Fleet;
  designs: ResolvedDesign[];
}

/** Parse a scenario written inline in a test; fail loudly with its errors. */
export function world(yaml: string): World {
  const r = parseScenario(yaml, 'test.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  const fleet = resolveFleet(r.scenario);
  return { scenario: r.scenario, fleet, designs: resolveDesigns(r.scenario, fleet) };
}

export function faultsOf(w: World, replication: number, horizonS = w.scenario.run.horizonS): FaultEpisode[] {
  return generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS, seed: w.scenario.run.seed, replication });
}

export function run(w: World, design: number, replication: number, extra: { horizonS?: number; timelineStepS?: number } = {}): ReplicationResult {
  const horizonS = extra.horizonS ?? w.scenario.run.horizonS;
  return runReplication({
    fleet: w.fleet,
    clusters: w.scenario.clusters,
    design: w.scenario.designs[design],
    resolved: w.designs[design],
    faults: faultsOf(w, replication, horizonS),
    seed: w.scenario.run.seed,
    replication,
    horizonS,
    warmupS: 0,
    ...(extra.timelineStepS !== undefined ? { timelineStepS: extra.timelineStepS } : {}),
  });
}

/** One region, one cluster of `nodes` m6i.xlarge nodes (no DaemonSets unless the extra YAML lists some), one service; extra YAML appended verbatim. */
export function singleCluster(opts: { nodes: number; replicas: number; kubeVersion?: string; faults?: string; zones?: number; extraClusterYaml?: string; run?: string; controlPlane?: string }): string {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'].slice(0, opts.zones ?? 3);
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: test }
topology:
  regions:
    - name: us-east-1
clusters:
  - name: c1
    region: us-east-1
    zones: [${zones.join(', ')}]
    kubernetesVersion: "${opts.kubeVersion ?? '1.31'}"
    nodePools:
      - { name: pool, instanceType: m6i.xlarge, count: ${opts.nodes} }
    controlPlane:
      ${opts.controlPlane ?? 'managed: { tier: eks-standard }'}
${/daemonSets:/.test(opts.extraClusterYaml ?? '') ? '' : '    daemonSets: []  # no agents: the hand-derived packing counts the service pods only\n'}${opts.extraClusterYaml ?? ''}
workload:
  services:
    - name: api
      replicas: ${opts.replicas}
      cpu: 500m
      memory: 512Mi
      serviceTime: { exponential: { mean: 10ms } }
  userRegions:
    - { name: users, near: us-east-1, rate: 100/s, entryService: api }
designs:
  - name: only
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
faults:
${opts.faults ?? '  scripted: []'}
run:
${opts.run ?? '  horizon: 1h\n  replications: 1\n  seed: 7'}
`;
}
