import type { PgPair } from './pgPair.js';
import { FailoverManager, type FailoverSettings } from './failoverManager.js';
import { WRITES_TABLE } from './pgPair.js';
import { WriteLoad, type Ack } from './writeLoad.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Commit latencies at one replication RTT: asynchronous and synchronous commits, interleaved. */
export interface CommitSamples {
  readonly rttMs: number;
  readonly asyncMs: readonly number[];
  readonly syncMs: readonly number[];
}

/**
 * Commit latency at each RTT. The standby is listed in synchronous_standby_names; one connection
 * commits with synchronous_commit = on (waits for the standby's flush: synchronous replication), the
 * other with synchronous_commit = local (waits for the local flush only: exactly the commit path of
 * asynchronous replication, PostgreSQL's per-transaction switch). They alternate, one commit at a
 * time, so both see the same disk: this machine's fsync time drifts by milliseconds from minute to
 * minute, more than the quantity measured at small RTTs.
 */
export async function measureCommitLatency(pair: PgPair, rttsMs: readonly number[], samples: number, firstId: number): Promise<{ results: CommitSamples[]; nextId: number }> {
  await pair.setSynchronous(true);
  const sync = await pair.primary.connect({ applicationName: 'fleetsim-sync', options: '-c synchronous_commit=on' });
  const local = await pair.primary.connect({ applicationName: 'fleetsim-async', options: '-c synchronous_commit=local' });
  let id = firstId;
  const results: CommitSamples[] = [];
  try {
    for (const rttMs of rttsMs) {
      pair.link.setOneWayDelayMs(rttMs / 2);
      // Let what was queued at the old delay drain, and warm up both paths.
      await sleep(rttMs + 50);
      const asyncMs: number[] = [];
      const syncMs: number[] = [];
      for (let i = 0; i < samples + 2; i++) {
        for (const [client, out] of [
          [local, asyncMs],
          [sync, syncMs],
        ] as const) {
          const t0 = performance.now();
          await client.query(`insert into ${WRITES_TABLE} (id) values ($1)`, [id++]);
          if (i >= 2) out.push(performance.now() - t0);
        }
      }
      results.push({ rttMs, asyncMs, syncMs });
    }
  } finally {
    await Promise.all([sync.end().catch(() => undefined), local.end().catch(() => undefined)]);
  }
  await pair.setSynchronous(false);
  return { results, nextId: id };
}

/** How the primary fails: a crash (the network delivers what is already in flight) or a crash that takes the link with it. */
export type KillMode = 'crash' | 'cut';

export interface FailoverTrial {
  readonly mode: 'async' | 'sync';
  readonly kill: KillMode;
  readonly rttMs: number;
  /** Acknowledged commit rate on the primary before the kill. */
  readonly ratePerS: number;
  readonly ackedBeforeKill: number;
  /** Acknowledged by the old primary, missing on the promoted standby. */
  readonly lost: number;
  /** Mean replication lag before the kill: unreplicated acknowledged writes / rate (visible on the standby). */
  readonly lagMs: number;
  readonly detectionMs: number;
  readonly promotionMs: number;
  /** Kill → the first write acknowledged by the new primary (NaN: none within the trial's limit). */
  readonly rtoMs: number;
  readonly refused: number;
}

export interface FailoverTrialOptions {
  readonly mode: 'async' | 'sync';
  readonly kill: KillMode;
  readonly rttMs: number;
  readonly ratePerS: number;
  readonly connections: number;
  readonly reconnectMs: number;
  /** Steady load before the kill (the lag is measured over its second half). */
  readonly loadMs: number;
  /**
   * Added to loadMs so the kill falls at a different point of the health-check cycle in each trial
   * (a kill locked to just after a check would always see the longest detection).
   */
  readonly killOffsetMs: number;
  readonly failover: FailoverSettings;
  readonly firstId: number;
}

/** Unreplicated acknowledged writes at each poll of the standby, over a window: their mean / rate is the lag. */
async function sampleLag(pair: PgPair, load: WriteLoad, untilMs: number): Promise<number[]> {
  const c = await pair.standby.connect({ applicationName: 'fleetsim-lag' });
  const counts: number[] = [];
  try {
    while (performance.now() < untilMs) {
      const t = performance.now();
      const r = await c.query<{ max: string | null }>(`select max(id) as max from ${WRITES_TABLE}`);
      const visible = r.rows[0].max === null ? -1 : Number(r.rows[0].max);
      let behind = 0;
      for (let i = load.acks.length - 1; i >= 0; i--) {
        const a = load.acks[i];
        if (a.ackMs <= t && a.id > visible) behind++;
        if (a.ackMs < t - 5000) break;
      }
      counts.push(behind);
      await sleep(7);
    }
  } finally {
    await c.end().catch(() => undefined);
  }
  return counts;
}

/**
 * One failover: a steady load on the primary, the manager watching; kill the primary (and, for
 * `cut`, drop what the link holds at the same instant); the manager detects and promotes; the load
 * follows to the new primary. Then count the acknowledged writes the new primary lacks. The pair
 * then moves to its next generation (the promoted standby is the primary of the next trial).
 */
export async function failoverTrial(pair: PgPair, o: FailoverTrialOptions): Promise<{ trial: FailoverTrial; nextId: number }> {
  pair.link.setOneWayDelayMs(o.rttMs / 2);
  await pair.setSynchronous(o.mode === 'sync');
  const oldPrimary = pair.primary;
  const standby = pair.standby;
  const load = new WriteLoad(oldPrimary, { ratePerS: o.ratePerS, connections: o.connections, synchronousCommit: 'on', reconnectMs: o.reconnectMs }, o.firstId);
  const manager = new FailoverManager(oldPrimary, standby, o.failover);
  let killMs = 0;
  try {
    await load.start();
    const promoted = manager.start();
    const startMs = performance.now();
    const lagCounts = await sampleLag(pair, load, startMs + o.loadMs + o.killOffsetMs);
    killMs = performance.now();
    if (o.kill === 'cut') pair.link.cut();
    const crashed = oldPrimary.crash();
    const times = await promoted;
    await crashed;
    if (times === undefined) throw new Error('the failover manager stopped before promoting');
    // Writes after a failover go to a primary without a standby: local commits (a synchronous one would wait forever).
    load.retarget(standby, 'local');
    const limitMs = performance.now() + 10_000;
    let firstNew: Ack | undefined;
    while (firstNew === undefined && performance.now() < limitMs) {
      firstNew = load.acks.find((a) => a.port === standby.port);
      if (firstNew === undefined) await sleep(2);
    }
    await load.stop();
    const before = load.acks.filter((a) => a.port === oldPrimary.port);
    const steadyFromMs = startMs + o.loadMs / 2;
    const steady = before.filter((a) => a.ackMs >= steadyFromMs && a.ackMs <= killMs);
    const ratePerS = steady.length / ((killMs - steadyFromMs) / 1000);
    const c = await standby.connect();
    let present: Set<number>;
    try {
      const r = await c.query<{ id: string }>(`select id from ${WRITES_TABLE} where id = any($1::bigint[])`, [before.map((a) => a.id)]);
      present = new Set(r.rows.map((row) => Number(row.id)));
    } finally {
      await c.end().catch(() => undefined);
    }
    const half = lagCounts.slice(Math.floor(lagCounts.length / 2));
    const meanBehind = half.reduce((a, b) => a + b, 0) / Math.max(1, half.length);
    const trial: FailoverTrial = {
      mode: o.mode,
      kill: o.kill,
      rttMs: o.rttMs,
      ratePerS,
      ackedBeforeKill: before.length,
      lost: before.filter((a) => !present.has(a.id)).length,
      lagMs: (meanBehind / ratePerS) * 1000,
      detectionMs: times.detectedMs - killMs,
      promotionMs: times.promotedMs - times.detectedMs,
      rtoMs: firstNew === undefined ? Number.NaN : firstNew.ackMs - killMs,
      refused: load.refused,
    };
    return { trial, nextId: load.lastIdSent + 1 };
  } finally {
    manager.stop();
    await load.stop();
    // The killed primary's link (cut or not) goes with it; the next standby gets a new one.
    if (killMs > 0) await pair.nextGeneration();
  }
}
