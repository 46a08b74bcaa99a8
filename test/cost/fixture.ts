import { world, type World } from '../model/runtime/fixture.js';
import { costSetup, monthlyCost, type CostObservation, type CostUsage, type MonthlyCost } from '../../src/cost/index.js';
import type { PriceCatalog } from '../../src/cost/index.js';

/**
 * One cluster per entry; pools of `nodes` nodes; one service of 6 × 500m / 512Mi, duplicated. No
 * DaemonSets unless an entry gives some, so hand computations count the service's pods only.
 */
export function fleetYaml(o: {
  clusters: { name: string; region: string; provider?: string; type: string; nodes: number; zones?: string[]; capacityType?: string; controlPlane?: string; kubernetesVersion?: string; daemonSets?: string }[];
  regions?: string;
  pricing?: string;
  /** Replaces the one duplicated design (YAML list items under designs:). */
  designs?: string;
}): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: cost }
topology:
  regions:
${o.regions ?? [...new Set(o.clusters.map((c) => c.region))].map((r) => `    - name: ${r}`).join('\n')}
clusters:
${o.clusters
  .map(
    (c) => `  - name: ${c.name}
    region: ${c.region}
    kubernetesVersion: "${c.kubernetesVersion ?? '1.33'}"
${c.zones ? `    zones: [${c.zones.join(', ')}]\n` : ''}    nodePools:
      - { name: pool, instanceType: ${c.type}, count: ${c.nodes}${c.capacityType ? `, capacityType: ${c.capacityType}` : ''} }
    controlPlane:
      ${c.controlPlane ?? 'managed: { tier: eks-standard }'}
    daemonSets: ${c.daemonSets ?? '[]'}`,
  )
  .join('\n')}
workload:
  services:
    - name: api
      replicas: 6
      cpu: 500m
      memory: 512Mi
      serviceTime: { exponential: { mean: 10ms } }
  userRegions:
    - { name: users, near: ${o.clusters[0].region}, rate: 100/s, entryService: api }
designs:
${o.designs ?? `  - name: only
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }`}
run: { horizon: 1h, replications: 1, seed: 1 }
${o.pricing ?? ''}
`;
}

/** An observation written by hand: every cluster's pools at `nodes` nodes for one hour. */
export function observe(w: World, perCluster: Record<string, { nodes: number; interZone?: number; interRegion?: number; internet?: number; logs?: number; peak?: number }>, requests = 360_000): CostObservation {
  const names = w.scenario.clusters.map((c) => c.name);
  return {
    horizonS: 3600,
    warmupS: 0,
    pools: names.map((c) => ({ cluster: c, pool: 'pool', nodeHours: perCluster[c].nodes })),
    traffic: {
      requests,
      bytes: { byCluster: names.map((c) => ({ cluster: c, interZoneBytes: perCluster[c].interZone ?? 0, interRegionBytes: perCluster[c].interRegion ?? 0, internetEgressBytes: perCluster[c].internet ?? 0 })) },
      clusters: names.map((c) => ({ cluster: c, logBytes: perCluster[c].logs ?? 0, peakUtilization: perCluster[c].peak ?? 0 })),
    },
  };
}

/**
 * The bill of a hand-written observation. The per-cluster extras that default on (GSLB health
 * checks, east-west gateways) are off here unless a test or the file asks, so each hand computation prices only
 * the lines it names; test/cost/billLines.test.ts prices those extras by hand.
 */
export function cost(w: World, obs: CostObservation, over: { usage?: Partial<CostUsage>; catalog?: PriceCatalog; design?: number } = {}): MonthlyCost {
  const setup = costSetup(w.scenario);
  const file = w.scenario.pricing?.usage ?? {};
  const extrasOff = { ...('gslbHealthChecks' in file ? {} : { gslbHealthChecks: false }), ...('eastWestGateways' in file ? {} : { eastWestGateways: false }) };
  const usage = { ...setup.usage, ...extrasOff, ...over.usage };
  return monthlyCost({ scenario: w.scenario, fleet: w.fleet, resolved: w.designs[over.design ?? 0], observation: obs, catalog: over.catalog ?? setup.catalog, usage });
}

export const line = (c: MonthlyCost, item: string, cluster?: string) => {
  const l = c.lines.find((x) => x.item === item && (cluster === undefined || x.cluster === cluster));
  if (!l) throw new Error(`no line "${item}"; lines: ${c.lines.map((x) => `${x.cluster}:${x.item}`).join(', ')}`);
  return l;
};

export { world };
