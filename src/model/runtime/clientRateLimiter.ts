/**
 * A Kubernetes client's rate limiter: client-go's flowcontrol.NewTokenBucketRateLimiter, which is
 * golang.org/x/time/rate. The bucket starts full with `burst` tokens and refills at `qps` per second
 * up to `burst`; every request reserves the next token in call order and waits until it is due,
 * the bucket going into debt meanwhile (rate.Limiter.reserveN). Time in simulated seconds.
 */
export class ClientRateLimiter {
  private readonly qps: number;
  private readonly burst: number;
  private tokens: number;
  private lastS = Number.NEGATIVE_INFINITY;

  constructor(qps: number, burst: number) {
    if (!(qps > 0) || !(burst >= 1)) throw new RangeError(`a client rate limiter needs qps > 0 and burst >= 1, got ${qps}/s and ${burst}`);
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Reserve one request at `nowS`: when it may be sent (≥ nowS). Calls must not go back in time. */
  reserve(nowS: number): number {
    if (nowS > this.lastS) {
      this.tokens = Number.isFinite(this.lastS) ? Math.min(this.burst, this.tokens + (nowS - this.lastS) * this.qps) : this.burst;
      this.lastS = nowS;
    }
    this.tokens -= 1;
    return this.tokens >= 0 ? nowS : nowS - this.tokens / this.qps;
  }
}
