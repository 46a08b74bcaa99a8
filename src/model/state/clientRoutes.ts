import { cacheReadRoute } from './cache.js';
import type { FleetView } from './fleetView.js';
import { readRoute, writeRoute, type ReadRoute, type StoreTimes, type WriteRoute } from './routes.js';
import type { StoreState } from './storeState.js';

/** StoreWorld.clientClusters: per service, the clusters that run it and their shares of its pods. */
export type ClientClusters = readonly (readonly { readonly cluster: number; readonly share: number }[])[];

/** One (service, client cluster) of a store now: what its requests read and write, and where that goes. */
export interface ClientRoute {
  readonly service: number;
  readonly cluster: number;
  /** The cluster's share of the service's requests now: its pod share among the clusters that run (0 while it is down). */
  readonly share: number;
  readonly reads: number;
  readonly writes: number;
  readonly write: WriteRoute;
  readonly read: ReadRoute;
}

const NO_WRITE: WriteRoute = { target: -1, networkS: Number.NaN };

/**
 * Every (user service, client cluster) of the store, with its current routes. `backing`: for a cache,
 * the read route of its backing store from a cluster (undefined: the backing store is not placed, so
 * misses are served at its local read time and never fail).
 */
export function buildRoutes(
  st: StoreState,
  view: FleetView,
  clients: ClientClusters,
  times: StoreTimes,
  nowS: number,
  backing?: (cluster: number) => ReadRoute,
): ClientRoute[] {
  const isCache = st.layout.spec.kind === 'cache';
  const out: ClientRoute[] = [];
  for (const u of st.layout.users) {
    const list = clients[u.service] ?? [];
    let upShare = 0;
    for (const c of list) if (view.clusterUp(c.cluster)) upShare += c.share;
    for (const c of list) {
      const share = upShare > 0 && view.clusterUp(c.cluster) ? c.share / upShare : 0;
      const read = isCache ? cacheReadRoute(st, view, c.cluster, times, backing?.(c.cluster) ?? { failShare: 0, latencyS: times.readMeanS, member: -1 }, nowS) : readRoute(st, view, c.cluster, times);
      const write = isCache ? NO_WRITE : writeRoute(st, view, c.cluster);
      out.push({ service: u.service, cluster: c.cluster, share, reads: u.reads, writes: u.writes, write, read });
    }
  }
  return out;
}
