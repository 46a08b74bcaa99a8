import type { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import type { ClusterSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { resolveRaftConfig } from '../etcd/config.js';
import { EtcdCluster, type EtcdChange } from '../etcd/etcdCluster.js';
import type { ControlPlaneState } from './controlPlane.js';

/**
 * The self-managed clusters' etcd quorums inside a fleet replication. Member outages are counted by
 * cause (member, zone, region or cluster fault), each change is handed to that cluster's EtcdCluster
 * (which simulates an election only when leadership or quorum is at stake), and the answer — writes
 * possible now, later, or not until another change — drives the cluster's API state.
 */
export class EtcdRuntime {
  private readonly sim: Simulator;
  private readonly fleet: Fleet;
  private readonly cp: ControlPlaneState;
  /** Per cluster; null for managed control planes. */
  readonly clusters: (EtcdCluster | null)[];
  private readonly downCauses: Int32Array;
  private readonly wakeHandle: Float64Array;
  private readonly WAKE: number;
  /** Called when a cluster's etcd regains a leader with quorum, with the instant. */
  onWritable: ((cluster: number, nowS: number) => void) | null = null;

  constructor(sim: Simulator, fleet: Fleet, specs: readonly ClusterSpec[], cp: ControlPlaneState, seed: string | number, replication: number) {
    this.sim = sim;
    this.fleet = fleet;
    this.cp = cp;
    this.downCauses = new Int32Array(fleet.etcd.count);
    this.wakeHandle = new Float64Array(fleet.clusters.length).fill(-1);
    this.clusters = fleet.clusters.map((c) => {
      const spec = specs.find((s) => s.name === c.name);
      if (!spec || spec.controlPlane.kind !== 'selfManaged' || c.etcdCount === 0) return null;
      const etcd = spec.controlPlane.etcd;
      const n = c.etcdCount;
      const zones = fleet.zones.length;
      const rtt: number[][] = [];
      for (let i = 0; i < n; i++) {
        rtt.push([]);
        for (let j = 0; j < n; j++) rtt[i].push(i === j ? 0 : fleet.zoneRttMs[fleet.etcd.zoneId[c.etcdStart + i] * zones + fleet.etcd.zoneId[c.etcdStart + j]]);
      }
      const raft = resolveRaftConfig({
        members: n,
        rttMs: rtt,
        heartbeatMs: etcd.heartbeatIntervalS * 1000,
        electionTimeoutMs: etcd.electionTimeoutS * 1000,
        preVote: etcd.preVote,
        checkQuorum: etcd.checkQuorum,
      });
      return new EtcdCluster({ raft, stream: createStream(seed, replication, `etcd/${c.name}`) });
    });
    this.WAKE = sim.register('etcd/writable', (c) => this.onWake(c));
  }

  /** A fault holding etcd member `member` (fleet id) down starts (+1) or ends (−1). */
  memberCause(member: number, delta: 1 | -1): void {
    const c = this.fleet.etcd.clusterId[member];
    const etcd = this.clusters[c];
    if (etcd === null) return;
    const before = this.downCauses[member];
    this.downCauses[member] += delta;
    const local = member - this.fleet.clusters[c].etcdStart;
    if (before === 0 && delta === 1) this.apply(c, etcd.memberDown(this.sim.now, local));
    else if (before === 1 && delta === -1) this.apply(c, etcd.memberUp(this.sim.now, local));
  }

  /** The current leader of cluster c's etcd as a fleet member id, or −1. */
  leaderMember(c: number): number {
    const etcd = this.clusters[c];
    if (etcd === null) return -1;
    const l = etcd.leaderAt(this.sim.now);
    return l < 0 ? -1 : this.fleet.clusters[c].etcdStart + l;
  }

  /** Partition (or heal) every pair of members that sit on opposite sides of the region pair. */
  regionLink(regionA: number, regionB: number, up: boolean): void {
    const zoneRegion = (m: number) => this.fleet.zones[this.fleet.etcd.zoneId[m]].regionId;
    this.fleet.clusters.forEach((cluster, c) => {
      const etcd = this.clusters[c];
      if (etcd === null) return;
      for (let i = 0; i < cluster.etcdCount; i++) {
        for (let j = i + 1; j < cluster.etcdCount; j++) {
          const ri = zoneRegion(cluster.etcdStart + i);
          const rj = zoneRegion(cluster.etcdStart + j);
          if ((ri === regionA && rj === regionB) || (ri === regionB && rj === regionA)) {
            this.apply(c, up ? etcd.linkUp(this.sim.now, i, j) : etcd.linkDown(this.sim.now, i, j));
          }
        }
      }
    });
  }

  private apply(c: number, change: EtcdChange): void {
    if (this.wakeHandle[c] >= 0) {
      this.sim.cancel(this.wakeHandle[c]);
      this.wakeHandle[c] = -1;
    }
    const wasWritable = this.cp.etcdIsWritable(c);
    this.cp.setEtcdWritable(c, change.writeAvailable, this.sim.now);
    if (!change.writeAvailable && Number.isFinite(change.writeAvailableAtS)) {
      this.wakeHandle[c] = this.sim.at(Math.max(this.sim.now, change.writeAvailableAtS), this.WAKE, c);
    }
    if (!wasWritable && change.writeAvailable) this.onWritable?.(c, this.sim.now);
  }

  private onWake(c: number): void {
    this.wakeHandle[c] = -1;
    const etcd = this.clusters[c];
    if (etcd === null || !etcd.writeAvailableAt(this.sim.now)) return;
    this.cp.setEtcdWritable(c, true, this.sim.now);
    this.onWritable?.(c, this.sim.now);
  }
}
