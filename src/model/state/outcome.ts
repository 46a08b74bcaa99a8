import type { Distribution } from '../../engine/distributions.js';
import type { ClientRoute } from './clientRoutes.js';
import { CommitMixture } from './commitMixture.js';
import type { DatastoreOutcome, FailoverRecord } from './types.js';

/**
 * What one store measures after the warm-up: read and write demand and the part of it served, the
 * commit-latency mixture, log bytes shipped to members (by region pair) and the largest lag seen.
 * Demand is weighted by the clients' request rates, so an outage at the daily peak weighs more.
 */
export class StoreAccounts {
  private writeDemand = 0;
  private writeServed = 0;
  private readDemand = 0;
  private readServed = 0;
  private replicationBytes = 0;
  /** Served reads × the answering member's lag, for the mean staleness. */
  private staleReadS = 0;
  private readonly interRegion = new Map<string, number>();
  private readonly commit: CommitMixture;
  maxLagS = 0;

  private readonly commitTime: Distribution;

  constructor(commitTime: Distribution) {
    this.commitTime = commitTime;
    this.commit = new CommitMixture(commitTime);
  }

  /** New accounts for the same store, with nothing counted. */
  empty(): StoreAccounts {
    return new StoreAccounts(this.commitTime);
  }

  /** Add what `other` counted, `times` times over (a day that repeats); the largest lag is the larger. */
  addTimes(other: StoreAccounts, times: number): void {
    this.writeDemand += times * other.writeDemand;
    this.writeServed += times * other.writeServed;
    this.readDemand += times * other.readDemand;
    this.readServed += times * other.readServed;
    this.replicationBytes += times * other.replicationBytes;
    this.staleReadS += times * other.staleReadS;
    for (const [k, bytes] of other.interRegion) this.interRegion.set(k, (this.interRegion.get(k) ?? 0) + times * bytes);
    this.commit.addTimes(other.commit, times);
    if (other.maxLagS > this.maxLagS) this.maxLagS = other.maxLagS;
  }

  /** One stretch of `dtS` seconds at constant service rates `rates` and routes; `lagOf(m)`: member m's mean lag over the stretch. */
  addDemand(routes: readonly ClientRoute[], rates: Float64Array, dtS: number, lagOf: (m: number) => number): void {
    for (const r of routes) {
      const w = r.share * rates[r.service] * dtS;
      if (w === 0) continue;
      if (r.writes > 0) {
        this.writeDemand += r.writes * w;
        if (r.write.target >= 0) {
          this.writeServed += r.writes * w;
          this.commit.add(r.write.networkS, r.writes * w);
        }
      }
      if (r.reads > 0) {
        this.readDemand += r.reads * w;
        const served = r.reads * w * (1 - r.read.failShare);
        this.readServed += served;
        if (r.read.member >= 0 && served > 0) this.staleReadS += served * lagOf(r.read.member);
      }
    }
  }

  addReplication(fromRegion: string, toRegion: string, bytes: number): void {
    if (!(bytes > 0)) return;
    this.replicationBytes += bytes;
    if (fromRegion === toRegion) return;
    const key = `${fromRegion}\u0000${toRegion}`;
    this.interRegion.set(key, (this.interRegion.get(key) ?? 0) + bytes);
  }

  outcome(name: string, kind: string, failovers: FailoverRecord[], memberHours: number): DatastoreOutcome {
    return {
      name,
      kind,
      writeAvailableRatio: this.writeDemand > 0 ? this.writeServed / this.writeDemand : 1,
      readAvailableRatio: this.readDemand > 0 ? this.readServed / this.readDemand : 1,
      commitLatencyS: { mean: this.commit.mean(), p50: this.commit.quantile(0.5), p99: this.commit.quantile(0.99) },
      failovers,
      replicationBytes: this.replicationBytes,
      interRegionReplicationBytes: [...this.interRegion.entries()]
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([k, bytes]) => {
          const [fromRegion, toRegion] = k.split('\u0000');
          return { fromRegion, toRegion, bytes };
        }),
      maxLagS: this.maxLagS,
      readStalenessS: this.readServed > 0 ? this.staleReadS / this.readServed : 0,
      memberHours,
    };
  }
}
