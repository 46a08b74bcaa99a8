import { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/rng.js';
import { electionTicks, quorumSize, type RaftConfig } from './config.js';

/**
 * Message-level model of Raft leader election (etcd's variant by default) on the engine.
 *
 * Members hold their state in typed arrays; messages live in a pooled set of typed arrays and travel
 * as DELIVER events whose integer argument is the message slot; per-member timers are TICK (etcd
 * ticks, and the leader's heartbeat in continuous mode) and TIMEOUT (continuous election timers).
 * Nothing is allocated per event.
 *
 * Modelled: heartbeats, randomized election timeouts, pre-vote, check-quorum (leader step-down and
 * follower lease), vote requests and replies over the RTT matrix (one way = RTT/2, plus optional
 * jitter), fdatasync before votes and append acks, log up-to-dateness in votes, the new leader's
 * first entry and its commit by a quorum, crashes, restarts and link partitions.
 * Not modelled: log replication beyond that first entry, snapshots, leader transfer, learners,
 * message loss other than partitions, CPU time.
 */

export const FOLLOWER = 0;
export const PRE_CANDIDATE = 1;
export const CANDIDATE = 2;
export const LEADER = 3;

const MSG_HEARTBEAT = 1;
const MSG_HEARTBEAT_RESP = 2;
const MSG_APPEND = 3;
const MSG_APPEND_RESP = 4;
const MSG_VOTE = 5;
const MSG_VOTE_RESP = 6;
const MSG_PREVOTE = 7;
const MSG_PREVOTE_RESP = 8;

/** What one episode (from a disruption until a leader has committed) produced. */
export interface EpisodeResult {
  /** Seconds from the disruption until the first leader of a newer term was elected; NaN if none. */
  timeToLeaderS: number;
  /** Seconds from the disruption until that term's first entry was committed (writes possible again); NaN if none. */
  writeUnavailableS: number;
  /** The member that committed, or -1. */
  leader: number;
  /** Terms used: committing term − the highest term before the disruption. 1 = no split vote. */
  termsElapsed: number;
  /** Real (term-bumping) campaigns started; campaigns − 1 ≈ split or lost votes. */
  campaigns: number;
  /** Pre-vote rounds started. */
  preCampaigns: number;
  /** True if the episode hit its time limit without a commit. */
  censored: boolean;
  events: number;
}

/** Initial state for a run: who is up, which links are up, who leads (−1: nobody, timers mid-way). */
export interface RaftInitialState {
  readonly up?: ArrayLike<number>;
  /** members × members, 1 = link up. Default: all up. */
  readonly links?: ArrayLike<number>;
  readonly leader: number;
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class RaftModel {
  readonly config: RaftConfig;
  readonly members: number;
  readonly quorum: number;
  readonly sim: Simulator;

  // Member state.
  readonly up: Uint8Array;
  readonly role: Uint8Array;
  readonly term: Int32Array;
  readonly votedFor: Int32Array;
  /** The leader a member follows, −1 if none known. */
  readonly leaderOf: Int32Array;
  readonly lastLogTerm: Int32Array;
  readonly lastLogIndex: Int32Array;
  private readonly electionElapsed: Int32Array;
  private readonly randomizedTicks: Int32Array;
  private readonly heartbeatElapsed: Int32Array;
  private readonly lastLeaderContactS: Float64Array;
  private readonly tickHandle: Float64Array;
  private readonly timerHandle: Float64Array;
  private readonly grantedMask: Int32Array;
  private readonly rejectedMask: Int32Array;
  private readonly recentActiveMask: Int32Array;
  private readonly ackMask: Int32Array;
  private readonly committed: Uint8Array;
  /** members × members, 1 = link up. */
  readonly links: Uint8Array;

  // Message pool.
  private capacity = 0;
  private msgKind = new Uint8Array(0);
  private msgFrom = new Uint8Array(0);
  private msgTo = new Uint8Array(0);
  private msgFlag = new Uint8Array(0);
  private msgTerm = new Int32Array(0);
  private msgLogTerm = new Int32Array(0);
  private msgLogIndex = new Int32Array(0);
  private freeSlots = new Int32Array(0);
  private freeCount = 0;

  // Constants in seconds / ticks.
  private readonly tickS: number;
  private readonly electionTicks: number;
  private readonly timeoutMinS: number;
  private readonly timeoutSpanS: number;
  private readonly fsyncS: number;
  private readonly jitterS: number;
  private readonly oneWayS: Float64Array;
  private readonly ticksMode: boolean;

  private readonly TICK: number;
  private readonly TIMEOUT: number;
  private readonly DELIVER: number;

  private rng: RandomStream | null = null;

  // Episode observations.
  private episodeStartS = 0;
  private baselineTerm = 0;
  /** When each member last became leader (−Infinity: never). */
  private leaderSinceS = new Float64Array(0);
  private electedS = Number.NaN;
  private committedS = Number.NaN;
  private committedLeader = -1;
  private committedTerm = 0;
  private campaigns = 0;
  private preCampaigns = 0;
  private stopOnCommit = false;

  constructor(config: RaftConfig) {
    const n = config.members;
    this.config = config;
    this.members = n;
    this.quorum = quorumSize(n);
    this.sim = new Simulator(64 + 8 * n * n);
    this.up = new Uint8Array(n);
    this.role = new Uint8Array(n);
    this.term = new Int32Array(n);
    this.votedFor = new Int32Array(n);
    this.leaderOf = new Int32Array(n);
    this.lastLogTerm = new Int32Array(n);
    this.lastLogIndex = new Int32Array(n);
    this.electionElapsed = new Int32Array(n);
    this.randomizedTicks = new Int32Array(n);
    this.heartbeatElapsed = new Int32Array(n);
    this.lastLeaderContactS = new Float64Array(n);
    this.tickHandle = new Float64Array(n).fill(-1);
    this.timerHandle = new Float64Array(n).fill(-1);
    this.grantedMask = new Int32Array(n);
    this.rejectedMask = new Int32Array(n);
    this.recentActiveMask = new Int32Array(n);
    this.ackMask = new Int32Array(n);
    this.committed = new Uint8Array(n);
    this.links = new Uint8Array(n * n).fill(1);

    this.ticksMode = config.timerMode === 'etcdTicks';
    this.tickS = config.heartbeatMs / 1000;
    // In continuous mode this is only the leader's check-quorum period (minimum timeout, in heartbeats).
    this.electionTicks = electionTicks(config);
    this.timeoutMinS = config.electionTimeoutMs / 1000;
    this.timeoutSpanS = (config.electionTimeoutMaxMs - config.electionTimeoutMs) / 1000;
    this.fsyncS = config.fsyncMs / 1000;
    this.jitterS = config.delayJitterMs / 1000;
    this.oneWayS = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) this.oneWayS[i] = config.rttMs[i] / 2000;
    this.growPool(64);

    this.TICK = this.sim.register('raft/tick', (m) => this.onTick(m));
    this.TIMEOUT = this.sim.register('raft/election-timeout', (m) => this.onTimeout(m));
    this.DELIVER = this.sim.register('raft/deliver', (slot) => this.onDeliver(slot));
  }

  /** Simulated time, seconds. */
  get nowS(): number {
    return this.sim.now;
  }

  /**
   * Start afresh at time 0. With a leader: it leads term 1, every up member follows it, timers
   * just reset. Without (leader −1): every up member is a follower part-way through its timeout.
   */
  reset(rng: RandomStream, init: RaftInitialState): void {
    const n = this.members;
    this.rng = rng;
    this.sim.reset();
    this.freeCount = 0;
    for (let i = this.capacity - 1; i >= 0; i--) this.freeSlots[this.freeCount++] = i;
    if (init.leader >= n || init.leader < -1 || !Number.isInteger(init.leader)) throw new RangeError(`leader ${init.leader} out of range`);
    for (let i = 0; i < n * n; i++) this.links[i] = init.links === undefined ? 1 : init.links[i] ? 1 : 0;

    // Log lengths: equal, or distinct with the leader's the longest (a random order for the rest).
    for (let m = 0; m < n; m++) {
      this.lastLogTerm[m] = 1;
      this.lastLogIndex[m] = 10 + n;
    }
    if (this.config.logLengths === 'distinct') {
      const others: number[] = [];
      for (let m = 0; m < n; m++) if (m !== init.leader) others.push(m);
      for (let i = others.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = others[i];
        others[i] = others[j];
        others[j] = t;
      }
      others.forEach((m, rank) => (this.lastLogIndex[m] = 10 + rank));
    }

    if (this.leaderSinceS.length !== n) this.leaderSinceS = new Float64Array(n);
    this.leaderSinceS.fill(Number.NEGATIVE_INFINITY); // an initial leader predates every episode
    for (let m = 0; m < n; m++) {
      this.up[m] = init.up === undefined ? 1 : init.up[m] ? 1 : 0;
      this.role[m] = FOLLOWER;
      this.term[m] = 1;
      this.votedFor[m] = init.leader;
      this.leaderOf[m] = init.leader;
      this.heartbeatElapsed[m] = 0;
      this.lastLeaderContactS[m] = 0;
      this.tickHandle[m] = -1;
      this.timerHandle[m] = -1;
      this.grantedMask[m] = 0;
      this.rejectedMask[m] = 0;
      this.recentActiveMask[m] = 0;
      this.ackMask[m] = 0;
      this.committed[m] = 0;
      this.randomizedTicks[m] = this.drawTimeoutTicks();
      this.electionElapsed[m] = init.leader >= 0 ? 0 : Math.floor(rng.next() * this.randomizedTicks[m]);
    }
    if (init.leader >= 0) {
      const l = init.leader;
      if (!this.up[l]) throw new RangeError(`initial leader ${l} is down`);
      this.role[l] = LEADER;
      this.committed[l] = 1;
      this.recentActiveMask[l] = -1; // treat all as recently active at start
    }
    for (let m = 0; m < n; m++) {
      if (!this.up[m]) continue;
      if (this.ticksMode) {
        this.tickHandle[m] = this.sim.at(rng.next() * this.tickS, this.TICK, m);
      } else if (this.role[m] === LEADER) {
        this.tickHandle[m] = this.sim.at(rng.next() * this.tickS, this.TICK, m);
      } else {
        const timeoutS = this.drawTimeoutS();
        this.timerHandle[m] = this.sim.at(init.leader >= 0 ? timeoutS : rng.next() * timeoutS, this.TIMEOUT, m);
      }
    }
    this.beginEpisode(false);
  }

  /**
   * Mark now as the disruption instant: observations restart, and a commit in a newer term than any
   * held now ends the episode (when stopOnCommit).
   */
  beginEpisode(stopOnCommit = true): void {
    this.episodeStartS = this.sim.now;
    let maxTerm = 0;
    for (let m = 0; m < this.members; m++) if (this.term[m] > maxTerm) maxTerm = this.term[m];
    this.baselineTerm = maxTerm;
    this.electedS = Number.NaN;
    this.committedS = Number.NaN;
    this.committedLeader = -1;
    this.committedTerm = 0;
    this.campaigns = 0;
    this.preCampaigns = 0;
    this.stopOnCommit = stopOnCommit;
  }

  /** Run the current episode until a newer-term leader commits, or for at most maxDurationS. */
  runEpisode(maxDurationS: number): EpisodeResult {
    const before = this.sim.eventsDispatched;
    this.stopOnCommit = true;
    if (Number.isNaN(this.committedS)) this.sim.run({ untilS: this.episodeStartS + maxDurationS });
    const done = !Number.isNaN(this.committedS);
    return {
      timeToLeaderS: this.electedS - this.episodeStartS,
      writeUnavailableS: this.committedS - this.episodeStartS,
      leader: this.committedLeader,
      termsElapsed: done ? Math.max(1, this.committedTerm - this.baselineTerm) : 0,
      campaigns: this.campaigns,
      preCampaigns: this.preCampaigns,
      censored: !done,
      events: this.sim.eventsDispatched - before,
    };
  }

  /** The member leading now (a leader in the highest term among up leaders), or −1. */
  currentLeader(): number {
    let best = -1;
    for (let m = 0; m < this.members; m++) {
      if (this.up[m] && this.role[m] === LEADER && (best < 0 || this.term[m] > this.term[best])) best = m;
    }
    return best;
  }

  crash(m: number): void {
    this.checkMember(m);
    if (!this.up[m]) return;
    this.up[m] = 0;
    this.cancelTimers(m);
    // Volatile state is lost; term, vote and log are on disk.
    this.role[m] = FOLLOWER;
    this.leaderOf[m] = -1;
  }

  restart(m: number): void {
    this.checkMember(m);
    if (this.up[m]) return;
    this.up[m] = 1;
    this.role[m] = FOLLOWER;
    this.leaderOf[m] = -1;
    this.electionElapsed[m] = 0;
    this.randomizedTicks[m] = this.drawTimeoutTicks();
    if (this.ticksMode) this.tickHandle[m] = this.sim.after(this.rng!.next() * this.tickS, this.TICK, m);
    else this.restartTimer(m);
  }

  /** Cut or restore the link between two members (both directions). */
  setLink(a: number, b: number, isUp: boolean): void {
    this.checkMember(a);
    this.checkMember(b);
    this.links[a * this.members + b] = isUp ? 1 : 0;
    this.links[b * this.members + a] = isUp ? 1 : 0;
  }

  private checkMember(m: number): void {
    if (!Number.isInteger(m) || m < 0 || m >= this.members) throw new RangeError(`member ${m} out of range 0..${this.members - 1}`);
  }

  // ---- timers -------------------------------------------------------------------------------

  /** etcd: electionTicks + rand(electionTicks). */
  private drawTimeoutTicks(): number {
    return this.electionTicks + Math.floor(this.rng!.next() * this.electionTicks);
  }

  private drawTimeoutS(): number {
    return this.timeoutMinS + this.rng!.next() * this.timeoutSpanS;
  }

  private restartTimer(m: number): void {
    if (this.timerHandle[m] >= 0) this.sim.cancel(this.timerHandle[m]);
    this.timerHandle[m] = this.sim.after(this.drawTimeoutS(), this.TIMEOUT, m);
  }

  private cancelTimers(m: number): void {
    if (this.tickHandle[m] >= 0) this.sim.cancel(this.tickHandle[m]);
    if (this.timerHandle[m] >= 0) this.sim.cancel(this.timerHandle[m]);
    this.tickHandle[m] = -1;
    this.timerHandle[m] = -1;
  }

  private onTick(m: number): void {
    this.tickHandle[m] = this.sim.after(this.tickS, this.TICK, m);
    if (this.role[m] === LEADER) {
      this.tickLeader(m);
      return;
    }
    // Only reached in etcd tick mode: continuous followers use TIMEOUT.
    if (++this.electionElapsed[m] >= this.randomizedTicks[m]) {
      this.electionElapsed[m] = 0;
      this.campaign(m);
    }
  }

  private onTimeout(m: number): void {
    this.timerHandle[m] = -1;
    if (this.role[m] !== LEADER) this.campaign(m);
  }

  private tickLeader(m: number): void {
    if (++this.electionElapsed[m] >= this.electionTicks) {
      this.electionElapsed[m] = 0;
      if (this.config.checkQuorum) {
        if (popcount(this.recentActiveMask[m] | (1 << m)) < this.quorum) {
          this.becomeFollower(m, this.term[m], -1);
          return;
        }
        this.recentActiveMask[m] = 1 << m;
      }
    }
    // Heartbeat interval = one tick.
    this.broadcast(m, MSG_HEARTBEAT, this.term[m]);
  }

  /** In lease: heard from a leader within the (base) election timeout, so a vote request is ignored. */
  private inLease(m: number): boolean {
    if (!this.config.checkQuorum || this.leaderOf[m] < 0) return false;
    if (this.role[m] === LEADER) return true; // a leader with check-quorum keeps its own lease
    if (this.ticksMode) return this.electionElapsed[m] < this.electionTicks;
    return this.sim.now - this.lastLeaderContactS[m] < this.timeoutMinS;
  }

  // ---- roles -------------------------------------------------------------------------------

  private becomeFollower(m: number, term: number, leader: number): void {
    const wasLeader = this.role[m] === LEADER;
    if (term !== this.term[m]) {
      this.term[m] = term;
      this.votedFor[m] = -1;
    }
    this.role[m] = FOLLOWER;
    this.leaderOf[m] = leader;
    if (this.ticksMode) {
      // etcd reset(): elapsed to zero and a fresh randomized timeout on every role/term change.
      this.electionElapsed[m] = 0;
      this.randomizedTicks[m] = this.drawTimeoutTicks();
    } else if (wasLeader) {
      if (this.tickHandle[m] >= 0) this.sim.cancel(this.tickHandle[m]);
      this.tickHandle[m] = -1;
      this.restartTimer(m);
    }
    // Figure 2 (continuous): a term bump alone does not restart the election timer.
  }

  private campaign(m: number): void {
    if (this.config.preVote) this.campaignPre(m);
    else this.campaignReal(m);
  }

  private campaignPre(m: number): void {
    this.preCampaigns++;
    this.role[m] = PRE_CANDIDATE;
    this.leaderOf[m] = -1;
    this.grantedMask[m] = 1 << m;
    this.rejectedMask[m] = 0;
    // etcd keeps the randomized timeout for a pre-candidate; continuous: restart the timer.
    if (!this.ticksMode) this.restartTimer(m);
    if (this.quorum === 1) {
      this.campaignReal(m);
      return;
    }
    this.requestVotes(m, MSG_PREVOTE, this.term[m] + 1, false);
  }

  private campaignReal(m: number): void {
    this.campaigns++;
    this.term[m]++;
    this.votedFor[m] = m;
    this.role[m] = CANDIDATE;
    this.leaderOf[m] = -1;
    if (this.ticksMode) {
      this.electionElapsed[m] = 0;
      this.randomizedTicks[m] = this.drawTimeoutTicks();
    } else {
      this.restartTimer(m);
    }
    this.grantedMask[m] = 1 << m;
    this.rejectedMask[m] = 0;
    if (this.quorum === 1) {
      this.becomeLeader(m);
      return;
    }
    // etcd persists term and vote before the requests leave; Figure 2 only requires it before replying.
    this.requestVotes(m, MSG_VOTE, this.term[m], this.config.persistBeforeVoteRequest);
  }

  private becomeLeader(m: number): void {
    this.role[m] = LEADER;
    this.leaderOf[m] = m;
    this.heartbeatElapsed[m] = 0;
    this.electionElapsed[m] = 0;
    this.recentActiveMask[m] = 1 << m;
    this.ackMask[m] = 0;
    this.committed[m] = 0;
    this.lastLogTerm[m] = this.term[m];
    this.lastLogIndex[m]++;
    if (!this.ticksMode) {
      if (this.timerHandle[m] >= 0) this.sim.cancel(this.timerHandle[m]);
      this.timerHandle[m] = -1;
      this.tickHandle[m] = this.sim.after(this.tickS, this.TICK, m);
    }
    this.leaderSinceS[m] = this.sim.now;
    if (this.sim.now >= this.episodeStartS && Number.isNaN(this.electedS)) this.electedS = this.sim.now;
    // The new term's first (empty) entry: sent at once, persisted locally in parallel.
    this.broadcast(m, MSG_APPEND, this.term[m]);
    this.send(MSG_APPEND_RESP, m, m, this.term[m], 1, true);
  }

  // ---- messages ------------------------------------------------------------------------------

  private broadcast(from: number, kind: number, term: number): void {
    for (let to = 0; to < this.members; to++) if (to !== from) this.send(kind, from, to, term, 0, false);
  }

  private requestVotes(from: number, kind: number, term: number, persistFirst: boolean): void {
    for (let to = 0; to < this.members; to++) if (to !== from) this.send(kind, from, to, term, 0, persistFirst);
  }

  private send(kind: number, from: number, to: number, term: number, flag: number, persistFirst: boolean): void {
    const n = this.members;
    if (from !== to && !this.links[from * n + to]) return;
    if (this.freeCount === 0) this.growPool(this.capacity * 2);
    const slot = this.freeSlots[--this.freeCount];
    this.msgKind[slot] = kind;
    this.msgFrom[slot] = from;
    this.msgTo[slot] = to;
    this.msgFlag[slot] = flag;
    this.msgTerm[slot] = term;
    this.msgLogTerm[slot] = this.lastLogTerm[from];
    this.msgLogIndex[slot] = this.lastLogIndex[from];
    let delayS = persistFirst ? this.fsyncS : 0;
    if (from !== to) {
      delayS += this.oneWayS[from * n + to];
      if (this.jitterS > 0) delayS += this.rng!.next() * this.jitterS;
    }
    this.sim.after(delayS, this.DELIVER, slot);
  }

  private growPool(capacity: number): void {
    const old = this.capacity;
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.msgKind = grow8(this.msgKind);
    this.msgFrom = grow8(this.msgFrom);
    this.msgTo = grow8(this.msgTo);
    this.msgFlag = grow8(this.msgFlag);
    this.msgTerm = grow32(this.msgTerm);
    this.msgLogTerm = grow32(this.msgLogTerm);
    this.msgLogIndex = grow32(this.msgLogIndex);
    const free = new Int32Array(capacity);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    this.freeSlots = free;
    for (let i = capacity - 1; i >= old; i--) this.freeSlots[this.freeCount++] = i;
    this.capacity = capacity;
  }

  private onDeliver(slot: number): void {
    const kind = this.msgKind[slot];
    const from = this.msgFrom[slot];
    const to = this.msgTo[slot];
    const flag = this.msgFlag[slot];
    const term = this.msgTerm[slot];
    const logTerm = this.msgLogTerm[slot];
    const logIndex = this.msgLogIndex[slot];
    this.freeSlots[this.freeCount++] = slot;
    if (!this.up[to]) return;
    if (from !== to && !this.links[from * this.members + to]) return;
    switch (kind) {
      case MSG_HEARTBEAT:
      case MSG_APPEND:
        this.onLeaderMessage(to, from, kind, term, logTerm, logIndex);
        break;
      case MSG_HEARTBEAT_RESP:
      case MSG_APPEND_RESP:
        this.onLeaderResponse(to, from, kind, term, flag);
        break;
      case MSG_VOTE:
      case MSG_PREVOTE:
        this.onVoteRequest(to, from, kind === MSG_PREVOTE, term, logTerm, logIndex);
        break;
      case MSG_VOTE_RESP:
      case MSG_PREVOTE_RESP:
        this.onVoteResponse(to, from, kind === MSG_PREVOTE_RESP, term, flag === 1);
        break;
      default:
        throw new Error(`unknown Raft message kind ${kind}`);
    }
  }

  private onLeaderMessage(f: number, l: number, kind: number, term: number, logTerm: number, logIndex: number): void {
    const reply = kind === MSG_APPEND ? MSG_APPEND_RESP : MSG_HEARTBEAT_RESP;
    if (term < this.term[f]) {
      // A stale leader learns the newer term from the reply and steps down.
      this.send(reply, f, l, this.term[f], 0, false);
      return;
    }
    if (term > this.term[f] || this.role[f] !== FOLLOWER) this.becomeFollower(f, term, l);
    this.leaderOf[f] = l;
    this.lastLeaderContactS[f] = this.sim.now;
    if (this.ticksMode) this.electionElapsed[f] = 0;
    else this.restartTimer(f);
    if (kind === MSG_APPEND) {
      this.lastLogTerm[f] = logTerm;
      this.lastLogIndex[f] = logIndex;
      this.send(MSG_APPEND_RESP, f, l, term, 1, true);
    } else {
      this.send(MSG_HEARTBEAT_RESP, f, l, term, 1, false);
    }
  }

  private onLeaderResponse(l: number, f: number, kind: number, term: number, flag: number): void {
    if (term > this.term[l]) {
      this.becomeFollower(l, term, -1);
      return;
    }
    if (this.role[l] !== LEADER || term !== this.term[l]) return;
    this.recentActiveMask[l] |= 1 << f;
    if (kind !== MSG_APPEND_RESP || flag !== 1) return;
    this.ackMask[l] |= 1 << f;
    if (!this.committed[l] && popcount(this.ackMask[l]) >= this.quorum) {
      this.committed[l] = 1;
      // A leader elected since the episode began (whatever its term: a candidate may already have
      // reached the highest term before the disruption was marked) ends the episode.
      if (this.leaderSinceS[l] >= this.episodeStartS && Number.isNaN(this.committedS)) {
        this.committedS = this.sim.now;
        this.committedLeader = l;
        this.committedTerm = term;
        if (this.stopOnCommit) this.sim.stop();
      }
    }
  }

  private onVoteRequest(r: number, c: number, pre: boolean, term: number, logTerm: number, logIndex: number): void {
    const reply = pre ? MSG_PREVOTE_RESP : MSG_VOTE_RESP;
    if (term > this.term[r]) {
      // Check-quorum lease: a member that heard from a live leader recently ignores the request.
      if (this.inLease(r)) return;
      if (!pre) this.becomeFollower(r, term, -1);
    } else if (term < this.term[r]) {
      if (pre) this.send(reply, r, c, this.term[r], 0, false);
      return;
    }
    const canVote =
      this.votedFor[r] === c || (this.votedFor[r] === -1 && this.leaderOf[r] === -1) || (pre && term > this.term[r]);
    const logOk = logTerm > this.lastLogTerm[r] || (logTerm === this.lastLogTerm[r] && logIndex >= this.lastLogIndex[r]);
    if (canVote && logOk) {
      if (pre) {
        this.send(reply, r, c, term, 1, false);
      } else {
        this.votedFor[r] = c;
        if (this.ticksMode) this.electionElapsed[r] = 0;
        else this.restartTimer(r);
        this.send(reply, r, c, term, 1, true);
      }
    } else {
      this.send(reply, r, c, this.term[r], 0, false);
    }
  }

  private onVoteResponse(c: number, v: number, pre: boolean, term: number, granted: boolean): void {
    if (term > this.term[c] && !(pre && granted)) {
      this.becomeFollower(c, term, -1);
      return;
    }
    if (pre) {
      if (this.role[c] !== PRE_CANDIDATE) return;
      if (granted && term !== this.term[c] + 1) return;
    } else if (this.role[c] !== CANDIDATE || term !== this.term[c]) {
      return;
    }
    const bit = 1 << v;
    if ((this.grantedMask[c] | this.rejectedMask[c]) & bit) return;
    if (granted) this.grantedMask[c] |= bit;
    else this.rejectedMask[c] |= bit;
    if (popcount(this.grantedMask[c]) >= this.quorum) {
      if (pre) this.campaignReal(c);
      else this.becomeLeader(c);
    } else if (popcount(this.rejectedMask[c]) > this.members - this.quorum) {
      this.becomeFollower(c, this.term[c], -1);
    }
  }
}
