import { put } from './gateway.js';

/**
 * A client that writes continuously: a new put every `intervalMs`, round-robin over the members that
 * are up, each put abandoned after `attemptTimeoutMs`. Starting attempts on a clock instead of one
 * after another matters: during an election a put sent to a follower can hang for etcd's whole
 * request timeout (5 s + 2 × election timeout), so a one-at-a-time writer would see the outage end
 * seconds late. With attempts every few ms, the first put sent after the outage ends is seen within
 * about one interval plus one write latency.
 *
 * Bounded: at most `maxInFlight` puts outstanding, at most `maxDurationMs` of running.
 */
export interface WriteProbeOptions {
  /** Client URLs to write through, asked before every attempt (so killed members can be left out). */
  targets: () => readonly string[];
  intervalMs?: number;
  attemptTimeoutMs?: number;
  maxInFlight?: number;
  maxDurationMs?: number;
}

export interface WriteSuccess {
  sentMs: number;
  doneMs: number;
}

interface Waiter {
  afterMs: number;
  resolve: (s: WriteSuccess | undefined) => void;
  timer: NodeJS.Timeout;
}

const RECENT_LIMIT = 4096;

export class WriteProbe {
  readonly intervalMs: number;
  readonly attemptTimeoutMs: number;
  private readonly maxInFlight: number;
  private readonly maxDurationMs: number;
  private readonly targets: () => readonly string[];
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private inFlight = new Set<Promise<void>>();
  private next = 0;
  private readonly waiters = new Set<Waiter>();
  /** The most recent successes (bounded), oldest first. */
  readonly recent: WriteSuccess[] = [];
  attempts = 0;
  successes = 0;
  failures = 0;

  constructor(options: WriteProbeOptions) {
    this.targets = options.targets;
    this.intervalMs = options.intervalMs ?? 5;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 250;
    this.maxInFlight = options.maxInFlight ?? 100;
    this.maxDurationMs = options.maxDurationMs ?? 10 * 60_000;
    if (!(this.intervalMs > 0) || !(this.attemptTimeoutMs > 0) || !(this.maxInFlight >= 1)) throw new RangeError('intervalMs, attemptTimeoutMs and maxInFlight must be positive');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const endMs = performance.now() + this.maxDurationMs;
    while (this.running && performance.now() < endMs) {
      if (this.inFlight.size < this.maxInFlight) this.attempt();
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
    this.running = false;
  }

  private attempt(): void {
    const urls = this.targets();
    if (urls.length === 0) return;
    const url = urls[this.next++ % urls.length];
    const sentMs = performance.now();
    this.attempts++;
    const p = put(url, `fleetsim/probe/${this.attempts % 64}`, String(this.attempts), this.attemptTimeoutMs, this.abort.signal).then(
      () => this.succeeded({ sentMs, doneMs: performance.now() }),
      () => {
        this.failures++;
      },
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private succeeded(s: WriteSuccess): void {
    if (!this.running && this.abort.signal.aborted) return;
    this.successes++;
    this.recent.push(s);
    if (this.recent.length > RECENT_LIMIT) this.recent.splice(0, this.recent.length - RECENT_LIMIT);
    for (const w of this.waiters) {
      if (s.sentMs >= w.afterMs) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(s);
      }
    }
  }

  /** The first success of a put sent at or after `afterMs` (performance.now() clock); undefined after maxWaitMs. */
  firstSuccessAfter(afterMs: number, maxWaitMs: number): Promise<WriteSuccess | undefined> {
    const already = this.recent.find((s) => s.sentMs >= afterMs);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve) => {
      const w: Waiter = {
        afterMs,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          resolve(undefined);
        }, maxWaitMs),
      };
      this.waiters.add(w);
    });
  }

  /** Median latency (ms) of the successes completed in [fromMs, toMs]; NaN if none. */
  medianLatencyMs(fromMs: number, toMs: number): number {
    const l = this.recent.filter((s) => s.doneMs >= fromMs && s.doneMs <= toMs).map((s) => s.doneMs - s.sentMs);
    if (l.length === 0) return Number.NaN;
    l.sort((a, b) => a - b);
    const h = (l.length - 1) / 2;
    return (l[Math.floor(h)] + l[Math.ceil(h)]) / 2;
  }

  /** Stop issuing puts, abandon those in flight, release waiters. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    this.waiters.clear();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }
}
