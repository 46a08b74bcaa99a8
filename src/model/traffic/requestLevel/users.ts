import type { RandomStream } from '../../../engine/rng.js';
import type { Scenario } from '../../../scenario/types.js';
import { hourlyFactor, spikeFactorAt } from '../demand.js';
import { pickCluster, type Route } from '../routing.js';
import { Hop } from './hop.js';
import { backoffS, type Cause, type HopPolicy } from './policy.js';
import type { Spillover } from './spillover.js';
import type { RequestTally } from './tally.js';
import { PART_NETWORK, PART_RETRIES, PARTS } from '../latencyBreakdown.js';
import type { Parts, RequestWorld } from './world.js';

/**
 * The retry condition a failure answers to at the client: one that reached no server fails like a
 * refused connection (the fluid model's clientRetries.ts CLIENT_RETRY_CONDITION).
 */
const CLIENT_RETRY_CONDITION: Readonly<Record<Cause, Cause>> = {
  unroutable: 'deadEndpoint',
  deadEndpoint: 'deadEndpoint',
  noReplica: 'deadEndpoint',
  shed: 'shed',
  impaired: 'impaired',
  timeout: 'timeout',
};

export interface UserOptions {
  readonly arrivals: readonly RandomStream[];
  readonly horizonS: number;
  readonly warmupS: number;
  /** Users' own retries (designs[].traffic.clientRetries); NO_RETRIES: none. */
  readonly client: HopPolicy;
  /** anycast: a user's retry reaches the same cluster; DNS: a fresh pick among the cached answer. */
  readonly sticky: boolean;
  readonly spillover: Spillover | null;
}

/**
 * Users' requests: Poisson arrivals per user region at the region's rate of the hour (diurnal
 * factor, spikes), each a client request. A client attempt is routed as the fluid model routes
 * (DNS answer or a stale cached one, anycast, spill-over), is refused when the cluster's data plane
 * is down or the user's link or entry dependencies fail it (cause `unroutable`), and is otherwise
 * the ingress's hop into the entry service of that cluster (with its retries). Its answer reaches
 * the user one user round trip later (the user's RTT is folded in at the end: what the user waits).
 * With clientRetries a failed attempt whose cause the policy retries is sent again after the
 * policy's backoff, with its per-try and overall timeouts as at any hop; as in the fluid model
 * (clientRetries.ts) a DNS client picks again among its cached answer (the same answer, fresh or
 * stale, drawn again by its weights) and an anycast user reaches the same cluster, and a request
 * that reached no server (`unroutable`, `noReplica`) is retried as a `deadEndpoint` (a refused
 * connection). Every attempt's answer, failures included, reaches the user one user RTT after the
 * cluster gave it. A request's latency is from its first send to its success.
 */
export class UserRequests {
  private readonly w: RequestWorld;
  private readonly scenario: Scenario;
  private readonly opts: UserOptions;
  private readonly tally: RequestTally;
  private readonly arrivers: (() => void)[];

  constructor(w: RequestWorld, scenario: Scenario, tally: RequestTally, opts: UserOptions) {
    this.w = w;
    this.scenario = scenario;
    this.tally = tally;
    this.opts = opts;
    this.arrivers = scenario.workload.userRegions.map((_, u) => () => this.arrive(u));
    scenario.workload.userRegions.forEach((_, u) => this.scheduleNext(u));
  }

  private scheduleNext(u: number): void {
    const spec = this.scenario.workload.userRegions[u];
    const now = this.w.timers.now;
    const rate = spec.ratePerS * hourlyFactor(now, spec.diurnal) * spikeFactorAt(now, spec.spikes);
    if (rate <= 0) return;
    const gap = -Math.log(1 - this.opts.arrivals[u].next()) / rate;
    if (now + gap < this.opts.horizonS) this.w.steps.userArrival.after(gap, this.arrivers[u]);
  }

  private arrive(u: number): void {
    this.scheduleNext(u);
    new ClientRequest(this.w, u, this.opts, this.tally, this.w.timers.now >= this.opts.warmupS).start();
  }
}

class ClientRequest {
  private readonly w: RequestWorld;
  private readonly u: number;
  private readonly opts: UserOptions;
  private readonly tally: RequestTally;
  private readonly measured: boolean;
  private readonly startS: number;
  private attempts = 0;
  private cluster = -1;
  private cachedRoute: Route | null = null;
  private done = false;
  private current: { live: boolean; sentS: number } | null = null;
  private perTryTimer = -1;
  private overallTimer = -1;

  constructor(w: RequestWorld, u: number, opts: UserOptions, tally: RequestTally, measured: boolean) {
    this.w = w;
    this.u = u;
    this.opts = opts;
    this.tally = tally;
    this.measured = measured;
    this.startS = w.timers.now;
  }

  start(): void {
    const T = this.opts.client.timeoutS;
    if (T < Number.POSITIVE_INFINITY) {
      this.overallTimer = this.w.timers.after(T, () => {
        this.overallTimer = -1;
        this.end(false, 'timeout', null);
      });
    }
    if (this.opts.client.budgetRatio !== undefined) this.w.budget.first(this.budgetKey(), this.w.timers.now);
    this.attempt();
  }

  /** Client retries' budget per user region, after the pools' keys. */
  private budgetKey(): number {
    return this.w.policyInto.length * this.w.clusterCount + this.u;
  }

  private attempt(): void {
    const w = this.w;
    const u = this.u;
    this.attempts++;
    const c = this.attempts === 1 ? this.route() : this.opts.sticky ? this.cluster : this.pickAgain();
    this.cluster = c;
    const attempt = { live: true, sentS: w.timers.now };
    this.current = attempt;
    const T = this.opts.client.perTryTimeoutS;
    if (T < Number.POSITIVE_INFINITY) {
      this.perTryTimer = w.timers.after(T, () => {
        this.perTryTimer = -1;
        if (!attempt.live) return;
        attempt.live = false;
        this.failed('timeout');
      });
    }
    if (c < 0) return this.answer(attempt, false, 'unroutable', 0, null);
    const rttS = w.fluid.userRttS(u, c) + w.fluid.activeImpairments.ingressExtraLatencyS[c];
    if (!w.dataplaneUp(c)) return this.answer(attempt, false, 'unroutable', rttS, null);
    // A cut or lossy user link, an expired certificate, a dependency failing requests at the entry:
    // drawn only when something does (a healthy fleet draws nothing here).
    const pass = w.fluid.userPassRatio(u, c) * w.fluid.userEntryPass();
    if (pass < 1 && w.rng.next() >= pass) return this.answer(attempt, false, 'unroutable', rttS, null);
    new Hop(w, w.fluid.entryOf(u), c, 0, (ok, cause, parts) => this.answer(attempt, ok, cause, rttS, parts)).start();
  }

  private route(): number {
    const w = this.w;
    const routing = w.fluid.userRouting(this.u);
    const route = routing.staleRoute !== null && w.rng.next() < routing.staleShare ? routing.staleRoute : routing.route;
    this.cachedRoute = route;
    const nearest = pickCluster(route, w.rng.next());
    const spill = this.opts.spillover;
    return spill !== null && nearest >= 0 ? spill.pick(this.u, w.fluid.entryOf(this.u), nearest) : nearest;
  }

  /** A DNS client's retry: its cached answer, drawn again (spill-over does not apply: DNS has none). */
  private pickAgain(): number {
    return this.cachedRoute === null ? -1 : pickCluster(this.cachedRoute, this.w.rng.next());
  }

  private answer(attempt: { live: boolean; sentS: number }, ok: boolean, cause: Cause, rttS: number, parts: Parts | null): void {
    const back = () => {
      if (!attempt.live) return;
      attempt.live = false;
      this.w.timers.cancel(this.perTryTimer);
      this.perTryTimer = -1;
      if (!ok) return this.failed(cause);
      // The entry hop's network is the user's round trip; its retries the client's failed attempts and pauses.
      if (parts !== null) {
        const e = this.w.fluid.entryOf(this.u) * PARTS;
        parts[e + PART_NETWORK] += rttS;
        parts[e + PART_RETRIES] += attempt.sentS - this.startS;
      }
      this.end(true, cause, parts);
    };
    if (rttS > 0) this.w.steps.callReturned.after(rttS, back);
    else back();
  }

  private failed(cause: Cause): void {
    if (this.done) return;
    const p = this.opts.client;
    const w = this.w;
    if (p.retryOn.has(CLIENT_RETRY_CONDITION[cause]) && this.attempts < p.attempts && (p.budgetRatio === undefined || w.budget.tryRetry(this.budgetKey(), p.budgetRatio, w.timers.now))) {
      w.timers.after(backoffS(p, this.attempts, w.rng.next()), () => {
        if (!this.done) this.attempt();
      });
      return;
    }
    this.end(false, cause, null);
  }

  private end(ok: boolean, cause: Cause, parts: Parts | null): void {
    if (this.done) return;
    this.done = true;
    if (this.current !== null) this.current.live = false;
    this.w.timers.cancel(this.perTryTimer);
    this.w.timers.cancel(this.overallTimer);
    if (!this.measured) return;
    if (ok) this.tally.succeeded(this.u, this.w.timers.now - this.startS, this.w.timers.now, parts);
    else this.tally.failedWith(this.u, cause);
  }
}
