import { Simulator } from '../../../src/engine/simulator.js';
import type { FaultEpisode, FaultKind } from '../../../src/model/faults/episode.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { DatastoreRuntime } from '../../../src/model/state/datastoreRuntime.js';
import type { DatastoreOutcome, StoreClientEffect } from '../../../src/model/state/types.js';
import type { DatastorePlacementSpec, DatastoreSpec, DistributionSpec, Scenario, StoreUseSpec } from '../../../src/scenario/types.js';
import { world, type World } from '../runtime/fixture.js';

/**
 * Test rigs for the state model. Until the scenario parser reads datastores, a rig loads a plain
 * two-region scenario and spreads resolved DatastoreSpec / DatastorePlacementSpec objects into it.
 */

export const ms = (x: number): number => x / 1000;
export const constantS = (valueS: number): DistributionSpec => ({ kind: 'constant', valueS });

/**
 * Two regions (Dublin, N. Virginia; 70 ms apart) and Frankfurt, a cluster in each of the first two on
 * three zones; users (flat demand unless `diurnal`) enter at web in Dublin; web calls cart 0.5 times
 * (or `calls`), api calls cart 0.25 times (api is called by nobody unless `calls` says so).
 */
export function twoRegionYaml(opts: { ratePerS: number; bandwidth?: string; usRatePerS?: number; horizon?: string; diurnal?: string; calls?: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: state }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 }, { name: eu-central-1 } ]
  links:
    - { between: [eu-west-1, us-east-1], rtt: 70ms${opts.bandwidth ? `, bandwidth: ${opts.bandwidth}` : ''} }
    - { between: [eu-west-1, eu-central-1], rtt: 25ms }
    - { between: [us-east-1, eu-central-1], rtt: 90ms }
clusters:
  - { name: eu-1, region: eu-west-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us-1, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 2, cpu: 250m, memory: 256Mi, serviceTime: { exponential: { mean: 5ms } }, calls: ${opts.calls ?? '[ { service: cart, callsPerRequest: 0.5 } ]'} }
    - { name: cart, replicas: 2, cpu: 250m, memory: 256Mi, serviceTime: { exponential: { mean: 5ms } } }
    - { name: api, replicas: 2, cpu: 250m, memory: 256Mi, serviceTime: { exponential: { mean: 5ms } }, calls: [ { service: cart, callsPerRequest: 0.25 } ] }
  userRegions:
    - { name: europe, near: eu-west-1, rate: ${opts.ratePerS}/s, entryService: web, diurnal: ${opts.diurnal ?? '{ peakToTrough: 1, peakHourUtc: 0 }'} }
${opts.usRatePerS ? `    - { name: america, near: us-east-1, rate: ${opts.usRatePerS}/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }\n` : ''}designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
faults: { scripted: [] }
run: { horizon: ${opts.horizon ?? '2d'}, replications: 1, seed: 11 }
`;
}

/** A resolved store with the binding defaults (docs/state.md), then `over`. */
export function storeSpec(over: Partial<DatastoreSpec> & { name: string }): DatastoreSpec {
  const kind = over.kind ?? 'primaryReplica';
  return {
    description: '',
    kind,
    replication: kind === 'quorum' ? 'sync' : 'async',
    dataClass: undefined,
    writeBytes: 2048,
    readBytes: 4096,
    commitTime: constantS(0.001),
    readTime: constantS(0.0005),
    semiSyncTimeoutS: 10,
    failover: { mode: 'automatic', detectionS: kind === 'quorum' ? 1 : 30, promotionS: kind === 'quorum' ? 0 : 10, reconnectS: 5, manualDelay: constantS(1800), fencing: 'quorum' },
    memberFailures: undefined,
    cache: undefined,
    memberPriceUsdPerHour: undefined,
    ...over,
  };
}

export function placement(store: string, members: DatastorePlacementSpec['members'], over: Partial<DatastorePlacementSpec> = {}): DatastorePlacementSpec {
  return { store, members, perCluster: false, reads: 'primary', witnessRegion: undefined, ...over };
}

export const member = (cluster: string, zone: string | undefined, role: 'primary' | 'syncStandby' | 'replica') => ({ cluster, zone, role });

export interface RigInput {
  readonly yaml: string;
  readonly stores: readonly DatastoreSpec[];
  readonly placements: readonly DatastorePlacementSpec[];
  /** Per service name: its store uses. */
  readonly uses: Readonly<Record<string, readonly StoreUseSpec[]>>;
  /** Per service name: the clusters that run it and their shares; default: cart in eu-1 only, web in eu-1 only. */
  readonly clients?: Readonly<Record<string, readonly { cluster: string; share: number }[]>>;
  readonly warmupS?: number;
  readonly horizonS?: number;
  readonly replication?: number;
}

export interface Rig {
  readonly w: World;
  readonly scenario: Scenario;
  readonly sim: Simulator;
  readonly runtime: DatastoreRuntime;
  readonly baseline: StoreClientEffect[];
  /** Every changed() call, with its time. */
  readonly changes: { atS: number; effects: readonly StoreClientEffect[] }[];
  /** Schedule a fleet fault episode (its start and end) against the runtime. */
  fault(kind: FaultKind, target: string, startS: number, endS: number, linkMode?: 'partition' | 'degrade', extraLatencyMs?: number): void;
  readonly horizonS: number;
}

/** Build the scenario with the stores spread in, the simulator and the runtime (before any run). */
export function rig(input: RigInput): Rig {
  const w = world(input.yaml);
  const base = w.scenario;
  const services = base.workload.services.map((s) => ({ ...s, stores: input.uses[s.name] ?? [] }));
  const design = { ...base.designs[0], datastores: input.placements };
  const scenario: Scenario = { ...base, workload: { ...base.workload, services, datastores: input.stores }, designs: [design] };
  const clients = input.clients ?? {};
  const clientClusters = services.map((s) => (clients[s.name] ?? [{ cluster: 'eu-1', share: 1 }]).map((c) => ({ cluster: w.fleet.clusterByName.get(c.cluster)!, share: c.share })));
  const sim = new Simulator();
  const horizonS = input.horizonS ?? base.run.horizonS;
  const baseline: StoreClientEffect[] = [];
  const changes: { atS: number; effects: readonly StoreClientEffect[] }[] = [];
  const sink = { baseline: (e: readonly StoreClientEffect[]) => baseline.push(...e), changed: (e: readonly StoreClientEffect[]) => changes.push({ atS: sim.now, effects: e }) };
  const runtime = new DatastoreRuntime(
    { sim, fleet: w.fleet, scenario, design, clientClusters, seed: base.run.seed, replication: input.replication ?? 0, horizonS, warmupS: input.warmupS ?? 0 },
    sink,
  );
  const episodes: FaultEpisode[] = [];
  const FAULT = sim.register('test/fault', (arg) => runtime.onFault(episodes[arg >> 1], (arg & 1) === 1 ? -1 : 1));
  const fault: Rig['fault'] = (kind, target, startS, endS, linkMode, extraLatencyMs) => {
    const targetId = targetIdOf(w, kind, target);
    const id = episodes.length;
    episodes.push({ id, kind, targetId, targetName: target, startS, endS, source: 'scripted', ...(linkMode ? { linkMode } : {}), ...(extraLatencyMs ? { extraLatencyMs } : {}) });
    sim.at(startS, FAULT, id * 2);
    if (endS < horizonS) sim.at(endS, FAULT, id * 2 + 1);
  };
  return { w, scenario, sim, runtime, baseline, changes, fault, horizonS };
}

function targetIdOf(w: World, kind: FaultKind, target: string): number {
  const f = w.fleet;
  if (kind === 'zone') return f.zoneByName.get(target)!;
  if (kind === 'region') return f.regionByName.get(target)!;
  if (kind === 'cluster') return f.clusterByName.get(target)!;
  const [a, b] = target.split('~').map((r) => f.regionByName.get(r)!);
  return f.linkIdByRegions[a * f.regions.length + b];
}

/** Run the rig to its horizon and return its outcomes. */
export function finish(r: Rig): DatastoreOutcome[] {
  r.sim.run({ untilS: r.horizonS });
  return r.runtime.result();
}

/** Run the rig until `tS` (inclusive of events at tS). */
export function runUntil(r: Rig, tS: number): void {
  r.sim.run({ untilS: tS });
}

/** Round trip between two named zones in seconds, straight from the fleet's matrix. */
export function zoneRttS(w: World, a: string, b: string): number {
  const f = w.fleet;
  return f.zoneRttMs[f.zoneByName.get(a)! * f.zones.length + f.zoneByName.get(b)!] / 1000;
}

/** Mean round trip from a cluster's zones to a named zone, in seconds. */
export function clusterToZoneRttS(w: World, cluster: string, zone: string): number {
  const f = w.fleet;
  const zones = f.clusters[f.clusterByName.get(cluster)!].zoneIds;
  return zones.reduce((s, z) => s + f.zoneRttMs[z * f.zones.length + f.zoneByName.get(zone)!], 0) / zones.length / 1000;
}

/**
 * A parsed scenario's stores run by the runtime alone for design `d`, replication 0: the fleet's
 * fault schedule replayed into onFault, client clusters from the design's placement.
 */
export function runFixtureStores(w: World, d: number, o: { readonly warmupS?: number; readonly repeatQuietDays?: boolean } = {}): DatastoreOutcome[] {
  const sc = w.scenario;
  const sim = new Simulator();
  const clientClusters = w.designs[d].placement.services.map((p) => {
    const total = p.assigned.reduce((s, x) => s + x, 0);
    return [...p.assigned].flatMap((n, cluster) => (n > 0 ? [{ cluster, share: n / total }] : []));
  });
  const horizonS = sc.run.horizonS;
  const runtime = new DatastoreRuntime(
    { sim, fleet: w.fleet, scenario: sc, design: sc.designs[d], clientClusters, seed: sc.run.seed, replication: 0, horizonS, warmupS: o.warmupS ?? 0, ...(o.repeatQuietDays === false ? { repeatQuietDays: false } : {}) },
    { baseline: () => {}, changed: () => {} },
  );
  const faults = generateFaultSchedule({ fleet: w.fleet, clusters: sc.clusters, faults: sc.faults, horizonS, seed: sc.run.seed, replication: 0 });
  const FAULT = sim.register('test/fault', (arg) => runtime.onFault(faults[arg >> 1], (arg & 1) === 1 ? -1 : 1));
  for (const ep of faults) {
    if (ep.startS >= horizonS) continue;
    sim.at(ep.startS, FAULT, ep.id * 2);
    if (ep.endS < horizonS) sim.at(ep.endS, FAULT, ep.id * 2 + 1);
  }
  sim.run({ untilS: horizonS });
  return runtime.result();
}
