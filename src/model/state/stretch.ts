import type { ClientRoute } from './clientRoutes.js';
import type { FleetView } from './fleetView.js';
import type { StoreAccounts } from './outcome.js';
import { advanceBacklogs, lagS, meanLagS } from './replicationLag.js';
import type { StoreState } from './storeState.js';

/**
 * Carry one store through a stretch of `dtS` seconds at constant service rates and routes: the
 * primary's accepted writes feed the replicas' backlogs and the log shipped to them, an old primary
 * in split brain counts the writes it takes, and (after the warm-up: `acc` given) the demand, the
 * commit latencies and the largest lag are recorded.
 */
export function carryStretch(st: StoreState, view: FleetView, routes: readonly ClientRoute[], rates: Float64Array, dtS: number, acc: StoreAccounts | null): void {
  let toPrimary = 0;
  let toOld = 0;
  for (const r of routes) {
    if (r.writes === 0 || r.write.target < 0) continue;
    const w = r.writes * r.share * rates[r.service];
    if (r.write.target === st.primary) toPrimary += w;
    else if (r.write.target === st.splitBrainOld) toOld += w;
  }
  if (st.accepting) st.lastAcceptedPerS = toPrimary;
  st.splitBrainWrites += toOld * dtS;
  if (acc !== null) {
    acc.addDemand(routes, rates, dtS, (m) => meanLagS(st, view, m, toPrimary, dtS));
    shipLog(st, view, toPrimary * dtS, acc);
    noteLag(st, view, acc);
  }
  advanceBacklogs(st, view, toPrimary, dtS);
  if (acc !== null) noteLag(st, view, acc);
}

/** Every member but the primary receives each write's log (a quorum store's followers too). */
function shipLog(st: StoreState, view: FleetView, writes: number, acc: StoreAccounts): void {
  const p = st.primary;
  if (p < 0 || writes <= 0) return;
  const members = st.layout.members;
  const from = view.fleet.regions[members[p].region].name;
  for (let m = 0; m < members.length; m++) {
    if (m !== p) acc.addReplication(from, view.fleet.regions[members[m].region].name, writes * st.layout.spec.writeBytes);
  }
}

/** The largest lag of a running member (a stopped one is not observed lagging). */
function noteLag(st: StoreState, view: FleetView, acc: StoreAccounts): void {
  if (st.primary < 0) return;
  for (let m = 0; m < st.layout.members.length; m++) {
    if (m === st.primary || st.up[m] === 0) continue;
    const lag = lagS(st, view, m);
    if (lag > acc.maxLagS) acc.maxLagS = lag;
  }
}
