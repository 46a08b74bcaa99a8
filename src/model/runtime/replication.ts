import { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import { TimeWeighted } from '../../engine/stats/timeWeighted.js';
import type { ClusterSpec, Design, FailoverSpec, Scenario } from '../../scenario/types.js';
import { FluidTraffic } from '../traffic/fluid.js';
import type { TrafficOutcome } from '../traffic/types.js';
import { RequestLevelTraffic } from '../traffic/requestLevel.js';
import { LogHistogram } from '../../engine/stats/logHistogram.js';
import type { FaultEpisode } from '../faults/schedule.js';
import type { Fleet } from '../fleet/types.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';
import { ControlPlaneState } from './controlPlane.js';
import { EtcdRuntime } from './etcdRuntime.js';
import { FaultRecorder, type FaultRecord } from './faultRecords.js';
import { KarmadaFailover } from './karmadaFailover.js';
import { KubeControllers } from './kubeControllers.js';
import { kubeTimings, type KubeClusterStreams } from './kubeTimings.js';
import { RuntimeState } from './state.js';

/** Everything one replication of one design needs. Pure data in, a result out. */
export interface ReplicationInput {
  readonly fleet: Fleet;
  readonly clusters: readonly ClusterSpec[];
  readonly design: Design;
  readonly resolved: ResolvedDesign;
  /** This replication's faults (shared by every design: common random numbers). */
  readonly faults: readonly FaultEpisode[];
  readonly seed: string | number;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  /** Optional: sample each service's ready replicas on this period (for timelines). */
  readonly timelineStepS?: number;
  /** When given, user traffic is modelled too (the fluid model) and `traffic` is filled in. */
  readonly scenario?: Scenario;
  /** 'requests' simulates every request (short horizons; to check the fluid model). Default 'fluid'. */
  readonly trafficMode?: 'fluid' | 'requests';
}

export interface ServiceOutcome {
  readonly name: string;
  /** Replicas the design asks for, summed over clusters. */
  readonly requiredReplicas: number;
  /** Time-average of min(1, ready / required) after warm-up. */
  readonly readyRatio: number;
  /** Seconds after warm-up with no ready replica anywhere. */
  readonly zeroReadyS: number;
  /** Time-average share of listed endpoints that are dead (requests to them fail). */
  readonly blackholeRatio: number;
  readonly minReady: number;
}

export interface ClusterOutcome {
  readonly name: string;
  /** Fraction of time after warm-up the cluster's API accepted writes. */
  readonly apiWritableRatio: number;
}

export interface ReplicationResult {
  readonly design: string;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  readonly services: readonly ServiceOutcome[];
  readonly clusters: readonly ClusterOutcome[];
  /** Faults that started after warm-up. */
  readonly faults: readonly FaultRecord[];
  readonly autoscaledNodes: number;
  /** Node-hours per node pool after warm-up (what the provider bills), including autoscaled nodes. */
  readonly pools: readonly { readonly cluster: string; readonly pool: string; readonly nodeHours: number; readonly peakNodes: number }[];
  readonly events: number;
  readonly etcdEpisodes: number;
  /** Ready replicas per service sampled every timelineStepS (when asked). */
  readonly timeline?: { readonly stepS: number; readonly ready: readonly (readonly number[])[] };
  /** What users felt (when a scenario was given). */
  readonly traffic?: TrafficOutcome;
}

export { kubeTimings };

/**
 * Simulate one design for one replication: replay the faults against the fleet, let Kubernetes,
 * etcd and Karmada react, and measure ready capacity, API availability and every fault's timeline.
 */
export function runReplication(input: ReplicationInput): ReplicationResult {
  const { fleet, resolved, design, horizonS, warmupS } = input;
  if (!(horizonS > warmupS && warmupS >= 0)) throw new RangeError(`need 0 <= warm-up < horizon, got ${warmupS} and ${horizonS}`);
  const specs = fleet.clusters.map((c) => {
    const spec = input.clusters.find((s) => s.name === c.name);
    if (!spec) throw new RangeError(`no cluster spec for "${c.name}"`);
    return spec;
  });
  const services = resolved.services;
  const S = services.length;
  const C = fleet.clusters.length;
  const stream = (name: string) => createStream(input.seed, input.replication, name);

  // Autoscaler spares: every autoscaling pool may grow to its maximum.
  const spares = specs.map((spec, c) =>
    spec.nodePools.flatMap((p) => {
      if (!p.autoscaling) return [];
      const pool = fleet.nodePools.find((fp) => fp.clusterId === c && fp.name === p.name)!;
      return [{ poolId: pool.id, count: Math.max(0, p.autoscaling.maxCount - p.count) }];
    }),
  );
  const st = new RuntimeState(
    fleet,
    services.map((s) => s.cpuMillicores),
    services.map((s) => s.memoryBytes),
    spares,
  );
  const sim = new Simulator(4096);
  const cp = new ControlPlaneState(C);
  const timings = specs.map(kubeTimings);
  const streams: KubeClusterStreams[] = fleet.clusters.map((c) => ({
    phases: stream(`kube/${c.name}/timerPhases`),
    podStartup: stream(`kube/${c.name}/podStartup`),
    autoscaler: stream(`kube/${c.name}/autoscaler`),
  }));
  const kube = new KubeControllers(sim, st, cp, timings, streams);
  const etcd = new EtcdRuntime(sim, fleet, specs, cp, input.seed, input.replication);

  // Initial state: the design's placement, every placed pod ready.
  const assigned = new Int32Array(S * C);
  const required = new Int32Array(S);
  resolved.placement.services.forEach((p, s) => {
    let offset = 0;
    for (let c = 0; c < C; c++) {
      assigned[s * C + c] = p.assigned[c];
      required[s] += p.assigned[c];
      kube.seed(s, c, p.podNodes.subarray(offset, offset + p.placed[c]), p.assigned[c]);
      offset += p.placed[c];
    }
    required[s] += p.unscheduled;
  });
  const failoverBy = new Map(design.policies.map((p) => [p.service, p.failover]));
  const failover: FailoverSpec[] = services.map((s) => failoverBy.get(s.name)!);
  const karmada = new KarmadaFailover(sim, st, kube, cp, services, failover, assigned, stream('karmada/probePhases'));

  // ---- metrics ----
  const poolNodes = fleet.nodePools.map((p) => new TimeWeighted(0, p.count));
  const poolPeak = Int32Array.from(fleet.nodePools, (p) => p.count);
  const poolNodesAtWarmup = new Float64Array(fleet.nodePools.length);
  kube.autoscaler.onNodeProvisioned = (node) => {
    const p = st.nodePool[node];
    const next = poolNodes[p].current + 1;
    poolNodes[p].update(sim.now, next);
    if (next > poolPeak[p]) poolPeak[p] = next;
  };
  const readyRatio = services.map((_, s) => new TimeWeighted(0, ratio(st.serviceReady[s], required[s])));
  const zeroReady = services.map((_, s) => new TimeWeighted(0, st.serviceReady[s] === 0 && required[s] > 0 ? 1 : 0));
  const blackhole = services.map(() => new TimeWeighted(0, 0));
  const minReady = Int32Array.from(st.serviceReady);
  const recorder = new FaultRecorder();
  st.onGroupChange = (s, c) => {
    const now = sim.now;
    const ready = st.serviceReady[s];
    readyRatio[s].update(now, ratio(ready, required[s]));
    zeroReady[s].update(now, ready === 0 && required[s] > 0 ? 1 : 0);
    const listed = ready + st.serviceLost[s];
    blackhole[s].update(now, listed > 0 ? st.serviceLost[s] / listed : 0);
    if (now >= warmupS && ready < minReady[s]) minReady[s] = ready;
    if (ready >= required[s] && recorder.hasOpen()) recorder.capacityRestored((x) => st.serviceReady[x] >= required[x], now);
    traffic?.groupChanged(s, c);
  };
  kube.lifecycle.observer = { nodeNotReady: (node, t) => recorder.nodeNotReady(node, t) };
  karmada.observer = {
    clusterNotReady: (c, t) => recorder.clusterNotReady(c, t),
    failedOver: (_s, c, t) => recorder.clusterFailedOver(c, t),
  };
  cp.onChange((c, writable, t) => {
    if (writable) recorder.apiWritable(c, t);
  });

  // ---- fault replay ----
  const zoneNodes: number[][] = fleet.zones.map(() => []);
  for (let n = 0; n < st.nodeCount; n++) zoneNodes[st.nodeZone[n]].push(n);
  const zoneMembers: number[][] = fleet.zones.map(() => []);
  for (let m = 0; m < fleet.etcd.count; m++) zoneMembers[fleet.etcd.zoneId[m]].push(m);
  // A zonal managed control plane (GKE zonal) lives in its cluster's first zone.
  const zonalCp: number[][] = fleet.zones.map(() => []);
  specs.forEach((spec, c) => {
    if (spec.controlPlane.kind === 'managed' && spec.controlPlane.tier === 'gke-zonal') zonalCp[fleet.clusters[c].zoneIds[0]].push(c);
  });
  const linkDown = new Int32Array(fleet.links.length);
  // A cluster's data plane (its load balancer and network) is gone while its region or the whole
  // cluster is down; a control-plane outage alone leaves it serving.
  const dataDown = new Int32Array(C);
  const traffic =
    input.scenario !== undefined
      ? new FluidTraffic({
          sim,
          st,
          fleet,
          scenario: input.scenario,
          design,
          seed: input.seed,
          replication: input.replication,
          horizonS,
          warmupS,
          dataplaneUp: (c) => dataDown[c] === 0,
        })
      : null;
  const requestLevel =
    traffic !== null && input.trafficMode === 'requests'
      ? new RequestLevelTraffic(sim, st, traffic, input.scenario!, { seed: input.seed, replication: input.replication, warmupS, horizonS, dataplaneUp: (c) => dataDown[c] === 0 })
      : null;
  const leaderVictim = new Int32Array(input.faults.length).fill(-1);
  let downed: number[] = [];

  const nodeCause = (n: number, delta: 1 | -1) => {
    const before = st.nodeDownCauses[n];
    st.nodeDownCauses[n] += delta;
    if (before === 0 && delta === 1) {
      if (st.nodeActive[n]) downed.push(n);
      kube.machineDown(n);
    } else if (before === 1 && delta === -1) kube.machineUp(n);
  };
  const clusterNodes = (c: number, f: (n: number) => void) => {
    const cl = fleet.clusters[c];
    for (let n = cl.nodeStart; n < cl.nodeStart + cl.nodeCount; n++) f(n);
    for (let n = st.spareStart[c]; n < st.spareStart[c] + st.spareCount[c]; n++) f(n);
  };
  const apply = (ep: FaultEpisode, delta: 1 | -1): number[] => {
    const clusters: number[] = [];
    switch (ep.kind) {
      case 'node':
        nodeCause(ep.targetId, delta);
        clusters.push(st.nodeCluster[ep.targetId]);
        break;
      case 'zone':
        for (const n of zoneNodes[ep.targetId]) nodeCause(n, delta);
        for (const m of zoneMembers[ep.targetId]) etcd.memberCause(m, delta);
        for (const c of zonalCp[ep.targetId]) cp.addCause(c, delta, sim.now);
        fleet.clusters.forEach((cl) => cl.zoneIds.includes(ep.targetId) && clusters.push(cl.id));
        break;
      case 'region': {
        const region = fleet.regions[ep.targetId];
        for (const z of region.zoneIds) {
          for (const n of zoneNodes[z]) nodeCause(n, delta);
          for (const m of zoneMembers[z]) etcd.memberCause(m, delta);
        }
        for (const cl of fleet.clusters) {
          if (cl.regionId !== ep.targetId) continue;
          cp.addCause(cl.id, delta, sim.now);
          dataDown[cl.id] += delta;
          clusters.push(cl.id);
        }
        traffic?.dataplaneChanged();
        break;
      }
      case 'cluster': {
        const cl = fleet.clusters[ep.targetId];
        clusterNodes(cl.id, (n) => nodeCause(n, delta));
        for (let m = cl.etcdStart; m < cl.etcdStart + cl.etcdCount; m++) etcd.memberCause(m, delta);
        cp.addCause(cl.id, delta, sim.now);
        dataDown[cl.id] += delta;
        traffic?.dataplaneChanged();
        clusters.push(cl.id);
        break;
      }
      case 'controlPlane':
        cp.addCause(ep.targetId, delta, sim.now);
        clusters.push(ep.targetId);
        break;
      case 'etcdMember':
        etcd.memberCause(ep.targetId, delta);
        clusters.push(fleet.etcd.clusterId[ep.targetId]);
        break;
      case 'etcdLeader': {
        if (delta === 1) leaderVictim[ep.id] = etcd.leaderMember(ep.targetId);
        if (leaderVictim[ep.id] >= 0) etcd.memberCause(leaderVictim[ep.id], delta);
        clusters.push(ep.targetId);
        break;
      }
      case 'link': {
        traffic?.setLink(ep.targetId, ep.linkMode ?? 'partition', ep.extraLatencyMs ?? 0, ep.lossRatio ?? 0, delta === 1);
        // Only partitions change control-plane state; latency and loss matter to traffic alone.
        if (ep.linkMode !== 'partition') break;
        const before = linkDown[ep.targetId];
        linkDown[ep.targetId] += delta;
        const link = fleet.links[ep.targetId];
        if ((before === 0 && delta === 1) || (before === 1 && delta === -1)) etcd.regionLink(link.regionA, link.regionB, delta === -1);
        break;
      }
    }
    return clusters;
  };

  const faults = input.faults;
  const FAULT = sim.register('faults/replay', (arg) => {
    const ep = faults[arg >> 1];
    if ((arg & 1) === 0) {
      const before = Int32Array.from(st.serviceReady);
      downed = [];
      const clusters = apply(ep, 1);
      const affected: number[] = [];
      let lost = 0;
      for (let s = 0; s < S; s++) {
        if (st.serviceReady[s] < before[s]) {
          affected.push(s);
          lost += before[s] - st.serviceReady[s];
        }
      }
      const apiLost = (ep.kind === 'etcdMember' || ep.kind === 'etcdLeader' || ep.kind === 'controlPlane') && clusters.some((c) => !cp.writable(c));
      recorder.start(ep, affected, lost, downed, clusters, apiLost);
    } else {
      apply(ep, -1);
      recorder.ended(ep.id);
    }
  });
  for (const ep of faults) {
    if (ep.startS >= horizonS) continue;
    sim.at(ep.startS, FAULT, ep.id * 2);
    if (ep.endS < horizonS) sim.at(ep.endS, FAULT, ep.id * 2 + 1);
  }
  // Ids index into `faults`; generateFaultSchedule numbers them 0…n−1 in order.
  faults.forEach((ep, i) => {
    if (ep.id !== i) throw new RangeError('fault episodes must be numbered 0…n−1 in order');
  });

  // Warm-up: forget what was measured before it.
  const areaAtWarmup = { ready: new Float64Array(S), zero: new Float64Array(S), blackhole: new Float64Array(S) };
  const WARMUP = sim.register('metrics/warmup', () => {
    for (let s = 0; s < S; s++) {
      areaAtWarmup.ready[s] = readyRatio[s].area(sim.now);
      areaAtWarmup.zero[s] = zeroReady[s].area(sim.now);
      areaAtWarmup.blackhole[s] = blackhole[s].area(sim.now);
      minReady[s] = st.serviceReady[s];
    }
    cp.resetAccounting(sim.now);
    fleet.nodePools.forEach((_, p) => {
      poolNodesAtWarmup[p] = poolNodes[p].area(sim.now);
      poolPeak[p] = poolNodes[p].current;
    });
  });
  sim.at(warmupS, WARMUP, 0);

  let timeline: number[][] | undefined;
  let successTimeline: number[] | undefined;
  const success: number[] = [];
  if (input.timelineStepS !== undefined) {
    const step = input.timelineStepS;
    const rows: number[][] = [];
    timeline = rows;
    successTimeline = success;
    const SAMPLE = sim.register('metrics/timeline', () => {
      rows.push(Array.from(st.serviceReady));
      if (traffic) success.push(traffic.currentSuccessRatio());
      if (sim.now + step <= horizonS) sim.after(step, SAMPLE, 0);
    });
    sim.at(0, SAMPLE, 0);
  }

  sim.run({ untilS: horizonS });
  recorder.finish();
  let trafficOutcome: TrafficOutcome | undefined = traffic ? { ...traffic.finish(), ...(successTimeline ? { successTimeline } : {}) } : undefined;
  if (trafficOutcome && requestLevel) {
    // Request-level mode: what users felt comes from the simulated requests; the rest from the fluid model.
    const r = requestLevel.summary();
    const lat = (h: LogHistogram) => ({ p50S: h.quantile(0.5), p95S: h.quantile(0.95), p99S: h.quantile(0.99), meanS: Number.NaN, histogram: h.toJSON() });
    trafficOutcome = {
      ...trafficOutcome,
      requests: r.requests,
      failedRequests: r.failedRequests,
      availability: r.availability,
      latency: lat(r.latency),
      byUserRegion: r.byUserRegion.map((u) => ({ name: u.name, requests: u.requests, failedRequests: u.failedRequests, availability: u.availability, latency: lat(u.latency) })),
    };
  }
  const span = horizonS - warmupS;
  return {
    design: design.name,
    replication: input.replication,
    horizonS,
    warmupS,
    services: services.map((svc, s) => ({
      name: svc.name,
      requiredReplicas: required[s],
      readyRatio: (readyRatio[s].area(horizonS) - areaAtWarmup.ready[s]) / span,
      zeroReadyS: zeroReady[s].area(horizonS) - areaAtWarmup.zero[s],
      blackholeRatio: (blackhole[s].area(horizonS) - areaAtWarmup.blackhole[s]) / span,
      minReady: minReady[s],
    })),
    clusters: fleet.clusters.map((c) => ({ name: c.name, apiWritableRatio: cp.writableRatio(c.id, warmupS, horizonS) })),
    faults: recorder.records.filter((r) => r.startS >= warmupS),
    autoscaledNodes: kube.autoscaler.autoscaledNodes,
    pools: fleet.nodePools.map((p, i) => ({
      cluster: fleet.clusters[p.clusterId].name,
      pool: p.name,
      nodeHours: (poolNodes[i].area(horizonS) - poolNodesAtWarmup[i]) / 3600,
      peakNodes: poolPeak[i],
    })),
    events: sim.eventsDispatched,
    etcdEpisodes: etcd.clusters.reduce((a, e) => a + (e?.episodes ?? 0), 0),
    ...(timeline ? { timeline: { stepS: input.timelineStepS!, ready: timeline } } : {}),
    ...(trafficOutcome ? { traffic: trafficOutcome } : {}),
  };
}

function ratio(ready: number, required: number): number {
  return required > 0 ? Math.min(1, ready / required) : 1;
}
