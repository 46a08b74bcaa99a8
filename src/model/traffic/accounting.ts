import { LogHistogram } from '../../engine/stats/logHistogram.js';
import type { Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { IngressHealth } from './ingress.js';
import { breakdownOf, LATENCY_BREAKDOWN_IN_RESULTS, type WeightedBreakdown } from './latencyBreakdown.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import { noFailures, type FailureCounts, type LatencyPart, type TrafficRates } from './rates.js';
import type { UserAnswers } from './routing.js';
import { DEFAULT_MINUTE_AVAILABILITY, MINUTE_S, SloMinutes, minutesWithin, slowShare, type BadMinutes, type MinuteCriterion } from './sloMinutes.js';
import { TrafficTrace, type TraceMark, type TrafficCurve } from './trafficTrace.js';
import type { LatencySummary, TrafficOutcome, UserRegionTraffic } from './types.js';

/**
 * The outcome with the minutes users spent outside the SLO, for user-felt fault recovery (see
 * userRecovery.ts), and the ledger's trace (trafficTrace.ts): failures per burn bucket after warm-up,
 * and the cumulative curve the fault windows are read from. The replication takes both off the outcome.
 */
export type TrafficOutcomeWithMinutes = TrafficOutcome & {
  readonly badMinutes: BadMinutes;
  readonly trace: { readonly failedPerBucket: Float64Array; readonly curve: TrafficCurve };
};

/** Successful requests accumulated on one latency estimate, shifted by one user RTT. */
interface LatencyWeight {
  readonly result: LatencyResult;
  readonly rttS: number;
  weight: number;
  /** Per latency target of `slowFor`: share of this estimate's successes slower than its bound (computed once). */
  slow: Float64Array | null;
  slowFor: MinuteCriterion | null;
  /** Its weight when the day marked `markStamp` started (markDay); an entry made later started the day at 0. */
  markWeight: number;
  markStamp: number;
}

/**
 * What the fluid model accumulates after warm-up: the rates of each evaluation integrated over the
 * interval until the next one (requests, failures by cause, bytes, served requests, error-budget
 * time), and the latency of successful requests as weights on latency estimates.
 */
export class TrafficLedger {
  private readonly rates: TrafficRates;
  private readonly answers: UserAnswers;
  private readonly ingress: IngressHealth;
  private readonly userRegionCount: number;
  private readonly clusterCount: number;
  /** The SLO's availability target (NaN without an SLO: no budget to burn). */
  private readonly sloTarget: number;
  private readonly requests: Float64Array;
  private readonly failed: Float64Array;
  private readonly failedBy: FailureCounts = noFailures();
  private readonly interZoneBytes: Float64Array;
  private readonly interRegionBytes: Float64Array;
  private readonly crossClusterBytes: Float64Array;
  private readonly internetBytes: Float64Array;
  private readonly served: Float64Array;
  private readonly logBytes: Float64Array;
  /** Per cluster: the highest pool utilization seen. */
  readonly peakUtilization: Float64Array;
  private residencyViolations = 0;
  private sloViolationS = 0;
  /** Burn buckets and the cumulative curve (read-only bookkeeping beside the totals). */
  private readonly trace = new TrafficTrace();
  /** Per user region, keyed by (estimate id, RTT in µs). */
  private readonly latencyWeights: Map<number | string, LatencyWeight>[];
  /** Per user region: seconds of [from, to) its stale clients spent on the stale answer (scratch). */
  private readonly staleS: Float64Array;
  /** Every minute judged against the SLO, from t = 0 (warm-up included: faults before it are dropped later). */
  private minutes: SloMinutes;
  /**
   * Per user region, its own minutes judged by the same criterion on its own requests (null
   * without an SLO: there are no minutes outside an SLO to count). A latency target of another
   * region gets no successes from this one, so it judges nothing here.
   */
  private regionMinutes: SloMinutes[] | null;
  /** Per user region: requests and failures of the interval being closed (scratch for the regional judges). */
  private readonly intervalRequests: Float64Array;
  private readonly intervalFailed: Float64Array;
  /** Where the measured window starts: the end of warm-up (reset), 0 without one. */
  private measuredFromS = 0;
  /** End of the last interval added: the horizon once the model has finished. */
  private closedToS = 0;
  // One piece of an interval (pieceTotals' answer, scratch).
  private pieceRequests = 0;
  private pieceFailed = 0;
  /** The same per user region (filled only for the regional judges). */
  private readonly pieceRequestsByRegion: Float64Array;
  private readonly pieceFailedByRegion: Float64Array;
  /**
   * Per user region, per part of its latency mix: the entry of latencyWeights the part added to
   * last, with the part's estimate and RTT then. A part with the same estimate and RTT adds to the
   * same entry, so a mix of hundreds of parts (an edge fleet's answers) costs no key or Map lookup
   * per part and interval while it stays the same.
   */
  private readonly partEntry: (LatencyWeight | null)[][];
  private readonly partResult: (LatencyResult | null)[][];
  private readonly partRttS: number[][];
  /** Per user region: its latency mix compiled into runs of parts that add to one entry (see MixPlan). */
  private readonly plans: MixPlan[];
  /**
   * Hints from the evaluation (its writer): false when every cluster's rate of that kind is 0 until
   * the next evaluation, so that the interval adds nothing to it and its loop is skipped (adding
   * the zeros would leave every sum as it is). True: add it (the default).
   */
  readonly clusterRatesLive = { interZone: true, interRegion: true, crossCluster: true, internet: true, served: true, logBytes: true };
  /** The totals when the last marked day started (markDay), for repeatDay; null: none marked since the last reset. */
  private dayMark: DayMark | null = null;
  private dayStamp = 0;

  constructor(rates: TrafficRates, answers: UserAnswers, ingress: IngressHealth, userRegionCount: number, clusterCount: number, sloTarget: number) {
    this.rates = rates;
    this.answers = answers;
    this.ingress = ingress;
    this.userRegionCount = userRegionCount;
    this.clusterCount = clusterCount;
    this.sloTarget = sloTarget;
    this.requests = new Float64Array(userRegionCount);
    this.failed = new Float64Array(userRegionCount);
    this.interZoneBytes = new Float64Array(clusterCount);
    this.interRegionBytes = new Float64Array(clusterCount);
    this.crossClusterBytes = new Float64Array(clusterCount);
    this.internetBytes = new Float64Array(clusterCount);
    this.served = new Float64Array(clusterCount);
    this.logBytes = new Float64Array(clusterCount);
    this.peakUtilization = new Float64Array(clusterCount);
    this.latencyWeights = Array.from({ length: userRegionCount }, () => new Map());
    this.partEntry = Array.from({ length: userRegionCount }, () => []);
    this.partResult = Array.from({ length: userRegionCount }, () => []);
    this.partRttS = Array.from({ length: userRegionCount }, () => []);
    this.plans = Array.from({ length: userRegionCount }, () => ({ mix: null, length: 0, valid: false, sharesStale: false, shares: new Float64Array(0), runEntry: [], runEnd: [] }));
    this.staleS = new Float64Array(userRegionCount);
    this.intervalRequests = new Float64Array(userRegionCount);
    this.intervalFailed = new Float64Array(userRegionCount);
    this.pieceRequestsByRegion = new Float64Array(userRegionCount);
    this.pieceFailedByRegion = new Float64Array(userRegionCount);
    const criterion: MinuteCriterion = { source: Number.isNaN(sloTarget) ? 'default' : 'slo', availabilityRatio: Number.isNaN(sloTarget) ? DEFAULT_MINUTE_AVAILABILITY : sloTarget, latency: [] };
    this.minutes = new SloMinutes(criterion);
    this.regionMinutes = this.regionJudges(criterion);
  }

  /** Judge minutes by this criterion (the SLO's latency targets too), for all users and, with an SLO, per user region; call before the first interval. */
  judgeMinutesBy(criterion: MinuteCriterion): void {
    this.minutes = new SloMinutes(criterion);
    this.regionMinutes = this.regionJudges(criterion);
  }

  /** One judge per user region with an SLO; none without. */
  private regionJudges(criterion: MinuteCriterion): SloMinutes[] | null {
    return criterion.source === 'slo' ? Array.from({ length: this.userRegionCount }, () => new SloMinutes(criterion)) : null;
  }

  /** Add the interval [fromS, toS) at the current rates (stale DNS shares integrated exactly). */
  close(fromS: number, toS: number): void {
    const dtS = toS - fromS;
    if (dtS <= 0) return;
    const { rates, userRegionCount } = this;
    let requests = 0;
    let failed = 0;
    let anyStale = false;
    const minutes = this.minutes;
    const latencyTargets = minutes.criterion.latency.length > 0;
    const regionMinutes = this.regionMinutes;
    minutes.beginInterval();
    if (regionMinutes !== null) for (const m of regionMinutes) m.beginInterval();
    for (let u = 0; u < userRegionCount; u++) {
      const perS = rates.demandPerS[u];
      const cohort = this.answers.staleCohort[u];
      const staleS = (this.staleS[u] = cohort ? this.ingress.staleIntegral(fromS - cohort.sinceS, toS - cohort.sinceS) : 0);
      const r = perS * dtS;
      const f = perS * ((dtS - staleS) * (1 - rates.successOnAnswer[u]) + staleS * (1 - rates.successOnStale[u]));
      this.requests[u] += r;
      this.failed[u] += f;
      if (staleS > 0) this.failedBy.unroutable += perS * staleS * (1 - rates.successOnStale[u]);
      const succeeded = r - f;
      if (regionMinutes !== null) {
        this.intervalRequests[u] = r;
        this.intervalFailed[u] = f;
        regionMinutes[u].intervalSucceeded = succeeded;
      }
      if (succeeded > 0) this.addLatencyWeights(u, succeeded, latencyTargets);
      if (staleS > 0) anyStale = true;
      requests += r;
      failed += f;
    }
    this.attributeFailures(failed);
    this.trace.add(fromS, toS, requests, failed);
    if (requests > 0 && 1 - failed / requests < this.sloTarget) this.sloViolationS += dtS;
    minutes.intervalSucceeded = requests - failed;
    this.judgeMinutes(fromS, toS, requests, failed, anyStale);
    this.closedToS = toS;
    const live = this.clusterRatesLive;
    if (live.interZone) integrate(this.interZoneBytes, rates.interZoneBytesPerS, dtS);
    if (live.interRegion) integrate(this.interRegionBytes, rates.interRegionBytesPerS, dtS);
    if (live.crossCluster) integrate(this.crossClusterBytes, rates.crossClusterBytesPerS, dtS);
    if (live.internet) integrate(this.internetBytes, rates.internetBytesPerS, dtS);
    if (live.served) integrate(this.served, rates.servedPerS, dtS);
    if (live.logBytes) integrate(this.logBytes, rates.logBytesPerS, dtS);
    this.residencyViolations += rates.residencyViolationsPerS * dtS;
  }

  /**
   * The evaluation rewrote region u's latency mix in place (its array kept, parts or shares changed):
   * its plan no longer holds, or with `sharesOnly` (the same estimates and RTTs, part for part)
   * only its shares must be read again. A new array is noticed without this.
   */
  latencyMixChanged(u: number, sharesOnly = false): void {
    const plan = this.plans[u];
    if (sharesOnly) plan.sharesStale = true;
    else plan.valid = false;
  }

  private addLatencyWeights(u: number, succeeded: number, latencyTargets: boolean): void {
    const mix = this.rates.latencyMix[u];
    const plan = this.plans[u];
    if (!latencyTargets && plan.valid && plan.mix === mix && plan.length === mix.length) {
      // The same additions as part by part below, in the same order, each run's entry held in a local.
      const shares = plan.shares;
      if (plan.sharesStale) {
        for (let i = 0; i < mix.length; i++) shares[i] = mix[i].share;
        plan.sharesStale = false;
      }
      let i = 0;
      for (let r = 0; r < plan.runEntry.length; r++) {
        const entry = plan.runEntry[r];
        const end = plan.runEnd[r];
        let weight = entry.weight;
        for (; i < end; i++) weight += succeeded * shares[i];
        entry.weight = weight;
      }
      return;
    }
    this.addPartByPart(u, succeeded, latencyTargets);
    if (!latencyTargets) this.compilePlan(u, mix);
  }

  /** Region u's plan from its mix and the entries its parts just added to (partEntry). */
  private compilePlan(u: number, mix: readonly LatencyPart[]): void {
    const plan = this.plans[u];
    const entries = this.partEntry[u];
    if (plan.shares.length < mix.length) plan.shares = new Float64Array(mix.length);
    plan.runEntry.length = 0;
    plan.runEnd.length = 0;
    for (let i = 0; i < mix.length; i++) {
      plan.shares[i] = mix[i].share;
      const entry = entries[i]!;
      const last = plan.runEntry.length - 1;
      if (last >= 0 && plan.runEntry[last] === entry) plan.runEnd[last] = i + 1;
      else {
        plan.runEntry.push(entry);
        plan.runEnd.push(i + 1);
      }
    }
    plan.mix = mix;
    plan.length = mix.length;
    plan.valid = true;
    plan.sharesStale = false;
  }

  private addPartByPart(u: number, succeeded: number, latencyTargets: boolean): void {
    const mix = this.rates.latencyMix[u];
    const entries = this.partEntry[u];
    const results = this.partResult[u];
    const rtts = this.partRttS[u];
    for (let i = 0; i < mix.length; i++) {
      const part = mix[i];
      const w = succeeded * part.share;
      let entry = i < entries.length && results[i] === part.result && rtts[i] === part.rttS ? entries[i] : null;
      if (entry !== null) entry.weight += w;
      else {
        entry = this.addToEntry(u, part, w);
        while (entries.length <= i) {
          entries.push(null);
          results.push(null);
          rtts.push(Number.NaN);
        }
        entries[i] = entry;
        results[i] = part.result;
        rtts[i] = part.rttS;
      }
      if (latencyTargets) this.addSlowShares(u, entry, w);
    }
  }

  /** Add `w` successful requests to the entry of region u's weights for this part (created on first use); returns it. */
  private addToEntry(u: number, part: LatencyPart, w: number): LatencyWeight {
    const weights = this.latencyWeights[u];
    // One entry per (latency result, user RTT in µs). The numeric key is exact while the RTT is
    // under 10 s, which real paths are; longer ones (a degraded link can add any delay) get an
    // exact string key instead of colliding with the next result's ids.
    const rttUs = Math.round(part.rttS * 1e6);
    const key: number | string = rttUs >= 0 && rttUs < 1e7 ? part.result.id * 1e7 + rttUs : `${part.result.id}:${rttUs}`;
    let entry = weights.get(key);
    if (entry) entry.weight += w;
    else weights.set(key, (entry = { result: part.result, rttS: part.rttS, weight: w, slow: null, slowFor: null, markWeight: 0, markStamp: -1 }));
    return entry;
  }

  /** Per latency target covering region u: `succeeded` requests on this estimate, and the part of them slower than the bound. */
  private addSlowShares(u: number, entry: LatencyWeight, succeeded: number): void {
    const m = this.minutes;
    const targets = m.criterion.latency;
    if (entry.slowFor !== m.criterion) {
      entry.slow = Float64Array.from(targets, (t) => slowShare(entry.result.points, entry.rttS, t.maxS));
      entry.slowFor = m.criterion;
    }
    const slow = entry.slow!;
    // The regional judges share the criterion, so the shares cached for it hold for them too.
    const own = this.regionMinutes !== null ? this.regionMinutes[u] : null;
    for (let t = 0; t < targets.length; t++) {
      const region = targets[t].userRegion;
      if (region !== -1 && region !== u) continue;
      m.intervalOk[t] += succeeded;
      m.intervalSlow[t] += succeeded * slow[t];
      if (own !== null) {
        own.intervalOk[t] += succeeded;
        own.intervalSlow[t] += succeeded * slow[t];
      }
    }
  }

  /**
   * Hand the interval to the minute judge in minute pieces. At constant rates (no stale DNS cohort)
   * requests and failures are spread evenly over time, so the interval is its first partial minute,
   * a block of whole minutes and its last partial minute; with a stale cohort its failures decay
   * within the interval, so each minute's piece is integrated exactly (such intervals last at most
   * a quarter TTL: the model re-evaluates that often while a cohort drains).
   */
  private judgeMinutes(fromS: number, toS: number, requests: number, failed: number, anyStale: boolean): void {
    const m = this.minutes;
    const regions = this.regionMinutes;
    const first = Math.floor(fromS / MINUTE_S);
    const last = Math.ceil(toS / MINUTE_S) - 1;
    if (last <= first) {
      m.addPiece(first, requests, failed);
      if (regions !== null) for (let u = 0; u < regions.length; u++) regions[u].addPiece(first, this.intervalRequests[u], this.intervalFailed[u]);
      return;
    }
    if (!anyStale) {
      const perS = 1 / (toS - fromS);
      const headS = (first + 1) * MINUTE_S - fromS;
      const wholeS = (last - first - 1) * MINUTE_S;
      const tailS = toS - last * MINUTE_S;
      splitEvenly(m, first, last, headS, wholeS, tailS, perS, requests, failed);
      if (regions !== null) for (let u = 0; u < regions.length; u++) splitEvenly(regions[u], first, last, headS, wholeS, tailS, perS, this.intervalRequests[u], this.intervalFailed[u]);
      return;
    }
    for (let k = first; k <= last; k++) {
      this.pieceTotals(Math.max(fromS, k * MINUTE_S), Math.min(toS, (k + 1) * MINUTE_S));
      m.addPiece(k, this.pieceRequests, this.pieceFailed);
      if (regions !== null) for (let u = 0; u < regions.length; u++) regions[u].addPiece(k, this.pieceRequestsByRegion[u], this.pieceFailedByRegion[u]);
    }
  }

  /** Requests and failures of [fromS, toS) at the current rates, stale clients integrated exactly (as in close). */
  private pieceTotals(fromS: number, toS: number): void {
    const dtS = toS - fromS;
    const rates = this.rates;
    let requests = 0;
    let failed = 0;
    for (let u = 0; u < this.userRegionCount; u++) {
      const perS = rates.demandPerS[u];
      const cohort = this.answers.staleCohort[u];
      const staleS = cohort ? this.ingress.staleIntegral(fromS - cohort.sinceS, toS - cohort.sinceS) : 0;
      const r = perS * dtS;
      const f = perS * ((dtS - staleS) * (1 - rates.successOnAnswer[u]) + staleS * (1 - rates.successOnStale[u]));
      this.pieceRequestsByRegion[u] = r;
      this.pieceFailedByRegion[u] = f;
      requests += r;
      failed += f;
    }
    this.pieceRequests = requests;
    this.pieceFailed = failed;
  }

  /** Attribute the interval's failures outside the stale clients' in proportion to where they arise. */
  private attributeFailures(failed: number): void {
    const perS = this.rates.failuresPerS;
    // timeout last: adding its 0 leaves the sum of designs without timeouts bit for bit as it was.
    const causeTotal = perS.unroutable + perS.deadEndpoint + perS.shed + perS.noReplica + perS.impaired + perS.timeout;
    if (!(causeTotal > 0)) return;
    let staleFailed = 0;
    for (let u = 0; u < this.userRegionCount; u++) {
      if (this.answers.staleCohort[u]) staleFailed += this.rates.demandPerS[u] * this.staleS[u] * (1 - this.rates.successOnStale[u]);
    }
    const rest = Math.max(0, failed - staleFailed);
    this.failedBy.unroutable += (rest * perS.unroutable) / causeTotal;
    this.failedBy.deadEndpoint += (rest * perS.deadEndpoint) / causeTotal;
    this.failedBy.shed += (rest * perS.shed) / causeTotal;
    this.failedBy.noReplica += (rest * perS.noReplica) / causeTotal;
    this.failedBy.impaired += (rest * perS.impaired) / causeTotal;
    this.failedBy.timeout += (rest * perS.timeout) / causeTotal;
  }

  /**
   * Note the totals now (a day starts at `tS`, every interval before it added), so that the day can
   * be repeated once it has been added whole (repeatDay).
   */
  markDay(tS: number): void {
    if (tS !== this.closedToS) throw new RangeError(`markDay at ${tS} s: the ledger is closed to ${this.closedToS} s`);
    const m = (this.dayMark ??= {
      atS: 0,
      requests: new Float64Array(this.userRegionCount),
      failed: new Float64Array(this.userRegionCount),
      failedBy: noFailures(),
      perCluster: this.perClusterTotals().map((a) => new Float64Array(a.length)),
      residencyViolations: 0,
      sloViolationS: 0,
      trace: this.trace.mark(),
    });
    m.atS = tS;
    m.requests.set(this.requests);
    m.failed.set(this.failed);
    Object.assign(m.failedBy, this.failedBy);
    this.perClusterTotals().forEach((a, i) => m.perCluster[i].set(a));
    m.residencyViolations = this.residencyViolations;
    m.sloViolationS = this.sloViolationS;
    m.trace = this.trace.mark();
    const stamp = ++this.dayStamp;
    for (const weights of this.latencyWeights) {
      for (const e of weights.values()) {
        e.markWeight = e.weight;
        e.markStamp = stamp;
      }
    }
  }

  /** When the marked day started (markDay); NaN without a mark. */
  dayMarkS(): number {
    return this.dayMark === null ? Number.NaN : this.dayMark.atS;
  }

  /** Whether the day that ends now, `periodS` long, started at a mark (so repeatDay can copy it). */
  canRepeatDay(periodS: number): boolean {
    return this.dayMark !== null && this.closedToS - this.dayMark.atS === periodS;
  }

  /**
   * The day added since the mark happens again `times` more times, back to back, at the same rates
   * (FluidTraffic calls this only when nothing but the hourly demand changed in it and nothing will
   * until the copies end, so every one of them would add exactly what it added): every total grows
   * by `times` × the day's part, the minutes judged and the trace repeat shifted by the day, and the
   * ledger is closed to the end of the last copy. Peaks, being maxima, stay.
   */
  repeatDay(periodS: number, times: number): void {
    const m = this.dayMark;
    if (m === null || !this.canRepeatDay(periodS)) throw new RangeError('repeatDay: the day did not start at a mark');
    repeatTotals(this.requests, m.requests, times);
    repeatTotals(this.failed, m.failed, times);
    for (const k of Object.keys(this.failedBy) as Array<keyof FailureCounts>) this.failedBy[k] += times * (this.failedBy[k] - m.failedBy[k]);
    this.perClusterTotals().forEach((a, i) => repeatTotals(a, m.perCluster[i], times));
    this.residencyViolations += times * (this.residencyViolations - m.residencyViolations);
    this.sloViolationS += times * (this.sloViolationS - m.sloViolationS);
    for (const weights of this.latencyWeights) {
      for (const e of weights.values()) e.weight += times * (e.weight - (e.markStamp === this.dayStamp ? e.markWeight : 0));
    }
    const fromMinute = m.atS / MINUTE_S;
    const toMinute = this.closedToS / MINUTE_S;
    this.minutes.repeatDay(fromMinute, toMinute, times);
    if (this.regionMinutes !== null) for (const r of this.regionMinutes) r.repeatDay(fromMinute, toMinute, times);
    this.trace.repeatSince(m.trace, periodS, times);
    this.closedToS += times * periodS;
    this.dayMark = null;
  }

  /** The per-cluster totals a day adds to (bytes, served requests, log bytes), in a fixed order. */
  private perClusterTotals(): Float64Array[] {
    return [this.interZoneBytes, this.interRegionBytes, this.crossClusterBytes, this.internetBytes, this.served, this.logBytes];
  }

  /** Forget everything accumulated (the end of warm-up, where the last interval closed); the minutes go on (their grid starts at t = 0). */
  reset(): void {
    this.measuredFromS = this.closedToS;
    this.dayMark = null;
    this.requests.fill(0);
    this.failed.fill(0);
    for (const k of Object.keys(this.failedBy) as Array<keyof FailureCounts>) this.failedBy[k] = 0;
    for (const arr of [this.interZoneBytes, this.interRegionBytes, this.crossClusterBytes, this.internetBytes, this.served, this.logBytes, this.peakUtilization]) arr.fill(0);
    this.residencyViolations = 0;
    this.sloViolationS = 0;
    this.trace.resetBurn();
    for (const weights of this.latencyWeights) weights.clear();
    // The entries the parts added to are gone with them.
    for (let u = 0; u < this.userRegionCount; u++) {
      this.plans[u].valid = false;
      this.partEntry[u].length = 0;
      this.partResult[u].length = 0;
      this.partRttS[u].length = 0;
    }
  }

  /**
   * What users felt over the run. With `breakdown` (and estimates that kept their parts), where the
   * successful requests' time went, hop by hop, weighed like their latency (latencyBreakdown.ts).
   */
  outcome(scenario: Scenario, fleet: Fleet, diagnostics: { evaluations: number; latencyEstimates: number; daysRepeated: number }, breakdown = LATENCY_BREAKDOWN_IN_RESULTS): TrafficOutcomeWithMinutes {
    const all = new LogHistogram();
    const byUserRegion: UserRegionTraffic[] = scenario.workload.userRegions.map((spec, u) => {
      const histogram = new LogHistogram();
      for (const part of this.latencyWeights[u].values()) {
        if (part.weight <= 0) continue;
        const perPoint = part.weight / part.result.points.length;
        for (const x of part.result.points) histogram.add(x + part.rttS, perPoint);
      }
      all.merge(histogram);
      return {
        name: spec.name,
        requests: this.requests[u],
        failedRequests: this.failed[u],
        availability: this.requests[u] > 0 ? 1 - this.failed[u] / this.requests[u] : 1,
        latency: summarize(histogram),
        ...(this.regionMinutes !== null ? { minutesOutsideSlo: this.measuredMinutes(this.regionMinutes[u]), errorBudgetUsedRatio: this.budgetUsed(this.failed[u], this.requests[u]) } : {}),
      };
    });
    let requests = 0;
    let failed = 0;
    for (let u = 0; u < this.userRegionCount; u++) {
      requests += this.requests[u];
      failed += this.failed[u];
    }
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    const budget = (1 - this.sloTarget) * requests;
    const minutesOutsideSlo = this.regionMinutes !== null ? this.measuredMinutes(this.minutes) : undefined;
    const latencyBreakdown = breakdown ? this.latencyBreakdown(scenario) : undefined;
    return {
      requests,
      failedRequests: failed,
      availability: requests > 0 ? 1 - failed / requests : 1,
      failedBy: { ...this.failedBy },
      sloViolationMinutes: this.sloViolationS / 60,
      errorBudgetUsedRatio: budget > 0 ? failed / budget : Number.isNaN(budget) ? Number.NaN : 0,
      ...(minutesOutsideSlo !== undefined ? { minutesOutsideSlo } : {}),
      latency: summarize(all),
      byUserRegion,
      bytes: {
        interZoneBytes: sum(this.interZoneBytes),
        interRegionBytes: sum(this.interRegionBytes),
        internetEgressBytes: sum(this.internetBytes),
        byCluster: fleet.clusters.map((c) => ({
          cluster: c.name,
          interZoneBytes: this.interZoneBytes[c.id],
          interRegionBytes: this.interRegionBytes[c.id],
          crossClusterBytes: this.crossClusterBytes[c.id],
          internetEgressBytes: this.internetBytes[c.id],
        })),
      },
      clusters: fleet.clusters.map((c) => ({
        cluster: c.name,
        peakUtilization: this.peakUtilization[c.id],
        headroom: 1 - this.peakUtilization[c.id],
        requestsServed: this.served[c.id],
        logBytes: this.logBytes[c.id],
      })),
      residencyViolations: this.residencyViolations,
      diagnostics,
      ...(latencyBreakdown !== undefined ? { latencyBreakdown } : {}),
      badMinutes: this.minutes.badMinutes(this.closedToS),
      trace: { failedPerBucket: this.trace.failedPerBucket(), curve: this.trace.curve() },
    };
  }

  /** A judge's minutes outside the SLO in the measured window (warm-up to the last interval closed). */
  private measuredMinutes(m: SloMinutes): number {
    return minutesWithin(m.badMinutes(this.closedToS), this.measuredFromS, this.closedToS);
  }

  /**
   * A user region's share of its own error budget used: its failures over (1 − target) × its
   * requests; null when it had no requests (no budget, nothing to judge). Weighted by the regions'
   * requests these add up to the fleet-wide errorBudgetUsedRatio.
   */
  private budgetUsed(failed: number, requests: number): number | null {
    const budget = (1 - this.sloTarget) * requests;
    return budget > 0 ? failed / budget : null;
  }

  /** Every user region's weighted estimates that kept their parts, in one breakdown. */
  private latencyBreakdown(scenario: Scenario): TrafficOutcome['latencyBreakdown'] {
    const entries: WeightedBreakdown[] = [];
    for (const weights of this.latencyWeights) {
      for (const part of weights.values()) {
        const b = part.result.breakdown;
        if (b !== undefined && part.weight > 0) entries.push({ points: part.result.points, rttS: part.rttS, weight: part.weight, breakdown: b });
      }
    }
    return breakdownOf(scenario.workload.services.map((s) => s.name), entries);
  }
}

/**
 * A region's latency mix as the ledger adds it at each interval while the mix stays the same: the
 * parts' shares, and runs of consecutive parts that add to the same entry (an edge fleet's answer
 * of 300 clusters with one estimate and RTT is one run), each run's end index exclusive.
 */
interface MixPlan {
  mix: readonly LatencyPart[] | null;
  length: number;
  valid: boolean;
  /** The parts are the plan's but their shares changed: read them again before adding. */
  sharesStale: boolean;
  shares: Float64Array;
  readonly runEntry: LatencyWeight[];
  readonly runEnd: number[];
}

/**
 * An interval at constant rates handed to a judge: its head piece (headS seconds in minute `first`),
 * its whole minutes (first + 1 … last − 1, wholeS seconds) and its tail (tailS in minute `last`),
 * each its share of the interval's requests and failures (perS = 1 / the interval's length).
 */
function splitEvenly(m: SloMinutes, first: number, last: number, headS: number, wholeS: number, tailS: number, perS: number, requests: number, failed: number): void {
  m.addPiece(first, requests * headS * perS, failed * headS * perS);
  m.addWholeMinutes(first + 1, last, requests * wholeS * perS, failed * wholeS * perS);
  m.addPiece(last, requests * tailS * perS, failed * tailS * perS);
}

/** The totals of a day's start (TrafficLedger.markDay). */
interface DayMark {
  atS: number;
  readonly requests: Float64Array;
  readonly failed: Float64Array;
  readonly failedBy: FailureCounts;
  readonly perCluster: Float64Array[];
  residencyViolations: number;
  sloViolationS: number;
  trace: TraceMark;
}

/** Each total grows by `times` × what it gained since its mark. */
function repeatTotals(totals: Float64Array, mark: Float64Array, times: number): void {
  for (let i = 0; i < totals.length; i++) totals[i] += times * (totals[i] - mark[i]);
}

/** Add each cluster's rate × dtS to its total. */
function integrate(totals: Float64Array, perS: Float64Array, dtS: number): void {
  for (let c = 0; c < totals.length; c++) totals[c] += perS[c] * dtS;
}

function summarize(h: LogHistogram): LatencySummary {
  return { p50S: h.quantile(0.5), p95S: h.quantile(0.95), p99S: h.quantile(0.99), meanS: h.mean(), histogram: h.toJSON() };
}
