import type { Simulator } from '../../engine/simulator.js';
import type { MeshPolicy, Scenario } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import type { IngressHealth } from './ingress.js';
import type { FleetNetwork } from './network.js';
import { incremental } from './incremental.js';
import { inPanic } from './outlierDetection.js';
import { RemoteEjections } from './outlierDetectionRoutes.js';

/** Where traffic goes: clusters and the share of the traffic each receives (shares sum to 1). */
export interface Route {
  clusters: number[];
  weights: number[];
}

/** CallRoutes.singleTargetOf: the route splits its calls over several clusters (or has none). */
export const MULTI_TARGET = -1;
/** A route not computed since its inputs last changed. */
const UNKNOWN_ROUTE = -2;

/** Answer-set ties: clusters within this RTT of the nearest count as equally near. */
export const NEAR_TIE_MS = 1;

/** The cluster of a route that a uniform draw `u` in [0, 1) falls on (-1 for an empty route). */
export function pickCluster(route: Route, u: number): number {
  let acc = 0;
  for (let i = 0; i < route.clusters.length; i++) {
    acc += route.weights[i];
    if (u < acc) return route.clusters[i];
  }
  return route.clusters.length > 0 ? route.clusters[route.clusters.length - 1] : -1;
}

/**
 * Where calls from a cluster to a service go. Without a mesh, plain Kubernetes Services keep calls in
 * the caller's cluster. With one, a call goes to the first locality level with ready endpoints, split
 * by ready pods; across a partition calls fail until outlier detection has ejected the unreachable
 * endpoints (one detection interval; with `ejection: inline` as Envoy does, outlierDetectionRoutes.ts,
 * which also ejects impaired remote endpoints), then avoid it. Routes are cached: a mesh's routes
 * depend on the pods, data planes and partitions, so each fleet-wide evaluation drops those whose
 * inputs changed (beginEvaluation).
 */
export class CallRoutes {
  private readonly sim: Simulator;
  private readonly state: RuntimeState;
  private readonly network: FleetNetwork;
  private readonly mesh: MeshPolicy | undefined;
  private readonly dataplaneUp: (cluster: number) => boolean;
  private readonly clusterCount: number;
  /** Per group (callee service × clusterCount + caller cluster). */
  private readonly routes: (Route | null)[];
  /**
   * Per group, beside `routes`: the one cluster of a route that sends everything there (weight 1),
   * MULTI_TARGET for any other route, UNKNOWN_ROUTE while the route is not computed. Most routes
   * have one target (local calls; a segmented service's one cluster per region), and a pass over
   * every pool of a fleet reads them from this array rather than chasing each route's objects.
   */
  private readonly singleTarget: Int32Array;
  /** One reusable "stay in this cluster" route per cluster. */
  private readonly localRoutes: Route[];
  /** Per group: the route object a mesh route is written into. */
  private readonly meshRouteSlots: Route[];
  /**
   * Per group: 1 when its mesh route, as computed, looked at clusters in other regions (its locality
   * order reached `any`): only such a route reads the region links (a partition's ejection), so a
   * link change drops only these (dropLinkReaders).
   */
  private readonly readsLinks: Uint8Array;
  /** Some region link changed since the last evaluation (see readsLinks). */
  private linksChanged = false;
  /** Per cluster: that cluster alone; and all clusters (candidates of the zone and any levels). */
  private readonly justCluster: Int32Array[];
  private readonly everyCluster: Int32Array;
  /**
   * While the mesh control plane is down (null otherwise): per group the ready pods, and per cluster
   * whether its data plane was up, when it went down. Sidecars keep the endpoints they were last
   * sent: a remote cluster keeps its share of calls by the pods it had (dead ones included: calls to
   * a pool with none left fail), and pods started since are not used. The caller's own cluster is
   * read live (see freezeRemoteEndpoints).
   */
  private frozenReady: Int32Array | null = null;
  private frozenUp: Uint8Array | null = null;
  /** Inline outlier ejection of remote endpoints (null: none, or `ejection: interval`). */
  private readonly ejections: RemoteEjections | null;
  /** Ready endpoints of a candidate cluster as meshRoute reads them (reused). */
  private readonly readyOf = (service: number, from: number, c: number): number =>
    this.frozenReady !== null && c !== from ? this.frozenReady[service * this.clusterCount + c] : this.state.ready[service * this.clusterCount + c];

  constructor(sim: Simulator, state: RuntimeState, network: FleetNetwork, mesh: MeshPolicy | undefined, dataplaneUp: (cluster: number) => boolean, serviceCount: number) {
    this.sim = sim;
    this.state = state;
    this.network = network;
    this.mesh = mesh;
    this.dataplaneUp = dataplaneUp;
    const clusterCount = (this.clusterCount = network.clusterCount);
    this.routes = new Array(serviceCount * clusterCount).fill(null);
    this.singleTarget = new Int32Array(serviceCount * clusterCount).fill(UNKNOWN_ROUTE);
    this.localRoutes = Array.from({ length: clusterCount }, (_, c) => ({ clusters: [c], weights: [1] }));
    this.meshRouteSlots = mesh === undefined ? [] : Array.from({ length: serviceCount * clusterCount }, () => ({ clusters: [], weights: [] }));
    this.readsLinks = new Uint8Array(mesh === undefined ? 0 : serviceCount * clusterCount);
    this.justCluster = Array.from({ length: clusterCount }, (_, c) => Int32Array.of(c));
    this.everyCluster = Int32Array.from({ length: clusterCount }, (_, c) => c);
    this.ejections = mesh?.outlierDetection.ejection === 'inline' ? new RemoteEjections(mesh.outlierDetection, clusterCount, serviceCount) : null;
    this.serviceMarked = new Uint8Array(serviceCount);
    this.serviceDroppedAt = new Int32Array(serviceCount);
  }

  /**
   * Inline ejection: per group (callee service × clusterCount + caller cluster), calls per second
   * from the caller cluster to the service in the last evaluation. Set by the fluid model; while
   * null, a partitioned cluster is ejected one interval after the partition (as `interval` does).
   */
  set callsPerS(rates: Float64Array | null) {
    if (this.ejections !== null) this.ejections.callsPerS = rates;
  }

  /** Inline ejection: per group (service × clusterCount + cluster), the pools' error ratio (TrafficImpairments.errorRatio); null: impaired endpoints are not ejected. */
  set errorRatio(ratios: Float64Array | null) {
    if (this.ejections !== null) this.ejections.errorRatio = ratios;
  }

  clear(): void {
    this.routes.fill(null);
    this.singleTarget.fill(UNKNOWN_ROUTE);
    this.allDroppedAt = ++this.dropCount;
  }

  /**
   * Route drops, counted: per service the count at the last drop of its routes, and at the last
   * drop of every route. A route's content changes only when it is dropped and computed again, so a
   * reader that keeps what routes held (LatencyEstimates) needs to look again only at the routes of
   * services dropped since it last looked.
   */
  private dropCount = 0;
  readonly serviceDroppedAt: Int32Array;
  allDroppedAt = 0;

  /** Drops so far (compare with a count seen before: nothing dropped since when equal). */
  get drops(): number {
    return this.dropCount;
  }

  /**
   * Whether reading a route only computes it: false with inline ejection, where computing a route
   * advances the ejection state, so a reader must not read routes that the evaluation would not.
   */
  get readsArePure(): boolean {
    return this.ejections === null;
  }

  /** Services whose ready pods changed since the last evaluation (their routes are dropped then). */
  private readonly changedServices: number[] = [];
  private readonly serviceMarked: Uint8Array;
  /** Some change since the last evaluation invalidates every route (a data plane, a link). */
  private allChanged = true;
  /** When the last evaluation began (partitions' ejection instants are checked against it). */
  private lastBeginS = Number.NEGATIVE_INFINITY;

  /** A service's ready pods changed somewhere: its routes are recomputed at the next evaluation. */
  serviceChanged(service: number): void {
    if (this.mesh === undefined || this.serviceMarked[service] === 1) return;
    this.serviceMarked[service] = 1;
    this.changedServices.push(service);
  }

  /** A data plane changed (or the mesh's view of every cluster): every route is recomputed at the next evaluation. */
  invalidateAll(): void {
    this.allChanged = true;
  }

  /** A region link was partitioned, degraded or healed: the routes that read links are recomputed at the next evaluation. */
  linkChanged(): void {
    this.linksChanged = true;
  }

  /**
   * A fleet-wide evaluation begins: drop the mesh routes whose inputs changed since the last one
   * (the callee's ready pods, any data plane or link, a partition reaching its ejection instant,
   * or with inline ejection anything at all) and keep the rest, which are what meshRoute would
   * compute again from the same inputs. Dropping only at evaluations keeps the routes that readers
   * between evaluations see exactly what they were when every evaluation cleared them all.
   */
  beginEvaluation(nowS: number): void {
    if (this.mesh === undefined) return;
    if (!incremental.keptRoutes || this.allChanged || this.ejections !== null) this.clear();
    else {
      if (this.linksChanged || this.ejectionDue(nowS)) this.dropLinkReaders();
      for (const service of this.changedServices) {
        this.routes.fill(null, service * this.clusterCount, (service + 1) * this.clusterCount);
        this.singleTarget.fill(UNKNOWN_ROUTE, service * this.clusterCount, (service + 1) * this.clusterCount);
        this.serviceDroppedAt[service] = ++this.dropCount;
      }
    }
    for (const service of this.changedServices) this.serviceMarked[service] = 0;
    this.changedServices.length = 0;
    this.allChanged = false;
    this.linksChanged = false;
    this.lastBeginS = nowS;
  }

  /**
   * Drop the routes that read region links (readsLinks), each service's at once (a drop, as for a
   * change of its pods): the others found their targets in the caller's own region, which no link
   * reaches, and are what meshRoute would compute again.
   */
  private dropLinkReaders(): void {
    const C = this.clusterCount;
    const serviceCount = this.serviceDroppedAt.length;
    for (let service = 0; service < serviceCount; service++) {
      let dropped = false;
      for (let g = service * C; g < (service + 1) * C; g++) {
        if (this.readsLinks[g] === 0 || this.routes[g] === null) continue;
        this.routes[g] = null;
        this.singleTarget[g] = UNKNOWN_ROUTE;
        dropped = true;
      }
      if (dropped) this.serviceDroppedAt[service] = ++this.dropCount;
    }
  }

  /**
   * Whether a route whose target is in the caller's region was found at the zone or region level,
   * so that it reads only that region's clusters: the locality order tries the region before any.
   */
  get sameRegionTargetsReadTheRegionOnly(): boolean {
    if (this.mesh === undefined) return true;
    const order = this.mesh.localityOrder;
    const region = order.indexOf('region');
    const any = order.indexOf('any');
    return region >= 0 && (any < 0 || region < any);
  }

  /** Whether some partition's endpoints become ejected (meshRoute's test turns) between the last evaluation and now. */
  private ejectionDue(nowS: number): boolean {
    const ejectAfterS = this.mesh!.outlierDetection.intervalS;
    for (const since of this.network.linkPartitionedSinceS) {
      if (Number.isNaN(since)) continue;
      if (this.lastBeginS - since >= ejectAfterS !== nowS - since >= ejectAfterS) return true;
    }
    return false;
  }

  /**
   * The mesh control plane went down (frozen) or came back: cross-cluster endpoints stay as they are
   * now until it returns. Local endpoints keep following the pods: a simplification (with istiod down
   * Envoy keeps its last local endpoints too); what this models is a remote cluster lost or added
   * while the list cannot change, which is where a stale list costs a multi-cluster design most.
   */
  freezeRemoteEndpoints(frozen: boolean): void {
    if (!frozen) {
      this.frozenReady = null;
      this.frozenUp = null;
    } else {
      this.frozenReady = Int32Array.from(this.state.ready);
      this.frozenUp = Uint8Array.from({ length: this.clusterCount }, (_, c) => (this.dataplaneUp(c) ? 1 : 0));
    }
    this.clear();
  }

  /** The next time after `nowS` at which outlier detection ejects a partitioned cluster's endpoints (Infinity: none pending). */
  nextEjectionS(nowS: number): number {
    if (this.mesh === undefined) return Number.POSITIVE_INFINITY;
    if (this.ejections !== null) return this.ejections.nextChangeS(nowS, this.network, this.readyOf);
    const intervalS = this.mesh.outlierDetection.intervalS;
    let next = Number.POSITIVE_INFINITY;
    for (const since of this.network.linkPartitionedSinceS) if (!Number.isNaN(since) && since + intervalS > nowS) next = Math.min(next, since + intervalS);
    return next;
  }

  routeOf(service: number, from: number): Route {
    const group = service * this.clusterCount + from;
    const cached = this.routes[group];
    if (cached !== null) return cached;
    const route = this.mesh === undefined ? this.localRoutes[from] : this.ejections !== null ? this.inlineMeshRoute(this.mesh, this.ejections, service, from) : this.meshRoute(this.mesh, service, from);
    this.routes[group] = route;
    this.singleTarget[group] = route.clusters.length === 1 && route.weights[0] === 1 ? route.clusters[0] : MULTI_TARGET;
    return route;
  }

  /**
   * The cluster that every call to `service` from `from` goes to, or MULTI_TARGET when the route
   * splits them (read routeOf then): the same route as routeOf, computed by it when not yet known.
   */
  singleTargetOf(service: number, from: number): number {
    const target = this.singleTarget[service * this.clusterCount + from];
    if (target !== UNKNOWN_ROUTE) return target;
    this.routeOf(service, from);
    return this.singleTarget[service * this.clusterCount + from];
  }

  private meshRoute(mesh: MeshPolicy, service: number, from: number): Route {
    const { state, network, clusterCount } = this;
    // Reused between evaluations (no garbage per route; nothing keeps a route past the next clear()).
    const route = this.meshRouteSlots[service * clusterCount + from];
    route.clusters.length = 0;
    route.weights.length = 0;
    const ejectAfterS = mesh.outlierDetection.intervalS;
    const now = this.sim.now;
    this.readsLinks[service * clusterCount + from] = 0;
    for (const level of mesh.localityOrder) {
      if (level === 'any') this.readsLinks[service * clusterCount + from] = 1;
      // Candidates in ascending cluster order, as the weights are summed.
      const candidates = level === 'zone' ? this.justCluster[from] : level === 'region' ? network.clustersInRegion[network.regionOfCluster[from]] : this.everyCluster;
      let readyTotal = 0;
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k];
        const frozen = this.frozenReady !== null && c !== from;
        const ready = frozen ? this.frozenReady![service * clusterCount + c] : state.ready[service * clusterCount + c];
        if (ready === 0 || !(frozen ? this.frozenUp![c] === 1 : this.dataplaneUp(c))) continue;
        const link = network.linkBetween(from, c);
        const partitionedSinceS = link >= 0 ? network.linkPartitionedSinceS[link] : Number.NaN;
        if (!Number.isNaN(partitionedSinceS) && now - partitionedSinceS >= ejectAfterS) continue;
        route.clusters.push(c);
        route.weights.push(ready);
        readyTotal += ready;
      }
      if (readyTotal > 0) {
        for (let i = 0; i < route.weights.length; i++) route.weights[i] /= readyTotal;
        return route;
      }
    }
    // Nowhere healthy: calls fail locally.
    route.clusters.push(from);
    route.weights.push(1);
    return route;
  }

  /**
   * meshRoute with inline ejection: the same locality levels, but a candidate cluster's endpoints
   * count by those in rotation (ready − ejected, RemoteEjections), unless the level is in panic
   * (fewer than minHealthPercent of its endpoints in rotation: all count). A cluster whose
   * endpoints are all ejected drops out of the level, as a partitioned one did after the interval.
   */
  private inlineMeshRoute(mesh: MeshPolicy, ejections: RemoteEjections, service: number, from: number): Route {
    const { network, clusterCount } = this;
    const route = this.meshRouteSlots[service * clusterCount + from];
    route.clusters.length = 0;
    route.weights.length = 0;
    const now = this.sim.now;
    ejections.settle(service, from, now, network, this.readyOf);
    for (const level of mesh.localityOrder) {
      const candidates = level === 'zone' ? this.justCluster[from] : level === 'region' ? network.clustersInRegion[network.regionOfCluster[from]] : this.everyCluster;
      let readyTotal = 0;
      let ejectedTotal = 0;
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k];
        const frozen = this.frozenReady !== null && c !== from;
        const ready = this.readyOf(service, from, c);
        if (ready === 0 || !(frozen ? this.frozenUp![c] === 1 : this.dataplaneUp(c))) continue;
        route.clusters.push(c);
        route.weights.push(ready);
        readyTotal += ready;
        ejectedTotal += Math.min(ready, ejections.ejectedOf(service, from, c));
      }
      const panic = inPanic(readyTotal, ejectedTotal, mesh.outlierDetection.minHealthPercent);
      let inRotation = 0;
      let kept = 0;
      for (let i = 0; i < route.clusters.length; i++) {
        const c = route.clusters[i];
        const w = panic ? route.weights[i] : route.weights[i] - Math.min(route.weights[i], ejections.ejectedOf(service, from, c));
        if (w <= 0) continue;
        route.clusters[kept] = c;
        route.weights[kept] = w;
        kept++;
        inRotation += w;
      }
      route.clusters.length = kept;
      route.weights.length = kept;
      if (inRotation > 0) {
        ejections.routed(service, from, route, inRotation);
        for (let i = 0; i < route.weights.length; i++) route.weights[i] /= inRotation;
        return route;
      }
    }
    ejections.routed(service, from, null, 0);
    route.clusters.push(from);
    route.weights.push(1);
    return route;
  }
}

/** A DNS answer that clients cached before it changed, and when it changed. */
export interface StaleCohort {
  readonly route: Route;
  readonly sinceS: number;
}

/**
 * Where each user region's requests enter the fleet: the answer set (the nearest clusters running
 * its entry service that the global ingress believes healthy, ties within 1 ms shared equally) and,
 * under DNS, the cohort of clients still on the answer before the last change.
 */
export class UserAnswers {
  private readonly sim: Simulator;
  private readonly state: RuntimeState;
  private readonly network: FleetNetwork;
  private readonly ingress: IngressHealth;
  /** Per user region: the service its requests enter. */
  readonly entryService: Int32Array;
  /** Entry services, ascending, each once. */
  readonly entryServices: readonly number[];
  readonly isEntryService: Uint8Array;
  readonly answer: Route[];
  readonly staleCohort: (StaleCohort | null)[];
  /** Per user region: every cluster, nearest first by the users' base RTT (ties by cluster order). */
  private readonly byRtt: Int32Array[];
  /** Scratch: the clusters update() picks. */
  private readonly picked: Int32Array;
  /**
   * Answers do not change (a GSLB whose health checking and steering are down, or DNS not resolving
   * at all): update() leaves them as they are.
   */
  frozen = false;
  /** DNS resolution is down: the answer for new resolutions is empty; cached answers are the stale cohorts. */
  private resolving = true;

  constructor(sim: Simulator, state: RuntimeState, network: FleetNetwork, ingress: IngressHealth, scenario: Scenario, indexByName: ReadonlyMap<string, number>) {
    this.sim = sim;
    this.state = state;
    this.network = network;
    this.ingress = ingress;
    const users = scenario.workload.userRegions;
    this.entryService = Int32Array.from(users, (u) => indexByName.get(u.entryService)!);
    this.entryServices = [...new Set(Array.from(this.entryService))].sort((a, b) => a - b);
    this.isEntryService = new Uint8Array(scenario.workload.services.length);
    for (const e of this.entryServices) this.isEntryService[e] = 1;
    this.answer = Array.from({ length: users.length }, () => ({ clusters: [], weights: [] }));
    this.staleCohort = Array.from({ length: users.length }, () => null);
    const clusterCount = network.clusterCount;
    this.byRtt = users.map((_, u) => Int32Array.from({ length: clusterCount }, (_, c) => c).sort((a, b) => network.userBaseRttMs(u, a) - network.userBaseRttMs(u, b) || a - b));
    this.picked = new Int32Array(clusterCount);
  }

  /** Re-pick the region's answer set; under DNS, clients of an answer that lost a cluster go stale. */
  update(user: number): void {
    if (this.frozen || !this.resolving) return;
    const entry = this.entryService[user];
    const clusterCount = this.network.clusterCount;
    const { state, network } = this;
    const inViewOf = this.ingress.inView;
    const order = this.byRtt[user];
    // Candidates run (or should run) the entry service; those in the ingress's view are preferred,
    // and with none in view DNS and LBs fail open to all. Nearest by the links' base RTT: a degraded
    // link slows the users it carries but does not move the GSLB's answer (latency-based routing
    // works from measurements far coarser than a fault). The clusters are scanned nearest first, so
    // an edge fleet's thousands of clusters cost only the answer's own, and nothing is allocated
    // unless the answer changes.
    let nearestMs = Number.NaN;
    let nearestInViewMs = Number.NaN;
    for (let k = 0; k < clusterCount && Number.isNaN(nearestInViewMs); k++) {
      const c = order[k];
      const group = entry * clusterCount + c;
      if (!(state.desired[group] > 0 || state.ready[group] > 0)) continue;
      if (Number.isNaN(nearestMs)) nearestMs = network.userBaseRttMs(user, c);
      if (inViewOf[group] === 1) nearestInViewMs = network.userBaseRttMs(user, c);
    }
    const anyInView = !Number.isNaN(nearestInViewMs);
    const limitMs = (anyInView ? nearestInViewMs : nearestMs) + NEAR_TIE_MS;
    const picked = this.picked;
    let n = 0;
    for (let k = 0; k < clusterCount; k++) {
      const c = order[k];
      if (!(network.userBaseRttMs(user, c) <= limitMs)) break;
      const group = entry * clusterCount + c;
      if (!(state.desired[group] > 0 || state.ready[group] > 0)) continue;
      if (anyInView && inViewOf[group] !== 1) continue;
      picked[n++] = c;
    }
    // In cluster order, as answers always list them (often already: ties are listed by cluster,
    // and an edge fleet's answer is hundreds of tied clusters, re-picked at every routing change).
    const sorted = picked.subarray(0, n);
    let ascending = true;
    for (let i = 1; i < n && ascending; i++) ascending = sorted[i - 1] < sorted[i];
    if (!ascending) sorted.sort();
    const previous = this.answer[user];
    let same = previous.clusters.length === n;
    for (let i = 0; i < n && same; i++) same = previous.clusters[i] === sorted[i];
    if (same) return;
    const chosen = Array.from(sorted);
    const next = { clusters: chosen, weights: chosen.map(() => 1 / chosen.length) };
    // Clients that cached an answer now missing a cluster keep using it for their TTL (DNS only).
    const removed = previous.clusters.some((c) => !chosen.includes(c));
    if (removed && this.ingress.policy.kind === 'dns' && previous.clusters.length > 0) this.staleCohort[user] = { route: previous, sinceS: this.sim.now };
    this.answer[user] = next;
  }

  /**
   * DNS stops answering (resolving false) or answers again. When it stops, every client of a region
   * holds its cached answer (the current one) for the rest of its TTL plus overshoot, as after an
   * answer change: that is the stale-cohort machinery with the empty answer as the "new" one, so a
   * client whose cache expires fails until DNS is back. A cohort already draining is replaced by
   * the current answer (its clients are counted as holding the current one: a simplification).
   * When it answers again, new resolutions get a fresh answer (update()); clients still on the
   * cached answer keep it until it expires.
   */
  setResolving(resolving: boolean): void {
    if (resolving === this.resolving) return;
    this.resolving = resolving;
    if (resolving) return;
    for (let u = 0; u < this.answer.length; u++) {
      const previous = this.answer[u];
      this.staleCohort[u] = previous.clusters.length > 0 && this.ingress.policy.kind === 'dns' ? { route: previous, sinceS: this.sim.now } : null;
      this.answer[u] = { clusters: [], weights: [] };
    }
  }

  /** Whether DNS answers new resolutions. */
  get resolvingNow(): boolean {
    return this.resolving;
  }

  /** Forget the stale cohort once its last client has refreshed. */
  expireStale(user: number): void {
    const cohort = this.staleCohort[user];
    if (cohort && this.sim.now - cohort.sinceS >= this.ingress.staleHorizonS()) this.staleCohort[user] = null;
  }

  /** Share of the region's clients on the stale answer right now. */
  staleShare(user: number): number {
    const cohort = this.staleCohort[user];
    return cohort ? this.ingress.staleAt(this.sim.now - cohort.sinceS) : 0;
  }
}
