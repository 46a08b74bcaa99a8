import type { FleetView } from './fleetView.js';
import type { StoreLayout } from './layout.js';

/**
 * The mutable state of one placed store in one replication: which members run, who is primary
 * (quorum: leader), where clients send their writes, and the replication backlog of every member
 * relative to the primary. Derived fields (`up`, `accepting`) are recomputed by `refreshUp` and
 * `refreshAccepting` after every change; the rest moves only with events.
 */
export interface StoreState {
  readonly layout: StoreLayout;
  /** Active own failures (memberFailures) per member. */
  readonly ownDown: Int32Array;
  /** 1 while the member runs (derived). */
  readonly up: Uint8Array;
  /** The primary (leader) the failover manager knows now; −1 for a cache. */
  primary: number;
  /** The member clients send writes to (and primary reads): the primary, until a failover's reconnection ends. */
  clientTarget: number;
  /** fencing none: an old primary still taking writes from clients that reach it (split brain); −1: none. */
  splitBrainOld: number;
  /** Writes that old primary took since the promotion (lost when the partition heals). */
  splitBrainWrites: number;
  /** The primary takes writes now (derived). */
  accepting: boolean;
  /** semiSync: no standby acknowledges; commits wait out the timeout (writes stall). */
  semiWaiting: boolean;
  /** semiSync: degraded to asynchronous after the timeout, until a standby is back. */
  semiDegraded: boolean;
  /** Log bytes each member lacks relative to the primary (0 for the primary). */
  readonly backlogBytes: Float64Array;
  /**
   * Seconds of the primary's writes each member has missed while it could not receive (it ran down or
   * cut off while the primary took writes); 0 once it receives again (its backlog then tells its lag).
   */
  readonly staleS: Float64Array;
  /** Cache: when the member came back empty (−Infinity: warm since the start). */
  readonly refillAtS: Float64Array;
  /** Writes per second the primary took in the latest stretch (for the writes in flight at a loss). */
  lastAcceptedPerS: number;
}

export function createStoreState(layout: StoreLayout): StoreState {
  const n = layout.members.length;
  return {
    layout,
    ownDown: new Int32Array(n),
    up: new Uint8Array(n).fill(1),
    primary: layout.initialPrimary,
    clientTarget: layout.initialPrimary,
    splitBrainOld: -1,
    splitBrainWrites: 0,
    accepting: layout.initialPrimary >= 0,
    semiWaiting: false,
    semiDegraded: false,
    backlogBytes: new Float64Array(n),
    staleS: new Float64Array(n),
    refillAtS: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    lastAcceptedPerS: 0,
  };
}

/** Recompute which members run; a cache member that comes back starts empty at `nowS`. */
export function refreshUp(st: StoreState, view: FleetView, nowS: number): void {
  st.layout.members.forEach((m, i) => {
    const up = st.ownDown[i] === 0 && view.placeUp(m.cluster, m.zone) ? 1 : 0;
    if (up === 1 && st.up[i] === 0 && st.layout.spec.kind === 'cache') st.refillAtS[i] = nowS;
    st.up[i] = up;
  });
}

/** Two members can talk: both run and their regions are connected. */
export function reaches(st: StoreState, view: FleetView, a: number, b: number): boolean {
  const m = st.layout.members;
  return st.up[a] === 1 && st.up[b] === 1 && view.connected(m[a].region, m[b].region);
}

/** A client in `cluster` can reach member m (it runs, and the regions are connected). */
export function clientReaches(st: StoreState, view: FleetView, cluster: number, m: number): boolean {
  return st.up[m] === 1 && view.connected(view.fleet.clusters[cluster].regionId, st.layout.members[m].region);
}

/** Voters: every member plus the witness. */
export function voterCount(st: StoreState): number {
  return st.layout.members.length + (st.layout.witnessRegion >= 0 ? 1 : 0);
}

/** Member m runs and reaches a strict majority of the voters (itself included). */
export function hasMajority(st: StoreState, view: FleetView, m: number): boolean {
  if (st.up[m] === 0) return false;
  let votes = 0;
  for (let j = 0; j < st.layout.members.length; j++) if (j === m || reaches(st, view, m, j)) votes++;
  const w = st.layout.witnessRegion;
  if (w >= 0 && view.regionUp(w) && view.connected(st.layout.members[m].region, w)) votes++;
  return 2 * votes > voterCount(st);
}

/** Quorum fencing applies: a quorum store always, a primary/replica store unless fencing is none. */
export function fenced(st: StoreState): boolean {
  return st.layout.spec.kind === 'quorum' || st.layout.spec.failover.fencing === 'quorum';
}

/** The synchronous standbys the primary's commits wait for (sync, semiSync): syncStandby members other than the primary. */
export function syncSet(st: StoreState): number[] {
  const out: number[] = [];
  st.layout.members.forEach((m, i) => {
    if (m.role === 'syncStandby' && i !== st.primary) out.push(i);
  });
  return out;
}

/** Member m acknowledges commits (so it holds every committed write while connected). */
export function acking(st: StoreState, m: number): boolean {
  const spec = st.layout.spec;
  if (spec.kind === 'quorum') return m !== st.primary;
  if (st.layout.members[m].role !== 'syncStandby' || m === st.primary) return false;
  return spec.replication === 'sync' || (spec.replication === 'semiSync' && !st.semiDegraded);
}

/** Whether the primary takes writes now: it runs, holds a majority when fenced, and its synchronous standbys answer. */
export function refreshAccepting(st: StoreState, view: FleetView): void {
  const p = st.primary;
  if (p < 0 || st.up[p] === 0 || (fenced(st) && !hasMajority(st, view, p))) {
    st.accepting = false;
    return;
  }
  const spec = st.layout.spec;
  if (spec.kind === 'primaryReplica' && spec.replication === 'sync') {
    // PostgreSQL waits for every listed synchronous standby, however long (assumption: no timeout).
    st.accepting = syncSet(st).every((s) => reaches(st, view, p, s));
    return;
  }
  st.accepting = !(spec.kind === 'primaryReplica' && spec.replication === 'semiSync' && st.semiWaiting);
}

/**
 * The failover manager's view: the primary is lost when it is down; when fenced, when it cannot reach
 * a majority of the voters; unfenced, when some other member runs and none of those that run reach it
 * (the manager sits with the replicas and sees it vanish; an old primary in split brain is not one of them).
 */
export function primaryLost(st: StoreState, view: FleetView): boolean {
  const p = st.primary;
  if (p < 0) return false;
  if (st.up[p] === 0) return true;
  if (fenced(st)) return !hasMajority(st, view, p);
  let othersUp = 0;
  for (let j = 0; j < st.layout.members.length; j++) {
    // An old primary still taking writes (split brain) is no replica watching this one.
    if (j === p || j === st.splitBrainOld || st.up[j] === 0) continue;
    othersUp++;
    if (reaches(st, view, p, j)) return false;
  }
  return othersUp > 0;
}

/**
 * What lost the primary: 'region' | 'cluster' | 'zone' | 'member' (its own failure) | 'partition' (it
 * runs, and a partitioned link cuts it from members that run) | 'quorumLost' (it runs, but too many
 * voters are down for a majority).
 */
export function lossCause(st: StoreState, view: FleetView): string {
  const p = st.primary;
  const m = st.layout.members[p];
  const place = view.downCause(m.cluster, m.zone);
  if (place !== '') return place;
  if (st.ownDown[p] > 0) return 'member';
  const cut = st.layout.members.some((x, j) => j !== p && st.up[j] === 1 && !view.connected(m.region, x.region));
  return cut ? 'partition' : 'quorumLost';
}
