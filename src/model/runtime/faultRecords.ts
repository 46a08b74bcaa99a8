import type { FaultEpisode, FaultKind } from '../faults/schedule.js';

/**
 * What one fault did, as an operator's timeline: when it started and cleared, when the fleet noticed,
 * when traffic stopped going to what it broke, and when full capacity was back. Times are absolute
 * seconds; NaN means "did not happen" (see `notes` in docs/failures.md for each kind's definitions).
 */
export interface FaultRecord {
  readonly id: number;
  readonly kind: FaultKind;
  readonly target: string;
  readonly source: 'scripted' | 'stochastic';
  /** The change stream, shared dependency or incident that produced the fault; undefined: none. */
  readonly origin: string | undefined;
  readonly startS: number;
  readonly endS: number;
  detectedS: number;
  failedOverS: number;
  recoveredS: number;
  /** Services whose ready replicas dropped when the fault struck. */
  readonly affectedServices: readonly number[];
  /** Pods that stopped serving at the start (fleet-wide ready count drop). */
  readonly podsLost: number;
  /** True if the run ended before the fault's effects were undone. */
  censored: boolean;
  /**
   * When users first felt the fault: the start of the first minute outside the SLO in its impact
   * window, or its start if later (docs/failures.md); NaN when they never noticed or without traffic.
   */
  usersHitS: number;
  /**
   * When users were back within the SLO and stayed there (user-felt recovery, docs/failures.md):
   * the start when users never noticed; NaN without the traffic model or when `usersCensored`.
   */
  usersBackS: number;
  /**
   * Seconds users spent outside the SLO because of the fault: the bad-minute runs from the first
   * (at usersHitS) to the last one meeting its impact window, summed; the good minutes between a
   * first impact and a relapse (Karmada purging moved replicas when an API returns) do not count.
   * 0 when users never noticed; NaN without traffic; up to the horizon when censored.
   */
  usersOutS: number;
  /** True if users were still outside the SLO when the run ended. */
  usersCensored: boolean;
}

/** Fault kinds that can take a cluster's API down, so that Karmada's view of the cluster is about them. */
const CLUSTER_LEVEL = new Set<FaultKind>(['cluster', 'region', 'controlPlane', 'etcdMember', 'etcdLeader']);

interface OpenRecord {
  readonly record: FaultRecord;
  /** Nodes the fault took down that are not yet NotReady. */
  readonly nodesPending: Set<number>;
  readonly clusters: Set<number>;
  /** Waiting for the API of its cluster to accept writes again (etcd, control-plane faults). */
  waitsApi: boolean;
  /** Recovers when the fault ends (a bad change rolled back, a dependency back): nothing else heals it. */
  readonly waitsEnd: boolean;
  ended: boolean;
}

/**
 * Builds fault records as the replication runs. A record stays open until it is recovered and no
 * detection is still expected (its nodes were marked NotReady, or the fault ended first).
 */
export class FaultRecorder {
  readonly records: FaultRecord[] = [];
  private open: OpenRecord[] = [];

  /**
   * `apiLost`: the fault left its cluster's API unable to write (etcd and control-plane faults).
   * `lastsToEnd`: the fault acts on requests (a bad change, a brownout, a dependency) and is healed
   * only by its end, not by capacity coming back.
   * With no capacity lost, no API lost and nothing lasting, the fault had no impact: recovered at once.
   */
  start(ep: FaultEpisode, affectedServices: number[], podsLost: number, nodesDowned: number[], clusters: number[], apiLost: boolean, lastsToEnd = false): void {
    const rec: FaultRecord = {
      id: ep.id,
      kind: ep.kind,
      target: ep.targetName,
      source: ep.source,
      origin: ep.origin,
      startS: ep.startS,
      endS: ep.endS,
      detectedS: Number.NaN,
      failedOverS: Number.NaN,
      recoveredS: affectedServices.length === 0 && !apiLost && !lastsToEnd ? ep.startS : Number.NaN,
      affectedServices,
      podsLost,
      censored: false,
      usersHitS: Number.NaN,
      usersBackS: Number.NaN,
      usersOutS: Number.NaN,
      usersCensored: false,
    };
    this.records.push(rec);
    this.open.push({ record: rec, nodesPending: new Set(nodesDowned), clusters: new Set(clusters), waitsApi: apiLost, waitsEnd: lastsToEnd, ended: false });
    this.prune();
  }

  /** A node was marked NotReady: its dead endpoints are gone. */
  nodeNotReady(node: number, nowS: number): void {
    for (const o of this.open) {
      if (!o.nodesPending.delete(node)) continue;
      if (Number.isNaN(o.record.detectedS)) o.record.detectedS = nowS;
      if (o.nodesPending.size === 0 && Number.isNaN(o.record.failedOverS)) o.record.failedOverS = nowS;
    }
    this.prune();
  }

  /** Karmada marked the cluster NotReady: this detects faults that took its API down, not node faults. */
  clusterNotReady(cluster: number, nowS: number): void {
    for (const o of this.open) if (CLUSTER_LEVEL.has(o.record.kind) && o.clusters.has(cluster) && Number.isNaN(o.record.detectedS)) o.record.detectedS = nowS;
  }

  clusterFailedOver(cluster: number, nowS: number): void {
    for (const o of this.open) if (CLUSTER_LEVEL.has(o.record.kind) && o.clusters.has(cluster) && Number.isNaN(o.record.failedOverS)) o.record.failedOverS = nowS;
  }

  /** The cluster's API accepts writes again (etcd leader elected with quorum, control plane back). */
  apiWritable(cluster: number, nowS: number): void {
    for (const o of this.open) {
      if (!o.waitsApi || !o.clusters.has(cluster)) continue;
      o.waitsApi = false;
      const r = o.record;
      if (Number.isNaN(r.failedOverS)) r.failedOverS = nowS;
      if (Number.isNaN(r.recoveredS) && r.affectedServices.length === 0) r.recoveredS = nowS;
    }
    this.prune();
  }

  /** Some service is back at its required ready count: complete the records it was holding open. */
  capacityRestored(isRestored: (service: number) => boolean, nowS: number): void {
    for (const o of this.open) {
      const r = o.record;
      if (!Number.isNaN(r.recoveredS) || o.waitsApi || o.waitsEnd || r.affectedServices.length === 0) continue;
      if (r.affectedServices.every(isRestored)) r.recoveredS = nowS;
    }
    this.prune();
  }

  hasOpen(): boolean {
    return this.open.length > 0;
  }

  /** The fault cleared: no more NotReady detections will come for its nodes. */
  ended(id: number): void {
    for (const o of this.open) {
      if (o.record.id !== id) continue;
      o.ended = true;
      o.nodesPending.clear();
      if (o.waitsEnd && Number.isNaN(o.record.recoveredS)) o.record.recoveredS = o.record.endS;
    }
    this.prune();
  }

  /** End of the run: whatever has not recovered is censored. */
  finish(): void {
    for (const o of this.open) if (Number.isNaN(o.record.recoveredS)) o.record.censored = true;
    this.open = [];
  }

  private prune(): void {
    const done = (o: OpenRecord) => !Number.isNaN(o.record.recoveredS) && (o.ended || o.nodesPending.size === 0);
    if (this.open.some(done)) this.open = this.open.filter((o) => !done(o));
  }
}
