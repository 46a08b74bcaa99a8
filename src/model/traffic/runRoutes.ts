import type { FleetNetwork } from './network.js';
import type { CallRoutes } from './routing.js';

/**
 * The call routes as one latency Monte Carlo run reads them. Per (callee service, caller cluster)
 * the route's entries: each one's cumulative weight (the running sum pickCluster forms, added in the
 * same order, so that a draw picks the same cluster bit for bit), its cluster and the round trip to
 * it, seconds (rttMs / 1000, as the sampler computed it per call). Compiled on a route's first use
 * in a run, since the routes and the network do not change during one: looking the route up, summing
 * its weights and computing the RTT at every one of a run's ~30 000 calls was a fifth of its cost.
 */
export class RunRoutes {
  private readonly routes: CallRoutes;
  private readonly network: FleetNetwork;
  private readonly clusterCount: number;
  /** Per group (callee × clusterCount + caller cluster): the run that compiled it, its first entry and its length. */
  private readonly compiledIn: Int32Array;
  readonly start: Int32Array;
  readonly length: Int32Array;
  /** The entries of the routes compiled this run, one after another. */
  cumulative = new Float64Array(64);
  clusters = new Int32Array(64);
  rttS = new Float64Array(64);
  private used = 0;
  private run = 0;

  constructor(routes: CallRoutes, network: FleetNetwork, serviceCount: number) {
    this.routes = routes;
    this.network = network;
    this.clusterCount = network.clusterCount;
    const groups = serviceCount * network.clusterCount;
    this.compiledIn = new Int32Array(groups);
    this.start = new Int32Array(groups);
    this.length = new Int32Array(groups);
  }

  /** A new run: the routes and RTTs may have changed since the last. */
  begin(): void {
    this.run++;
    this.used = 0;
  }

  /** The group of calls to `service` from `cluster`, its route compiled for this run (read start, length, cumulative, clusters, rttS). */
  of(service: number, cluster: number): number {
    const group = service * this.clusterCount + cluster;
    if (this.compiledIn[group] !== this.run) this.compile(group, service, cluster);
    return group;
  }

  /** The entry a uniform draw `u` falls on, as pickCluster picks it: the first whose cumulative weight is above u, else the last (−1: the route is empty). */
  pick(group: number, u: number): number {
    const first = this.start[group];
    const end = first + this.length[group];
    const cumulative = this.cumulative;
    for (let i = first; i < end; i++) if (u < cumulative[i]) return i;
    return end - 1 >= first ? end - 1 : -1;
  }

  private compile(group: number, service: number, cluster: number): void {
    const route = this.routes.routeOf(service, cluster);
    const n = route.clusters.length;
    if (this.used + n > this.cumulative.length) this.grow(this.used + n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const to = route.clusters[i];
      acc += route.weights[i];
      this.cumulative[this.used + i] = acc;
      this.clusters[this.used + i] = to;
      this.rttS[this.used + i] = this.network.rttMs(cluster, to) / 1000;
    }
    this.start[group] = this.used;
    this.length[group] = n;
    this.compiledIn[group] = this.run;
    this.used += n;
  }

  private grow(atLeast: number): void {
    const size = Math.max(atLeast, 2 * this.cumulative.length);
    const cumulative = new Float64Array(size);
    const clusters = new Int32Array(size);
    const rttS = new Float64Array(size);
    cumulative.set(this.cumulative);
    clusters.set(this.clusters);
    rttS.set(this.rttS);
    this.cumulative = cumulative;
    this.clusters = clusters;
    this.rttS = rttS;
  }
}
