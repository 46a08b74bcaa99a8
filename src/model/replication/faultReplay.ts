import type { FaultEpisode } from '../faults/schedule.js';
import type { FaultRecorder } from '../runtime/faultRecords.js';
import { ClusterUpgrades } from '../runtime/upgrades.js';
import { DependencyReplay } from './dependencyReplay.js';
import type { ReplicationWiring } from './replicationWiring.js';

/**
 * Replays a replication's fault episodes against the runtime: at an episode's start every machine,
 * etcd member, control plane, data plane or link it covers gets one more down cause (−1 at its
 * end), and the components react when a count leaves or returns to zero. At each start the recorder
 * gets what the fault did at once: the services whose ready replicas dropped, the pods lost, the
 * nodes it took down and the clusters it touched.
 */
export class FaultReplay {
  private readonly w: ReplicationWiring;
  private readonly recorder: FaultRecorder;
  /** Per zone: the nodes (spares included), the etcd members, and the clusters whose zonal managed control plane lives there. */
  private readonly zoneNodes: number[][];
  private readonly zoneMembers: number[][];
  private readonly zonalControlPlanes: number[][];
  /** Per link: active partitions of it. */
  private readonly linkDown: Int32Array;
  /** Per episode: the etcd member an etcdLeader fault took down (−1: none; it had no leader). */
  private leaderVictim = new Int32Array(0);
  /** Per episode: 1 when a spot notice found a running node to interrupt. */
  private spotInterrupted = new Uint8Array(0);
  private faults: readonly FaultEpisode[] = [];
  /** Active nodes the episode being started took down (for its fault record). */
  private downed: number[] = [];
  private readonly upgrades: ClusterUpgrades;
  private readonly dependencies: DependencyReplay;

  constructor(w: ReplicationWiring, recorder: FaultRecorder) {
    this.w = w;
    this.recorder = recorder;
    const { fleet, st } = w;
    this.zoneNodes = fleet.zones.map(() => []);
    for (let n = 0; n < st.nodeCount; n++) this.zoneNodes[st.nodeZone[n]].push(n);
    this.zoneMembers = fleet.zones.map(() => []);
    for (let m = 0; m < fleet.etcd.count; m++) this.zoneMembers[fleet.etcd.zoneId[m]].push(m);
    // A zonal managed control plane (GKE zonal) lives in its cluster's first zone.
    this.zonalControlPlanes = fleet.zones.map(() => []);
    w.specs.forEach((spec, c) => {
      if (spec.controlPlane.kind === 'managed' && spec.controlPlane.tier === 'gke-zonal') this.zonalControlPlanes[fleet.clusters[c].zoneIds[0]].push(c);
    });
    this.linkDown = new Int32Array(fleet.links.length);
    this.upgrades = new ClusterUpgrades(w);
    this.dependencies = new DependencyReplay(w);
    // The autoscaler learns its clusters' settings here, the first model step that has the specs and
    // runs before any event (a candidate for the wiring to take over).
    w.kube.autoscaler.configure(w.specs, { replicaSets: w.kube.replicaSets, lifecycle: w.kube.lifecycle });
  }

  /** Schedule every episode's start and end that falls before the horizon. */
  schedule(faults: readonly FaultEpisode[], horizonS: number): void {
    // Ids index into `faults`; generateFaultSchedule numbers them 0…n−1 in order.
    faults.forEach((ep, i) => {
      if (ep.id !== i) throw new RangeError('fault episodes must be numbered 0…n−1 in order');
    });
    this.faults = faults;
    this.leaderVictim = new Int32Array(faults.length).fill(-1);
    this.spotInterrupted = new Uint8Array(faults.length);
    const sim = this.w.sim;
    const FAULT = sim.register('faults/replay', (arg) => this.onFault(arg));
    for (const ep of faults) {
      if (ep.startS >= horizonS) continue;
      sim.at(ep.startS, FAULT, ep.id * 2);
      if (ep.endS < horizonS) sim.at(ep.endS, FAULT, ep.id * 2 + 1);
    }
  }

  /** `arg` = episode id × 2, + 1 for its end. */
  private onFault(arg: number): void {
    const ep = this.faults[arg >> 1];
    if ((arg & 1) === 1) {
      this.apply(ep, -1);
      this.recorder.ended(ep.id);
      return;
    }
    const { st, cp } = this.w;
    const S = st.serviceCount;
    const before = Int32Array.from(st.serviceReady);
    this.downed = [];
    const clusters = this.apply(ep, 1);
    const affected: number[] = [];
    let lost = 0;
    for (let s = 0; s < S; s++) {
      if (st.serviceReady[s] < before[s]) {
        affected.push(s);
        lost += before[s] - st.serviceReady[s];
      }
    }
    // A spot notice for a slot with no node interrupted nothing: it is no fault of the fleet; nor is
    // the outage of a dependency this design does not use.
    if (ep.kind === 'spotInterruption' && !this.spotInterrupted[ep.id]) return;
    if (ep.kind === 'dependency' && !this.dependencies.uses(ep)) return;
    const apiLost = (ep.kind === 'etcdMember' || ep.kind === 'etcdLeader' || ep.kind === 'controlPlane' || ep.kind === 'upgrade') && clusters.some((c) => !cp.writable(c));
    // Faults that act on requests heal only when they end (rolled back, renewed, the dependency back).
    const lastsToEnd = ep.impairment !== undefined || ep.kind === 'dependency';
    this.recorder.start(ep, affected, lost, this.downed, clusters, apiLost, lastsToEnd);
  }

  /** Start (+1) or end (−1) the episode's causes; returns the clusters it touches. */
  private apply(ep: FaultEpisode, delta: 1 | -1): number[] {
    const { fleet, st, cp, etcd, sim } = this.w;
    const clusters: number[] = [];
    switch (ep.kind) {
      case 'node':
        this.nodeCause(ep.targetId, delta);
        clusters.push(st.nodeCluster[ep.targetId]);
        break;
      case 'zone':
        for (const n of this.zoneNodes[ep.targetId]) this.nodeCause(n, delta);
        for (const m of this.zoneMembers[ep.targetId]) etcd.memberCause(m, delta);
        for (const c of this.zonalControlPlanes[ep.targetId]) cp.addCause(c, delta, sim.now);
        fleet.clusters.forEach((cl) => cl.zoneIds.includes(ep.targetId) && clusters.push(cl.id));
        break;
      case 'region':
        this.applyRegion(ep.targetId, delta, clusters);
        if (ep.blocksNodeLaunches) this.w.kube.autoscaler.blockLaunches(ep.targetId, delta);
        break;
      case 'cluster':
        this.applyCluster(ep.targetId, delta);
        clusters.push(ep.targetId);
        break;
      case 'controlPlane':
        cp.addCause(ep.targetId, delta, sim.now);
        clusters.push(ep.targetId);
        break;
      case 'etcdMember':
        etcd.memberCause(ep.targetId, delta);
        clusters.push(fleet.etcd.clusterId[ep.targetId]);
        break;
      case 'etcdLeader':
        if (delta === 1) this.leaderVictim[ep.id] = etcd.leaderMember(ep.targetId);
        if (this.leaderVictim[ep.id] >= 0) etcd.memberCause(this.leaderVictim[ep.id], delta);
        clusters.push(ep.targetId);
        break;
      case 'link':
        this.applyLink(ep, delta);
        break;
      case 'nodeLaunches':
        this.w.kube.autoscaler.blockLaunches(ep.targetId, delta);
        for (const cl of fleet.clusters) if (cl.regionId === ep.targetId) clusters.push(cl.id);
        break;
      case 'spotInterruption':
        this.applySpot(ep, delta, clusters);
        break;
      case 'badChange':
      case 'brownout':
      case 'certificate':
        // A brownout's clusters are all in one region (or it is one cluster's): launches fail there.
        if (ep.blocksNodeLaunches && ep.impairment !== undefined && ep.impairment.clusters.length > 0) this.w.kube.autoscaler.blockLaunches(fleet.clusters[ep.impairment.clusters[0]].regionId, delta);
        break;
      case 'upgrade':
        clusters.push(...this.upgrades.apply(ep, delta));
        break;
      case 'dependency':
        clusters.push(...this.dependencies.apply(ep, delta));
        break;
    }
    if (ep.impairment !== undefined) {
      this.w.traffic?.impair(ep.id, ep.impairment, delta === 1);
      for (const c of ep.impairment.clusters) if (!clusters.includes(c)) clusters.push(c);
    }
    this.w.datastores?.onFault(ep, delta);
    return clusters;
  }

  /**
   * A spot interruption: at the notice the node (if one runs in the slot) is cordoned and drained;
   * at the end it is gone. An episode whose notice found no node does nothing at its end.
   */
  private applySpot(ep: FaultEpisode, delta: 1 | -1, clusters: number[]): void {
    const { st, kube } = this.w;
    const node = kube.autoscaler.poolSlotNode(ep.targetId, ep.slot ?? -1);
    if (node < 0) return;
    if (delta === 1) {
      if (kube.autoscaler.spotNotice(node)) {
        this.spotInterrupted[ep.id] = 1;
        clusters.push(st.nodeCluster[node]);
      }
    } else if (this.spotInterrupted[ep.id]) kube.autoscaler.spotTerminated(node);
  }

  /** Every machine and etcd member in the region, and its clusters' control and data planes. */
  private applyRegion(region: number, delta: 1 | -1, clusters: number[]): void {
    const { fleet, cp, etcd, sim, traffic } = this.w;
    for (const z of fleet.regions[region].zoneIds) {
      for (const n of this.zoneNodes[z]) this.nodeCause(n, delta);
      for (const m of this.zoneMembers[z]) etcd.memberCause(m, delta);
    }
    for (const cl of fleet.clusters) {
      if (cl.regionId !== region) continue;
      cp.addCause(cl.id, delta, sim.now);
      this.w.dataplaneDownCauses[cl.id] += delta;
      clusters.push(cl.id);
    }
    traffic?.dataplaneChanged();
  }

  /** Every machine (spares included) and etcd member of the cluster, its control and data planes. */
  private applyCluster(c: number, delta: 1 | -1): void {
    const { fleet, st, cp, etcd, sim, traffic } = this.w;
    const cl = fleet.clusters[c];
    for (let n = cl.nodeStart; n < cl.nodeStart + cl.nodeCount; n++) this.nodeCause(n, delta);
    for (let n = st.spareStart[c]; n < st.spareStart[c] + st.spareCount[c]; n++) this.nodeCause(n, delta);
    for (let m = cl.etcdStart; m < cl.etcdStart + cl.etcdCount; m++) etcd.memberCause(m, delta);
    cp.addCause(c, delta, sim.now);
    this.w.dataplaneDownCauses[c] += delta;
    traffic?.dataplaneChanged();
  }

  private applyLink(ep: FaultEpisode, delta: 1 | -1): void {
    const { fleet, etcd, traffic } = this.w;
    // A link fault without a mode is a partition, for traffic and control plane alike.
    const mode = ep.linkMode ?? 'partition';
    traffic?.setLink(ep.targetId, mode, ep.extraLatencyMs ?? 0, ep.lossRatio ?? 0, delta === 1);
    // Only partitions change control-plane state; latency and loss matter to traffic alone.
    if (mode !== 'partition') return;
    const before = this.linkDown[ep.targetId];
    this.linkDown[ep.targetId] += delta;
    const link = fleet.links[ep.targetId];
    if ((before === 0 && delta === 1) || (before === 1 && delta === -1)) etcd.regionLink(link.regionA, link.regionB, delta === -1);
  }

  /** One more (or one fewer) cause holding machine `n` down; the controllers see it stop or restart. */
  private nodeCause(n: number, delta: 1 | -1): void {
    const { st, kube } = this.w;
    const before = st.nodeDownCauses[n];
    st.nodeDownCauses[n] += delta;
    if (before === 0 && delta === 1) {
      if (st.nodeActive[n]) this.downed.push(n);
      kube.machineDown(n);
    } else if (before === 1 && delta === -1) kube.machineUp(n);
  }
}
