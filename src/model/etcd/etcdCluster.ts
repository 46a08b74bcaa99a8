import type { RandomStream } from '../../engine/rng.js';
import { quorumSize, type RaftConfig } from './config.js';
import { RaftModel } from './raftModel.js';

/**
 * One etcd cluster inside the fleet simulation, at fleet cost: while a leader holds a quorum it
 * costs no events at all (no heartbeats are simulated). Each membership or link change is handled
 * when the caller reports it: if the leader keeps its quorum nothing happens; otherwise a detailed
 * election episode runs in a private sub-simulation (RaftModel) seeded from the stream given at
 * construction, and the cluster learns when writes become possible again and who leads.
 *
 * The caller owns time. It calls memberDown/memberUp/linkDown/linkUp at the instants its own
 * simulation decides, in non-decreasing time, and reads the answer: writes are possible from
 * `writeAvailableAtS` (Infinity: not until some later change). A later change supersedes an earlier
 * answer, so a caller that scheduled a wake-up at the old instant asks writeAvailableAt(now) again.
 *
 * Approximations (documented in docs/etcd.md):
 * - an episode after a stable leader is lost starts from steady state (heartbeats flowing, timers
 *   reset); a change during an unfinished episode, or a return of quorum, restarts the episode from
 *   a leaderless state with every member part-way through a random election timeout;
 * - a partition that leaves the leader with its quorum costs nothing, even if a minority member
 *   (without pre-vote) would disrupt it in real etcd.
 */
export interface EtcdClusterOptions {
  readonly raft: RaftConfig;
  /** Stream for election episodes, named per cluster (e.g. "etcd/cluster-eu-1"). */
  readonly stream: RandomStream;
  /** An episode that has not committed after this long is treated as "no leader until the next change". Default 600 s. */
  readonly maxEpisodeS?: number;
  /** Member leading at time 0; default 0. */
  readonly initialLeader?: number;
}

export interface EtcdChange {
  /** Writes (and linearizable reads) possible at the instant of the change. */
  readonly writeAvailable: boolean;
  /** From when writes are possible: ≤ now if already, a future instant, or Infinity. */
  readonly writeAvailableAtS: number;
  /** The leader from writeAvailableAtS on, or −1. */
  readonly leader: number;
  /** True when a detailed election episode was simulated for this change. */
  readonly episode: boolean;
}

/** What the Kubernetes API can do, by request kind (etcd API guarantees). */
export interface EtcdApiState {
  /** Writes and linearizable reads: need a leader with a committed quorum. */
  readonly writes: boolean;
  readonly linearizableReads: boolean;
  /** Served locally by any live member (possibly stale). */
  readonly serializableReads: boolean;
}

export class EtcdCluster {
  readonly members: number;
  readonly quorum: number;
  private readonly raft: RaftConfig;
  private readonly stream: RandomStream;
  private readonly maxEpisodeS: number;
  private readonly up: Uint8Array;
  private readonly links: Uint8Array;
  private leader: number;
  private availableFromS = 0;
  private lastChangeS = 0;
  private model: RaftModel | null = null;

  private accountedUntilS = 0;
  private unavailableS = 0;
  /** Detailed episodes simulated, those that hit maxEpisodeS, and their engine events. */
  episodes = 0;
  censoredEpisodes = 0;
  episodeEvents = 0;

  constructor(options: EtcdClusterOptions) {
    const n = options.raft.members;
    this.members = n;
    this.quorum = quorumSize(n);
    this.raft = options.raft;
    this.stream = options.stream;
    this.maxEpisodeS = options.maxEpisodeS ?? 600;
    this.up = new Uint8Array(n).fill(1);
    this.links = new Uint8Array(n * n).fill(1);
    const leader = options.initialLeader ?? 0;
    if (!Number.isInteger(leader) || leader < 0 || leader >= n) throw new RangeError(`initialLeader ${leader} out of range 0..${n - 1}`);
    this.leader = leader;
  }

  memberDown(nowS: number, member: number): EtcdChange {
    this.checkMember(member);
    if (!this.up[member]) return this.unchanged(nowS);
    return this.change(nowS, (m) => m.crash(member), () => (this.up[member] = 0));
  }

  memberUp(nowS: number, member: number): EtcdChange {
    this.checkMember(member);
    if (this.up[member]) return this.unchanged(nowS);
    return this.change(nowS, (m) => m.restart(member), () => (this.up[member] = 1));
  }

  /** The link between two members fails (both directions). */
  linkDown(nowS: number, a: number, b: number): EtcdChange {
    this.checkMember(a);
    this.checkMember(b);
    if (a === b || !this.links[a * this.members + b]) return this.unchanged(nowS);
    return this.change(nowS, (m) => m.setLink(a, b, false), () => this.setLink(a, b, 0));
  }

  linkUp(nowS: number, a: number, b: number): EtcdChange {
    this.checkMember(a);
    this.checkMember(b);
    if (a === b || this.links[a * this.members + b]) return this.unchanged(nowS);
    return this.change(nowS, (m) => m.setLink(a, b, true), () => this.setLink(a, b, 1));
  }

  /** Valid for tS at or after the last reported change (until the next one). */
  writeAvailableAt(tS: number): boolean {
    this.checkTime(tS);
    return tS >= this.availableFromS;
  }

  leaderAt(tS: number): number {
    return this.writeAvailableAt(tS) ? this.leader : -1;
  }

  apiStateAt(tS: number): EtcdApiState {
    const writes = this.writeAvailableAt(tS);
    let anyUp = false;
    for (let m = 0; m < this.members; m++) if (this.up[m]) anyUp = true;
    return { writes, linearizableReads: writes, serializableReads: anyUp };
  }

  /** Some member is up and directly connected to a quorum of up members (itself included). */
  hasQuorum(): boolean {
    for (let m = 0; m < this.members; m++) if (this.up[m] && this.reachable(m) >= this.quorum) return true;
    return false;
  }

  isUp(member: number): boolean {
    this.checkMember(member);
    return this.up[member] === 1;
  }

  /** Seconds in [0, tS) during which writes were not possible. */
  writeUnavailableSecondsUntil(tS: number): number {
    this.checkTime(tS);
    return this.unavailableS + this.unavailableBetween(this.accountedUntilS, tS);
  }

  // ---------------------------------------------------------------------------------------------

  private unavailableBetween(fromS: number, toS: number): number {
    if (toS <= fromS) return 0;
    return Math.min(toS, this.availableFromS) - Math.min(fromS, this.availableFromS);
  }

  private account(nowS: number): void {
    this.unavailableS += this.unavailableBetween(this.accountedUntilS, nowS);
    this.accountedUntilS = nowS;
  }

  private unchanged(nowS: number): EtcdChange {
    this.checkTime(nowS);
    return this.answer(nowS, false);
  }

  private answer(nowS: number, episode: boolean): EtcdChange {
    return { writeAvailable: nowS >= this.availableFromS, writeAvailableAtS: this.availableFromS, leader: this.leader, episode };
  }

  private change(nowS: number, inModel: (model: RaftModel) => void, inState: () => void): EtcdChange {
    this.checkTime(nowS);
    this.account(nowS);
    this.lastChangeS = nowS;
    const stableLeader = nowS >= this.availableFromS ? this.leader : -1;
    const prevUp = Uint8Array.from(this.up);
    const prevLinks = Uint8Array.from(this.links);
    inState();

    if (stableLeader >= 0 && this.up[stableLeader] && this.reachable(stableLeader) >= this.quorum) return this.answer(nowS, false);
    if (!this.hasQuorum()) {
      this.availableFromS = Number.POSITIVE_INFINITY;
      this.leader = -1;
      return this.answer(nowS, false);
    }

    const model = (this.model ??= new RaftModel(this.raft));
    if (stableLeader >= 0) {
      // Steady state under the old configuration, then the change at a random heartbeat phase.
      model.reset(this.stream, { up: prevUp, links: prevLinks, leader: stableLeader });
      const warmupS = (2 * Math.max(this.raft.electionTimeoutMaxMs, 2 * this.raft.electionTimeoutMs) + this.raft.heartbeatMs) / 1000;
      model.sim.run({ untilS: warmupS + this.stream.next() * (this.raft.heartbeatMs / 1000) });
      model.beginEpisode();
      inModel(model);
    } else {
      model.reset(this.stream, { up: this.up, links: this.links, leader: -1 });
      model.beginEpisode();
    }
    const result = model.runEpisode(this.maxEpisodeS);
    this.episodes++;
    this.episodeEvents += result.events;
    if (result.censored) {
      this.censoredEpisodes++;
      this.availableFromS = Number.POSITIVE_INFINITY;
      this.leader = -1;
    } else {
      this.availableFromS = nowS + result.writeUnavailableS;
      this.leader = result.leader;
    }
    return this.answer(nowS, true);
  }

  private reachable(m: number): number {
    let count = 0;
    for (let j = 0; j < this.members; j++) if (this.up[j] && (j === m || this.links[m * this.members + j])) count++;
    return count;
  }

  private setLink(a: number, b: number, v: number): void {
    this.links[a * this.members + b] = v;
    this.links[b * this.members + a] = v;
  }

  private checkMember(m: number): void {
    if (!Number.isInteger(m) || m < 0 || m >= this.members) throw new RangeError(`member ${m} out of range 0..${this.members - 1}`);
  }

  private checkTime(tS: number): void {
    if (!(tS >= this.lastChangeS)) throw new RangeError(`time ${tS} s is before the last change (${this.lastChangeS} s): changes must come in time order`);
  }
}
