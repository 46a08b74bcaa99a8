import type { PgNode } from './pgNode.js';

/**
 * A minimal failover manager with Patroni's timing (docs/references.md): it checks the primary every
 * checkIntervalMs (a new connection and `select 1`, given checkIntervalMs to answer), and when no
 * check has succeeded for detectionMs (the leader lock's TTL) it promotes the standby
 * (pg_promote(wait => false)) and waits until the standby leaves recovery. Detection therefore ends
 * detectionMs after the last successful check, i.e. between detectionMs − checkIntervalMs and
 * detectionMs after a crash: the model's fixed `detection` is the TTL, known to a check interval.
 */
export interface FailoverSettings {
  /** No successful health check for this long: the primary is lost (the model's `detection`). */
  readonly detectionMs: number;
  readonly checkIntervalMs: number;
}

export interface FailoverTimes {
  /** performance.now() of the last successful check of the old primary. */
  readonly lastOkMs: number;
  /** The primary was declared lost. */
  readonly detectedMs: number;
  /** The standby left recovery (pg_is_in_recovery() false). */
  readonly promotedMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class FailoverManager {
  private stopped = false;
  private lastOkMs = performance.now();
  private loop: Promise<FailoverTimes | undefined> | undefined;

  constructor(
    private readonly primary: PgNode,
    private readonly standby: PgNode,
    private readonly settings: FailoverSettings,
  ) {
    if (!(settings.checkIntervalMs >= 10 && settings.detectionMs >= settings.checkIntervalMs)) {
      throw new RangeError(`health checks every ${settings.checkIntervalMs} ms with detection after ${settings.detectionMs} ms: need a check interval ≥ 10 ms and detection ≥ the interval`);
    }
  }

  /** Start watching; the promise resolves when the standby has been promoted (undefined if stopped first). */
  start(): Promise<FailoverTimes | undefined> {
    this.loop ??= this.run();
    return this.loop;
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<FailoverTimes | undefined> {
    this.lastOkMs = performance.now();
    while (!this.stopped) {
      const checkStartMs = performance.now();
      if (await this.primary.accepts(this.settings.checkIntervalMs)) this.lastOkMs = checkStartMs;
      const now = performance.now();
      if (now - this.lastOkMs >= this.settings.detectionMs) return this.promote(now);
      // The next check when its interval is up, or exactly when the lock would expire.
      const nextMs = Math.min(checkStartMs + this.settings.checkIntervalMs, this.lastOkMs + this.settings.detectionMs);
      await sleep(Math.max(0, nextMs - performance.now()));
    }
    return undefined;
  }

  private async promote(detectedMs: number): Promise<FailoverTimes> {
    const c = await this.standby.connect({ timeoutMs: 5000, applicationName: 'fleetsim-failover' });
    try {
      await c.query('select pg_promote(false)');
      // pg_promote(true) polls every 100 ms; poll finer to see when writes become possible.
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        const r = await c.query<{ recovering: boolean }>('select pg_is_in_recovery() as recovering');
        if (!r.rows[0].recovering) return { lastOkMs: this.lastOkMs, detectedMs, promotedMs: performance.now() };
        await sleep(5);
      }
      throw new Error(`the standby did not leave recovery within 60 s of pg_promote:\n${this.standby.recentLog}`);
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}
