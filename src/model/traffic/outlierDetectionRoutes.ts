import type { OutlierDetectionSpec } from '../../scenario/types.js';
import type { FleetNetwork } from './network.js';
import { countFailures, ejectIfDue, failingHosts, inlineEjectionDelayS, maxEjectableHosts, nextChangeS, returnIfDue, successRateOutliers, type FailingHosts } from './outlierDetection.js';

/** Ready endpoints of `service` in cluster `c` as the proxies of cluster `from` know them. */
export type ReadyOf = (service: number, from: number, c: number) => number;

/** The endpoints of one remote cluster as the proxies of one caller cluster see them. */
interface RemoteHosts extends FailingHosts {
  readonly to: number;
  /** Share of the calls to them that fail: 1 across a partition, the pool's error ratio when impaired, 0 once well. */
  errorRatio: number;
  /** When they started failing. */
  readonly sinceS: number;
  /** Their endpoints in rotation in the last route (0: not in it). */
  inRotation: number;
  /** Calls per second reaching each of them, as of the last evaluation. */
  attemptsPerHostS: number;
  countedToS: number;
}

/**
 * Inline (Envoy) outlier ejection of remote endpoints in mesh routes (CallRoutes): per caller
 * cluster and callee service, the clusters whose endpoints fail calls from it (a partitioned link:
 * every call; an impaired pool: its error ratio) are ejected on a run of consecutive5xx errors
 * (attemptsToConsecutiveErrors ÷ calls per endpoint per second) or, when `successRate` is set, at
 * an interval tick where their success rate is an outlier among the endpoints the route uses; at
 * most maxEjectionPercent of the service's endpoints (at least one); back after baseEjectionTime ×
 * times ejected. The proxies of a caller cluster are taken as one detector (docs/traffic/outlier-detection.md).
 */
export class RemoteEjections {
  private readonly detection: OutlierDetectionSpec;
  private readonly clusterCount: number;
  /** Per group (callee service × clusterCount + caller cluster): calls per second from the caller cluster; null: unknown. */
  callsPerS: Float64Array | null = null;
  /** Per group (service × clusterCount + cluster): the pool's error ratio; null: impairments not seen. */
  errorRatio: Float64Array | null = null;
  /** Per group (service × clusterCount + caller cluster): its failing remote clusters. */
  private readonly pools: RemoteHosts[][];
  /** Per group: endpoints in rotation in its last route. */
  private readonly routeHosts: Float64Array;
  /** Per group: index of the last success-rate interval tick seen (NaN: none yet). */
  private readonly lastTick: Float64Array;

  constructor(detection: OutlierDetectionSpec, clusterCount: number, serviceCount: number) {
    this.detection = detection;
    this.clusterCount = clusterCount;
    this.pools = Array.from({ length: serviceCount * clusterCount }, () => []);
    this.routeHosts = new Float64Array(serviceCount * clusterCount);
    this.lastTick = new Float64Array(serviceCount * clusterCount).fill(Number.NaN);
  }

  /** Endpoints of `service` in cluster `c` that the proxies of `from` have ejected now. */
  ejectedOf(service: number, from: number, c: number): number {
    for (const h of this.pools[service * this.clusterCount + from]) if (h.to === c) return h.ejected;
    return 0;
  }

  /**
   * Bring the caller cluster's view of the service to `nowS`: note clusters that started failing,
   * count failures at the last evaluation's rates, return hosts whose ejection is over, run a
   * success-rate sweep if an interval tick passed, eject those due while slots last.
   */
  settle(service: number, from: number, nowS: number, network: FleetNetwork, readyOf: ReadyOf): void {
    const C = this.clusterCount;
    const group = service * C + from;
    const list = this.pools[group];
    let hostsTotal = 0;
    for (let c = 0; c < C; c++) {
      const ready = readyOf(service, from, c);
      hostsTotal += ready;
      const e = this.failingRatio(service, from, c, network);
      let h = list.find((x) => x.to === c);
      if (h === undefined && e > 0 && ready > 0) {
        h = { ...failingHosts(ready), to: c, errorRatio: e, sinceS: nowS, inRotation: 0, attemptsPerHostS: 0, countedToS: nowS };
        list.push(h);
      }
      if (h === undefined) continue;
      countFailures(h, nowS - h.countedToS, this.delayS(h));
      h.countedToS = nowS;
      h.errorRatio = e;
      h.hosts = ready;
      h.ejected = Math.min(h.ejected, ready);
    }
    for (const h of list) returnIfDue(h, nowS);
    this.successRateSweep(group, nowS);
    let slots = maxEjectableHosts(hostsTotal, this.detection.maxEjectionPercent);
    for (const h of list) slots -= h.ejected;
    for (const h of list) if (h.errorRatio > 0) slots -= ejectIfDue(h, nowS, slots, this.detection.baseEjectionTimeS);
    // Well again and back in rotation: forget them (their ejection count starts afresh next time).
    for (let i = list.length - 1; i >= 0; i--) if ((list[i].errorRatio === 0 || list[i].hosts === 0) && list[i].ejected === 0) list.splice(i, 1);
  }

  /** The route just built for the group (null: none), with its endpoints in rotation (weights before normalizing). */
  routed(service: number, from: number, route: { clusters: number[]; weights: number[] } | null, inRotation: number): void {
    const group = service * this.clusterCount + from;
    this.routeHosts[group] = inRotation;
    for (const h of this.pools[group]) {
      const i = route === null ? -1 : route.clusters.indexOf(h.to);
      h.inRotation = i < 0 ? 0 : route!.weights[i];
    }
  }

  /**
   * After an evaluation: settle every group that has failing remote clusters, take the
   * evaluation's call rates (each endpoint in rotation gets the group's calls ÷ its endpoints in
   * rotation), and find the next ejection, return or success-rate sweep that matters.
   */
  nextChangeS(nowS: number, network: FleetNetwork, readyOf: ReadyOf): number {
    const C = this.clusterCount;
    const detection = this.detection;
    let next = Number.POSITIVE_INFINITY;
    for (let g = 0; g < this.pools.length; g++) {
      const list = this.pools[g];
      if (list.length === 0) continue;
      const service = Math.floor(g / C);
      const from = g - service * C;
      this.settle(service, from, nowS, network, readyOf);
      let hostsTotal = 0;
      for (let c = 0; c < C; c++) hostsTotal += readyOf(service, from, c);
      let ejected = 0;
      for (const h of list) ejected += h.ejected;
      const slotFree = ejected < maxEjectableHosts(hostsTotal, detection.maxEjectionPercent);
      const perHostS = this.callsPerS !== null && this.routeHosts[g] > 0 ? this.callsPerS[g] / this.routeHosts[g] : 0;
      let sweepMatters = false;
      for (const h of list) {
        h.attemptsPerHostS = h.inRotation > 0 ? perHostS : 0;
        const t = nextChangeS(h, nowS, h.errorRatio > 0 ? this.delayS(h) : Number.POSITIVE_INFINITY, slotFree);
        if (t > nowS) next = Math.min(next, t);
        if (h.errorRatio > 0 && h.inRotation > 0 && slotFree) sweepMatters = true;
      }
      if (sweepMatters && detection.successRate !== undefined) next = Math.min(next, (Math.floor(nowS / detection.intervalS + 1e-9) + 1) * detection.intervalS);
    }
    return next;
  }

  /** Share of calls from `from` to the service's endpoints in `c` that fail: 1 across a partitioned link, else the pool's error ratio. */
  private failingRatio(service: number, from: number, c: number, network: FleetNetwork): number {
    if (c !== from) {
      const link = network.linkBetween(from, c);
      if (link >= 0 && !Number.isNaN(network.linkPartitionedSinceS[link])) return 1;
    }
    return this.errorRatio === null ? 0 : this.errorRatio[service * this.clusterCount + c];
  }

  /**
   * Seconds of failing from a reset counter to the ejecting run of errors. Without call rates (not
   * wired) a partitioned cluster is taken out after one interval, as `ejection: interval` does.
   */
  private delayS(h: RemoteHosts): number {
    if (this.callsPerS === null) return h.errorRatio >= 1 ? this.detection.intervalS : Number.POSITIVE_INFINITY;
    return inlineEjectionDelayS(this.detection.consecutive5xx, h.errorRatio, h.attemptsPerHostS);
  }

  /**
   * Envoy's success-rate sweep at an interval tick (every intervalS from time 0): over the
   * endpoints the group's route used, with at least requestVolume calls each in the interval and
   * at least minimumHosts of them, those failing since before the tick whose success rate is an
   * outlier are due for ejection.
   */
  private successRateSweep(group: number, nowS: number): void {
    const sr = this.detection.successRate;
    if (sr === undefined) return;
    const intervalS = this.detection.intervalS;
    const tick = Math.floor(nowS / intervalS + 1e-9);
    const last = this.lastTick[group];
    this.lastTick[group] = tick;
    if (Number.isNaN(last) || tick <= last) return;
    const list = this.pools[group];
    const routeHosts = this.routeHosts[group];
    if (this.callsPerS === null || routeHosts <= 0) return;
    if ((this.callsPerS[group] / routeHosts) * intervalS < sr.requestVolume) return;
    const tickS = tick * intervalS;
    const failing = list.filter((h) => h.errorRatio > 0 && h.inRotation > 0 && h.sinceS < tickS - 1e-9);
    if (failing.length === 0) return;
    let failingHostsInRoute = 0;
    for (const h of failing) failingHostsInRoute += h.inRotation;
    const groups = [...failing.map((h) => ({ hosts: h.inRotation, successRatio: 1 - h.errorRatio })), { hosts: Math.max(0, routeHosts - failingHostsInRoute), successRatio: 1 }];
    const outliers = successRateOutliers(groups, sr.minimumHosts, sr.stdevFactor);
    failing.forEach((h, i) => {
      if (outliers[i]) h.progress = Math.max(h.progress, 1);
    });
  }
}
