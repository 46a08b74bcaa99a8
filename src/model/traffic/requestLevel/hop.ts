import { backoffS, type Cause, type HopPolicy } from './policy.js';
import { PART_NETWORK, PART_RETRIES, PARTS } from '../latencyBreakdown.js';
import type { Outcome, Parts, RequestWorld } from './world.js';

/** An attempt in flight; `live` turns false when its answer arrives or the caller gives up on it. */
interface Attempt {
  live: boolean;
  /** When it was sent (the time before it is the hop's retries, for the latency breakdown). */
  sentS: number;
}

/**
 * One service hop: a caller (the ingress in front of the entry service, or a task's sidecar) sends
 * a request into `service` in cluster `to` and applies the policy of calls into that service
 * (semantics §1–§3):
 * - an attempt meets a dead endpoint with the pool's dead share (at once: a refused connect), or is
 *   sent: after half the round trip it reaches the pool, which admits it (a task: wait, service,
 *   calls) or sheds it; the answer takes the other half back;
 * - with a per-try timeout T the caller gives up on an attempt at T (cause `timeout`); the task
 *   goes on, keeps its server and makes its calls, and its answer is dropped;
 * - a failed call fails the attempt with the call's cause and ends the hop (the callee's hop
 *   retried it already; retrying it here too would multiply attempts down the tree);
 * - a failure whose cause the policy retries leads to another attempt, up to `attempts` and within
 *   the budget, after a pause uniform in [0, min(max, base × (2^n − 1))] before retry n;
 * - with an overall timeout the hop fails `timeout` when it runs out, whatever is in flight.
 * Retries stay in the pool first picked (another endpoint of it). When they avoid previous hosts
 * the dead share an attempt meets leaves out the endpoints tried: with `all`, of `listed` endpoints
 * of which d·listed are dead, after m attempts of which m_d met dead ones, (d·listed − m_d)/(listed − m)
 * (any host again once all were tried); with `last`, the one just tried. When every earlier failure
 * was a dead endpoint this is retryModel.ts deadShareAtAttempt, the fluid model's share.
 */
export class Hop {
  private readonly w: RequestWorld;
  private readonly service: number;
  private readonly to: number;
  private readonly group: number;
  private readonly halfRttS: number;
  private readonly policy: HopPolicy;
  private readonly outcome: Outcome;
  private attempts = 0;
  private deadFailures = 0;
  private lastDead = false;
  private done = false;
  private current: Attempt | null = null;
  private perTryTimer = -1;
  private overallTimer = -1;
  private pauseTimer = -1;
  private startS = 0;

  constructor(w: RequestWorld, service: number, to: number, rttS: number, outcome: Outcome) {
    this.w = w;
    this.service = service;
    this.to = to;
    this.group = service * w.clusterCount + to;
    this.halfRttS = rttS / 2;
    this.policy = w.policyInto[service];
    this.outcome = outcome;
  }

  start(): void {
    this.startS = this.w.timers.now;
    const p = this.policy;
    if (p.timeoutS < Number.POSITIVE_INFINITY) {
      this.overallTimer = this.w.timers.after(p.timeoutS, () => {
        this.overallTimer = -1;
        this.end(false, 'timeout', null);
      });
    }
    if (p.budgetRatio !== undefined) this.w.budget.first(this.group, this.w.timers.now);
    this.attempt();
  }

  private attempt(): void {
    const w = this.w;
    const n = ++this.attempts;
    w.counts.attempts++;
    if (n > 1) w.counts.retries++;
    if (!w.dataplaneUp(this.to) || w.state.ready[this.group] === 0) return this.end(false, 'noReplica', null);
    const dead = this.deadShare(n);
    if (dead > 0 && w.rng.next() < dead) {
      this.deadFailures++;
      this.lastDead = true;
      return this.failed('deadEndpoint');
    }
    this.lastDead = false;
    const attempt: Attempt = { live: true, sentS: w.timers.now };
    this.current = attempt;
    const T = this.policy.perTryTimeoutS;
    if (T < Number.POSITIVE_INFINITY) {
      this.perTryTimer = w.timers.after(T, () => {
        this.perTryTimer = -1;
        if (!attempt.live) return;
        attempt.live = false;
        w.counts.perTryTimeouts++;
        this.failed('timeout');
      });
    }
    if (this.halfRttS > 0) w.steps.poolArrival.after(this.halfRttS, () => this.arrive(attempt));
    else this.arrive(attempt);
  }

  private arrive(attempt: Attempt): void {
    const w = this.w;
    // The caller may have given up already (timeouts): the request still reaches the pool and is served.
    // A failed call was retried by the callee's hop already: not retried here; the pool's own impaired failure is.
    const admitted = w.serve(this.service, this.to, (ok, cause, parts, own) => this.answer(attempt, ok, cause, parts, own !== true));
    if (!admitted) {
      w.counts.shed++;
      this.answer(attempt, false, 'shed', null);
    }
  }

  private answer(attempt: Attempt, ok: boolean, cause: Cause, parts: Parts | null, fromCall = false): void {
    if (!attempt.live) return;
    const back = () => {
      if (!attempt.live) return;
      attempt.live = false;
      this.w.timers.cancel(this.perTryTimer);
      this.perTryTimer = -1;
      if (!ok) return fromCall ? this.end(false, cause, null) : this.failed(cause);
      if (parts !== null) {
        parts[this.service * PARTS + PART_NETWORK] += 2 * this.halfRttS;
        parts[this.service * PARTS + PART_RETRIES] += attempt.sentS - this.startS;
      }
      this.end(true, cause, parts);
    };
    if (this.halfRttS > 0) this.w.steps.callReturned.after(this.halfRttS, back);
    else back();
  }

  /** An attempt failed: retry it if the policy says so, else the hop fails. */
  private failed(cause: Cause): void {
    if (this.done) return;
    const p = this.policy;
    const w = this.w;
    if (p.retryOn.has(cause) && this.attempts < p.attempts && (p.budgetRatio === undefined || w.budget.tryRetry(this.group, p.budgetRatio, w.timers.now))) {
      const pause = backoffS(p, this.attempts, w.rng.next());
      this.pauseTimer = w.timers.after(pause, () => {
        this.pauseTimer = -1;
        this.attempt();
      });
      return;
    }
    this.end(false, cause, null);
  }

  private end(ok: boolean, cause: Cause, parts: Parts | null): void {
    if (this.done) return;
    this.done = true;
    const timers = this.w.timers;
    if (this.current !== null) this.current.live = false;
    timers.cancel(this.perTryTimer);
    timers.cancel(this.overallTimer);
    timers.cancel(this.pauseTimer);
    this.outcome(ok, cause, parts);
  }

  /** Dead share the n-th attempt meets (see the class comment). */
  private deadShare(n: number): number {
    const w = this.w;
    const d = w.fluid.blackholeShare(this.service, this.to);
    const avoid = this.policy.avoid;
    if (d <= 0 || n === 1 || avoid === 'none') return d;
    const listed = w.state.ready[this.group] + w.state.lost[this.group];
    if (listed <= 1) return d;
    const dead = d * listed;
    if (avoid === 'last') return clamp01((dead - (this.lastDead ? 1 : 0)) / (listed - 1));
    const avoided = n - 1;
    if (listed - avoided <= 0) return d;
    return clamp01((dead - this.deadFailures) / (listed - avoided));
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
