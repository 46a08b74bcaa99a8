/**
 * A retry budget at request level: per key (a callee pool, or a user region for clients' retries),
 * retries may be at most a share b of the attempts, i.e. retries ≤ b/(1 − b) × first attempts, so
 * attempts per request stay ≤ 1/(1 − b): the cap the fluid model puts on the amplification
 * (retryModel.ts; semantics §5: "offered load ≤ λ/(1 − b)"). Both counts decay exponentially with
 * WINDOW_S, so the budget follows the recent traffic as Envoy's does (Envoy counts retries and
 * requests in flight; with short attempts the two ratios agree by Little's law).
 */
export const WINDOW_S = 1;

export class RetryBudget {
  private readonly firsts: Float64Array;
  private readonly retries: Float64Array;
  private readonly atS: Float64Array;

  constructor(keys: number) {
    this.firsts = new Float64Array(keys);
    this.retries = new Float64Array(keys);
    this.atS = new Float64Array(keys);
  }

  private decay(key: number, nowS: number): void {
    const dt = nowS - this.atS[key];
    if (dt <= 0) return;
    const f = Math.exp(-dt / WINDOW_S);
    this.firsts[key] *= f;
    this.retries[key] *= f;
    this.atS[key] = nowS;
  }

  /** A request's first attempt at `key`. */
  first(key: number, nowS: number): void {
    this.decay(key, nowS);
    this.firsts[key] += 1;
  }

  /** Whether one more retry fits the budget `ratio` (then it is counted). */
  tryRetry(key: number, ratio: number, nowS: number): boolean {
    if (ratio >= 1) return true;
    this.decay(key, nowS);
    if (this.retries[key] + 1 > (ratio / (1 - ratio)) * this.firsts[key]) return false;
    this.retries[key] += 1;
    return true;
  }
}
