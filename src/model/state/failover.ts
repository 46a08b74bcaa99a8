import type { FleetView } from './fleetView.js';
import { promotionLoss, lagS } from './replicationLag.js';
import { fenced, hasMajority, lossCause, primaryLost, reaches, type StoreState } from './storeState.js';
import type { FailoverRecord } from './types.js';

/** One pending timer per store: the failover's next step. */
export interface StepTimer {
  set(delayS: number): void;
  clear(): void;
}

/** normal → lost (detection runs) → [deciding: manual delay] → detected (waits for a candidate) → promoting → reconnecting → normal. */
export type FailoverPhase = 'normal' | 'lost' | 'deciding' | 'detected' | 'promoting' | 'reconnecting';

/** A failover record while it is being written. */
interface OpenRecord {
  store: string;
  atS: number;
  cause: string;
  rtoS: number;
  rpoS: number;
  lostWrites: number;
  lostBytes: number;
  splitBrain: boolean;
  promoted: boolean;
}

/**
 * The failover manager of one primary/replica or quorum store (docs/state.md, "Failover"): it sees
 * the primary lost, waits `detection`, (manual: an operator's delay,) picks the candidate — a member
 * that runs and, when fenced, holds a majority; a synchronous standby first, then the least lag —
 * promotes it in `promotion` and clients follow after `reconnect`. A primary back before the
 * promotion ends the outage with no failover (RTO = the outage). Unfenced, an old primary that runs
 * behind a partition keeps its clients: split brain, its writes since the promotion lost at the heal.
 */
export class Failover {
  phase: FailoverPhase = 'normal';
  private candidate = -1;
  private open: OpenRecord | null = null;
  /** Losses whose outage is over on the manager's side (promoted and reconnected, or the primary back) but whose RTO waits for writes to be accepted. */
  private pending: OpenRecord[] = [];
  private splitRecord: OpenRecord | null = null;
  readonly records: OpenRecord[] = [];

  constructor(
    private readonly st: StoreState,
    private readonly view: FleetView,
    private readonly timer: StepTimer,
    private readonly manualDelayS: () => number,
  ) {}

  /** After any change: start, cancel or re-plan a failover; end a split brain that healed. */
  check(nowS: number): void {
    this.healSplitBrain();
    const st = this.st;
    if (this.phase === 'normal') {
      this.stampRecovered(nowS);
      if (!primaryLost(st, this.view)) return;
      this.open = { store: st.layout.spec.name, atS: nowS, cause: lossCause(st, this.view), rtoS: Number.NaN, rpoS: 0, lostWrites: 0, lostBytes: 0, splitBrain: false, promoted: false };
      this.records.push(this.open);
      this.phase = 'lost';
      this.timer.set(st.layout.spec.failover.detectionS);
      return;
    }
    if (this.phase === 'reconnecting') {
      if (!primaryLost(st, this.view)) return;
      // The new primary was lost before clients reached it: the first loss's RTO runs on, a new loss starts.
      this.timer.clear();
      this.pending.push(this.open!);
      this.open = null;
      this.phase = 'normal';
      return this.check(nowS);
    }
    if (!primaryLost(st, this.view)) return this.primaryBack(nowS);
    if (this.phase === 'promoting' && !this.eligible(this.candidate)) {
      this.timer.clear();
      this.phase = 'detected';
    }
    if (this.phase === 'detected') this.tryPromote();
  }

  /** The pending step fell due. */
  step(nowS: number): void {
    const f = this.st.layout.spec.failover;
    switch (this.phase) {
      case 'lost':
        if (f.mode === 'manual') {
          this.phase = 'deciding';
          this.timer.set(Math.max(0, this.manualDelayS()));
        } else {
          this.phase = 'detected';
          this.tryPromote();
        }
        return;
      case 'deciding':
        this.phase = 'detected';
        this.tryPromote();
        return;
      case 'promoting':
        this.promote();
        return;
      case 'reconnecting':
        this.reconnected();
        return;
      default:
        return;
    }
  }

  /** Open records' RTO stays NaN (never recovered within the horizon). */
  private primaryBack(nowS: number): void {
    this.timer.clear();
    this.candidate = -1;
    if (this.st.clientTarget !== this.st.primary) {
      // A promoted primary lost before its clients reconnected, now back: they still have to reconnect.
      this.phase = 'reconnecting';
      this.timer.set(this.st.layout.spec.failover.reconnectS);
      return;
    }
    if (this.open !== null) this.pending.push(this.open);
    this.open = null;
    this.phase = 'normal';
    this.candidate = -1;
    this.stampRecovered(nowS);
  }

  /**
   * RTO ends when writes are accepted again, not when the manager is done: a new primary may still
   * wait (semiSync timeout, a sync standby it cannot reach). `accepting` is fresh when check runs.
   */
  private stampRecovered(nowS: number): void {
    if (this.pending.length === 0 || !this.st.accepting) return;
    for (const r of this.pending) r.rtoS = nowS - r.atS;
    this.pending = [];
  }

  private eligible(m: number): boolean {
    const st = this.st;
    if (m < 0 || m === st.primary || st.up[m] === 0) return false;
    return !fenced(st) || hasMajority(st, this.view, m);
  }

  /** Pick the candidate (synchronous standby first, then least lag, then member order) and start promoting it. */
  private tryPromote(): void {
    const st = this.st;
    let best = -1;
    let bestKey = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let m = 0; m < st.layout.members.length; m++) {
      if (!this.eligible(m)) continue;
      const key = [st.layout.members[m].role === 'syncStandby' ? 0 : 1, lagS(st, this.view, m)];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) (best = m), (bestKey = key);
    }
    if (best < 0) return;
    this.candidate = best;
    this.phase = 'promoting';
    this.timer.set(st.layout.spec.failover.promotionS);
  }

  private promote(): void {
    const st = this.st;
    const rec = this.open!;
    const loss = promotionLoss(st, this.view, this.candidate);
    rec.rpoS = loss.rpoS;
    rec.lostWrites = loss.lostWrites;
    rec.lostBytes = loss.lostWrites * st.layout.spec.writeBytes;
    rec.promoted = true;
    const old = st.primary;
    st.primary = this.candidate;
    st.backlogBytes[this.candidate] = 0;
    st.backlogBytes[old] = 0;
    st.staleS[this.candidate] = 0;
    st.staleS[old] = 0;
    if (!fenced(st) && st.up[old] === 1 && !reaches(st, this.view, old, this.candidate)) {
      st.splitBrainOld = old;
      st.splitBrainWrites = 0;
      rec.splitBrain = true;
      this.splitRecord = rec;
    }
    this.candidate = -1;
    this.phase = 'reconnecting';
    this.timer.set(st.layout.spec.failover.reconnectS);
  }

  private reconnected(): void {
    const st = this.st;
    st.clientTarget = st.primary;
    // Stamped by the check that follows every step, once `accepting` is re-derived for the new primary.
    if (this.open !== null) this.pending.push(this.open);
    this.open = null;
    this.phase = 'normal';
  }

  /** A split brain ends when the old primary stops or reaches the new one: what it took since the promotion is discarded. */
  private healSplitBrain(): void {
    const st = this.st;
    const old = st.splitBrainOld;
    if (old < 0 || (st.up[old] === 1 && !reaches(st, this.view, old, st.primary))) return;
    const rec = this.splitRecord;
    if (rec !== null) {
      rec.lostWrites += st.splitBrainWrites;
      rec.lostBytes = rec.lostWrites * st.layout.spec.writeBytes;
    }
    st.splitBrainOld = -1;
    st.splitBrainWrites = 0;
    this.splitRecord = null;
  }

  /** At the horizon: a split brain still on will be healed by discarding the old primary's writes; count them now. */
  finish(): void {
    if (this.st.splitBrainOld < 0 || this.splitRecord === null) return;
    this.splitRecord.lostWrites += this.st.splitBrainWrites;
    this.splitRecord.lostBytes = this.splitRecord.lostWrites * this.st.layout.spec.writeBytes;
    this.st.splitBrainWrites = 0;
  }

  /** The records of losses at or after `fromS`, frozen. */
  result(fromS: number): FailoverRecord[] {
    return this.records.filter((r) => r.atS >= fromS).map((r) => ({ ...r }));
  }
}
