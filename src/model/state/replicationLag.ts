import { replicationLagS } from './commitLatency.js';
import type { FleetView } from './fleetView.js';
import { acking, reaches, type StoreState } from './storeState.js';

/**
 * Replication backlog as a fluid queue (docs/state.md, "Replication lag"): every member but the
 * primary lacks `backlogBytes` of the primary's log. Over a stretch of constant rates it grows at
 * writeBytes × the primary's accepted write rate and, while the member runs and reaches the primary,
 * drains at the link's bandwidth; the result is floored at 0, which is exact for constant rates.
 * Within a region the bandwidth is unlimited, so a connected member never lags more than the one-way
 * delay. A member that cannot receive while the primary takes writes also counts the seconds of writes
 * it misses (staleS): with an unlimited link its backlog alone would say nothing of its age.
 */
export function advanceBacklogs(st: StoreState, view: FleetView, acceptedPerS: number, dtS: number): void {
  const p = st.primary;
  if (p < 0 || !(dtS > 0)) return;
  const inBytesPerS = st.layout.spec.writeBytes * acceptedPerS;
  const members = st.layout.members;
  for (let m = 0; m < members.length; m++) {
    if (m === p) continue;
    const receiving = reaches(st, view, p, m);
    const out = receiving ? view.bandwidthBytesPerS(members[p].region, members[m].region) : 0;
    if (receiving) st.staleS[m] = 0;
    else if (acceptedPerS > 0) st.staleS[m] += dtS;
    const net = inBytesPerS - out;
    const b = st.backlogBytes[m] + net * dtS;
    st.backlogBytes[m] = b > 0 ? b : 0;
  }
}

/** One-way delay between two members (half their zones' round trip). */
export function oneWayS(st: StoreState, view: FleetView, a: number, b: number): number {
  const m = st.layout.members;
  return view.zoneRttS(m[a].zone, m[b].zone) / 2;
}

/**
 * Member m's replication lag now, in seconds: the one-way delay (unless it acknowledges commits and
 * is connected: a synchronous standby holds what was committed) plus the larger of its backlog at the
 * link's bandwidth (replicationLagS: the time to ship what it lacks) and the seconds of writes it
 * missed while it could not receive. 0 for the primary.
 */
export function lagS(st: StoreState, view: FleetView, m: number): number {
  const p = st.primary;
  if (p < 0 || m === p) return 0;
  const members = st.layout.members;
  const bw = view.bandwidthBytesPerS(members[p].region, members[m].region);
  const inSync = acking(st, m) && (reaches(st, view, p, m) || !st.accepting);
  const shippingS = replicationLagS(0, st.backlogBytes[m], bw);
  return (inSync ? 0 : oneWayS(st, view, p, m)) + Math.max(shippingS, st.staleS[m]);
}

/**
 * Member m's mean lag over the coming stretch of `dtS` seconds at constant state, the primary taking
 * `acceptedPerS` writes a second (the reads' staleness is weighted over the stretch, not taken at its
 * start: a replica cut off for an hour ages from 0 to 3600 s). The lag is the one-way part plus
 * max(backlog / bandwidth, seconds of writes missed), both piecewise linear as advanceBacklogs moves
 * them: a receiving member's missed seconds are 0 and its backlog may reach 0 part-way; a cut-off
 * member's backlog and missed seconds both grow. Integrated exactly, segment by segment.
 */
export function meanLagS(st: StoreState, view: FleetView, m: number, acceptedPerS: number, dtS: number): number {
  const p = st.primary;
  if (p < 0 || m === p || !(dtS > 0)) return lagS(st, view, m);
  const members = st.layout.members;
  const receiving = reaches(st, view, p, m);
  const bw = view.bandwidthBytesPerS(members[p].region, members[m].region);
  const finiteBw = bw > 0 && Number.isFinite(bw);
  const base = acking(st, m) && (receiving || !st.accepting) ? 0 : oneWayS(st, view, p, m);
  const b0 = st.backlogBytes[m];
  const netPerS = st.layout.spec.writeBytes * acceptedPerS - (receiving ? bw : 0);
  const s0 = receiving ? 0 : st.staleS[m];
  const grow = !receiving && acceptedPerS > 0 ? 1 : 0;
  const ship = (t: number) => (finiteBw ? Math.max(0, b0 + netPerS * t) / bw : 0);
  const f = (t: number) => Math.max(ship(t), s0 + grow * t);
  const cuts = [0, dtS];
  const drainedAt = finiteBw && netPerS < 0 ? -b0 / netPerS : Number.NaN;
  if (drainedAt > 0 && drainedAt < dtS) cuts.push(drainedAt);
  // Where the (unfloored) shipping time crosses the missed seconds.
  const slope = finiteBw ? netPerS / bw - grow : -grow;
  const crossAt = slope !== 0 ? (s0 - (finiteBw ? b0 / bw : 0)) / slope : Number.NaN;
  if (crossAt > 0 && crossAt < dtS) cuts.push(crossAt);
  cuts.sort((a, b) => a - b);
  let area = 0;
  for (let i = 1; i < cuts.length; i++) area += ((f(cuts[i - 1]) + f(cuts[i])) / 2) * (cuts[i] - cuts[i - 1]);
  return base + area / dtS;
}

/**
 * What a promotion of member m loses (docs/state.md, "Failover"): the writes it lacks, i.e. its
 * backlog in writes, plus the writes in flight over the one-way delay at the rate the old primary
 * took just before it stopped (none for a synchronous standby). Quorum stores lose nothing.
 */
export function promotionLoss(st: StoreState, view: FleetView, m: number): { readonly rpoS: number; readonly lostWrites: number } {
  if (st.layout.spec.kind === 'quorum') return { rpoS: 0, lostWrites: 0 };
  const inSync = acking(st, m);
  // A standby that acknowledged every commit holds them all: nothing committed is lost, whatever
  // its apply lag (the writes in flight to it were never acknowledged to clients).
  const rpoS = inSync ? 0 : lagS(st, view, m);
  const inFlight = inSync ? 0 : st.lastAcceptedPerS * oneWayS(st, view, st.primary, m);
  return { rpoS, lostWrites: st.backlogBytes[m] / st.layout.spec.writeBytes + inFlight };
}
