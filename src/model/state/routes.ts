import { toDistribution } from '../../scenario/distributions.js';
import { commitNetworkS } from './commitLatency.js';
import type { FleetView } from './fleetView.js';
import { clientReaches, reaches, syncSet, type StoreState } from './storeState.js';

/** Where one client cluster's reads and writes of one store go now, and what they cost. */
export interface ReadRoute {
  /** Share of the reads that fail (no member the read policy allows is reachable; a cache: misses while the backing store is unreadable). */
  readonly failShare: number;
  /** Mean time of a read that succeeds: network + local read (a cache adds its misses' backing reads). */
  readonly latencyS: number;
  /** The member that answers (−1: none, or a cache); its lag is the read's staleness. */
  readonly member: number;
}

export interface WriteRoute {
  /** The member that takes the write; −1: writes are unavailable. */
  readonly target: number;
  /** Network part of the commit (commitNetworkS) plus a synchronous standby's flush when waited for (standbyFlushS); NaN when unavailable. */
  readonly networkS: number;
}

/** Mean local read and commit times of a store's members (the fluid model adds means: docs/state.md). */
export interface StoreTimes {
  readonly readMeanS: number;
  readonly commitMeanS: number;
}

export function storeTimes(st: StoreState): StoreTimes {
  const spec = st.layout.spec;
  return { readMeanS: toDistribution(spec.readTime).mean(), commitMeanS: toDistribution(spec.commitTime).mean() };
}

/** A member may take writes: the primary while it accepts, or (fencing none) an old primary still running. */
function writable(st: StoreState, m: number): boolean {
  if (m < 0) return false;
  if (m === st.primary) return st.accepting;
  return m === st.splitBrainOld && st.up[m] === 1;
}

/**
 * Where a client in `cluster` writes: the member its connections point at (the primary, or the old one
 * until a failover's reconnection ends); after a split-brain promotion, clients that cannot reach the
 * new primary keep writing to the old one if they reach it.
 */
export function writeRoute(st: StoreState, view: FleetView, cluster: number): WriteRoute {
  for (const m of [st.clientTarget, st.splitBrainOld]) {
    if (writable(st, m) && clientReaches(st, view, cluster, m)) {
      const rtt = view.clusterRttS(cluster, st.layout.members[m].zone);
      if (m !== st.primary) return { target: m, networkS: rtt };
      const standbys = standbyRttsS(st, view);
      return { target: m, networkS: commitNetworkS(commitMode(st), rtt, standbys, st.semiDegraded) + standbyFlushS(st, standbys.length) };
    }
  }
  return { target: -1, networkS: Number.NaN };
}

/**
 * A PostgreSQL or MySQL synchronous standby acknowledges after its own flush, which starts when the
 * WAL arrives: a commit that waits for it pays a second local commit after the round trip (measured
 * against a real PostgreSQL by validate postgres: median sync commit ≈ RTT + two flushes). Its mean
 * is added. A quorum (Raft) leader flushes in parallel with its followers: nothing to add.
 */
function standbyFlushS(st: StoreState, waitedFor: number): number {
  const spec = st.layout.spec;
  if (spec.kind !== 'primaryReplica' || waitedFor === 0) return 0;
  if (spec.replication === 'sync' || (spec.replication === 'semiSync' && !st.semiDegraded)) return toDistribution(spec.commitTime).mean();
  return 0;
}

function commitMode(st: StoreState): 'async' | 'semiSync' | 'sync' | 'quorum' {
  return st.layout.spec.kind === 'quorum' ? 'quorum' : st.layout.spec.replication;
}

/**
 * The primary's round trips to the members its commits may wait for: the synchronous standbys it
 * reaches (sync, semiSync), or every other voter (quorum; +Infinity for one it cannot reach, so the
 * majority is taken among those it can).
 */
function standbyRttsS(st: StoreState, view: FleetView): number[] {
  const p = st.primary;
  const members = st.layout.members;
  const rtt = (m: number) => view.zoneRttS(members[p].zone, members[m].zone);
  if (st.layout.spec.kind !== 'quorum') {
    if (st.layout.spec.replication === 'async') return [];
    return syncSet(st)
      .filter((m) => reaches(st, view, p, m))
      .map(rtt);
  }
  const out: number[] = [];
  for (let m = 0; m < members.length; m++) if (m !== p) out.push(reaches(st, view, p, m) ? rtt(m) : Number.POSITIVE_INFINITY);
  const w = st.layout.witnessRegion;
  if (w >= 0) out.push(view.regionUp(w) && view.connected(members[p].region, w) ? view.regionRttS(members[p].zone, w) : Number.POSITIVE_INFINITY);
  return out;
}

/**
 * A read from a client in `cluster` of a primary/replica or quorum store: reads: primary goes where
 * writes go (a quorum store needs its leader to hold a majority: linearizable reads; a primary/replica
 * store's primary serves reads even when fenced), nearest to the nearest member that runs and is reachable.
 */
export function readRoute(st: StoreState, view: FleetView, cluster: number, times: StoreTimes): ReadRoute {
  const members = st.layout.members;
  let target = -1;
  if (st.layout.placement.reads === 'nearest') {
    let best = Number.POSITIVE_INFINITY;
    for (let m = 0; m < members.length; m++) {
      if (!clientReaches(st, view, cluster, m)) continue;
      const r = view.clusterRttS(cluster, members[m].zone);
      if (r < best) (best = r), (target = m);
    }
  } else {
    target = writeRoute(st, view, cluster).target;
    const fallback = st.clientTarget;
    if (target < 0 && st.layout.spec.kind !== 'quorum' && fallback >= 0 && clientReaches(st, view, cluster, fallback)) target = fallback;
  }
  if (target < 0) return { failShare: 1, latencyS: Number.NaN, member: -1 };
  return { failShare: 0, latencyS: view.clusterRttS(cluster, members[target].zone) + times.readMeanS, member: target };
}
