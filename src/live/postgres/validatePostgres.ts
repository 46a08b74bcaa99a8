import { summarizeSample } from '../compare.js';
import { findPostgres, serverUser, type PostgresBinaries } from './binaries.js';
import { failoverTrial, measureCommitLatency, type CommitSamples, type FailoverTrial, type KillMode } from './experiments.js';
import { PgPair } from './pgPair.js';
import { predictedCommitMs, predictedLostWrites, predictedRtoMs } from './predict.js';

/**
 * `fleetsim validate postgres`: a real PostgreSQL primary and streaming standby on 127.0.0.1, the
 * replication link through a user-space delay proxy (an emulated WAN), measured against the state
 * model's closed forms for the same configuration (predict.ts):
 *
 * - commit latency at each RTT, asynchronous and synchronous (synchronous_commit = on with the
 *   standby in synchronous_standby_names): sync ≥ RTT, sync ≈ RTT + local commit, async ≈ local
 *   commit whatever the RTT;
 * - asynchronous failover loss: a steady load of numbered single-row commits, the primary killed
 *   (SIGKILL of every process), the standby promoted by a failover manager with Patroni's timing
 *   (failoverManager.ts); acknowledged numbers missing on the new primary, against asyncLostWrites.
 *   Two kills: `cut` (the link dies with the primary: what was in flight is lost, the model's
 *   assumption) and `crash` (the network delivers what was in flight: only what the primary had not
 *   sent is lost, so the model, which counts the one-way delay as lost, is an upper bound);
 * - synchronous failover: nothing acknowledged is lost;
 * - promotion: kill → writes accepted on the new primary, against detection + promotion + reconnect.
 */
export interface PostgresTolerance {
  /** Sync commit median may exceed RTT + two local commits (the primary's and the standby's flush) by this (rig slack). */
  readonly commitSlackMs: number;
  /** Async commit median at an RTT vs at RTT 0: within max(this, asyncRelative × the RTT-0 median). */
  readonly asyncAbsMs: number;
  readonly asyncRelative: number;
  /** Mean lost writes vs the prediction: within max(lostAbs, lostRelative × predicted). */
  readonly lostAbs: number;
  readonly lostRelative: number;
  /** RTO median vs detection + promotion + reconnect: within one health-check interval plus max(rtoAbsMs, rtoRelative × predicted). */
  readonly rtoAbsMs: number;
  readonly rtoRelative: number;
}

/**
 * Defaults, and why (measured on a shared 2-core VM, docs/live.md):
 * - commitSlackMs 3: each commit crosses the delay proxy twice in fleetsim's own event loop (timer
 *   overshoot of about a millisecond per hop), and the WAL sender is woken by a latch;
 * - async ±max(3 ms, 100%): local commit times here are 1–3 ms and drift with the machine's load; a
 *   commit that waited for the link would be off by the RTT (20 ms or more);
 * - lost ±max(3 writes, 40%): arrivals every 5 ms at 200/s make a single trial's count move by ±1
 *   with where the kill falls, and the sender's wake-up on a loaded machine by one or two more;
 *   at 50 ms RTT the in-flight window alone is 5 writes, so a model that ignored the link would miss;
 * - RTO: one health-check interval (detection ends between TTL − interval and TTL after the kill)
 *   plus max(100 ms, 20%) for connection set-up and promotion's own variation.
 */
export const DEFAULT_POSTGRES_TOLERANCE: PostgresTolerance = { commitSlackMs: 3, asyncAbsMs: 3, asyncRelative: 1, lostAbs: 3, lostRelative: 0.4, rtoAbsMs: 100, rtoRelative: 0.2 };

export interface ValidatePostgresOptions {
  readonly pgBinDir?: string;
  /** Replication RTTs for the commit-latency experiment; failovers run at the largest. */
  readonly rttsMs: readonly number[];
  readonly commitSamples: number;
  /** Failover trials per kill mode (async), and synchronous trials (cut). */
  readonly trials: number;
  readonly syncTrials: number;
  readonly kills: readonly KillMode[];
  readonly ratePerS: number;
  readonly connections: number;
  readonly loadMs: number;
  readonly detectionMs: number;
  readonly checkIntervalMs: number;
  /** The model's promotion time for this configuration (PostgreSQL's own promotion: no Patroni loop here). */
  readonly promotionMs: number;
  /** The clients' reconnect interval (also the model's reconnect). */
  readonly reconnectMs: number;
  readonly tolerance: PostgresTolerance;
  readonly baseDir?: string;
  readonly onProgress?: (line: string) => void;
}

export type CheckKind = 'within' | 'atMost' | 'exactly';

export interface PostgresCheck {
  readonly quantity: string;
  readonly measured: number;
  readonly predicted: number;
  /** within: |measured − predicted| ≤ allowed (or in [predicted − allowedBelow, predicted + allowed]); atMost: measured ≤ predicted + allowed. */
  readonly kind: CheckKind;
  readonly allowed: number;
  readonly allowedBelow?: number;
  readonly agree: boolean;
  readonly note?: string;
}

export function makeCheck(c: Omit<PostgresCheck, 'agree'>): PostgresCheck {
  const below = c.allowedBelow ?? c.allowed;
  const agree =
    Number.isFinite(c.measured) &&
    (c.kind === 'atMost' ? c.measured <= c.predicted + c.allowed : c.kind === 'exactly' ? c.measured === c.predicted : c.measured >= c.predicted - below && c.measured <= c.predicted + c.allowed);
  return { ...c, agree };
}

export interface CommitRow {
  readonly rttMs: number;
  readonly asyncMedianMs: number;
  readonly syncMedianMs: number;
  readonly syncMinMs: number;
  readonly predictedAsyncMs: number;
  readonly predictedSyncMs: number;
}

export interface ValidatePostgresReport {
  readonly postgres: PostgresBinaries;
  readonly runAs: string | undefined;
  readonly options: Omit<ValidatePostgresOptions, 'onProgress' | 'pgBinDir' | 'baseDir'>;
  readonly commit: readonly CommitRow[];
  readonly commitSamples: readonly CommitSamples[];
  readonly trials: readonly FailoverTrial[];
  /** The sender's delay (ms) from the crash trials: their mean loss / rate (0 without crash trials). */
  readonly senderDelayMs: number;
  readonly checks: readonly PostgresCheck[];
  readonly orphansRemoved: readonly string[];
  readonly agree: boolean;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: readonly number[]) => summarizeSample(xs).median;

export function checkPostgresOptions(o: ValidatePostgresOptions): void {
  if (o.rttsMs.length === 0 || o.rttsMs.some((r) => !(r >= 0 && r <= 2000))) throw new RangeError(`--rtt: every RTT must be 0..2000 ms, got ${o.rttsMs.join(', ')}`);
  if (!Number.isInteger(o.commitSamples) || o.commitSamples < 5 || o.commitSamples > 10_000) throw new RangeError(`--commit-samples must be 5..10000, got ${o.commitSamples}`);
  if (!Number.isInteger(o.trials) || o.trials < 0 || o.trials > 100) throw new RangeError(`--trials must be 0..100, got ${o.trials}`);
  if (!Number.isInteger(o.syncTrials) || o.syncTrials < 0 || o.syncTrials > 100) throw new RangeError(`--sync-trials must be 0..100, got ${o.syncTrials}`);
  if (!(o.ratePerS >= 10 && o.ratePerS <= 1000)) throw new RangeError(`--rate must be 10..1000 writes/s, got ${o.ratePerS}`);
  const maxRtt = Math.max(...o.rttsMs);
  // Synchronous commits each hold a connection for about an RTT plus two flushes.
  const needed = Math.ceil((o.ratePerS * (maxRtt + 20)) / 1000);
  if (!Number.isInteger(o.connections) || o.connections < needed || o.connections > 30) throw new RangeError(`--connections must be ${needed}..30 for ${o.ratePerS} writes/s at ${maxRtt} ms RTT (each synchronous commit holds one for the RTT), got ${o.connections}`);
  if (!(o.loadMs >= 500 && o.loadMs <= 600_000)) throw new RangeError(`--load must be 500 ms..10 min, got ${o.loadMs} ms`);
  if (!(o.checkIntervalMs >= 10 && o.detectionMs >= 2 * o.checkIntervalMs && o.detectionMs <= 120_000)) throw new RangeError(`--detection (${o.detectionMs} ms) must be at least twice --check-interval (${o.checkIntervalMs} ms, itself ≥ 10 ms) and at most 2 min`);
  if (!(o.promotionMs >= 0 && o.reconnectMs >= 1 && o.reconnectMs <= 10_000)) throw new RangeError(`--promotion must be ≥ 0 and --reconnect 1 ms..10 s`);
}

/** Run the experiments and compare; the servers are gone when this returns (or throws). */
export async function validatePostgres(o: ValidatePostgresOptions): Promise<ValidatePostgresReport> {
  checkPostgresOptions(o);
  const bins = findPostgres(o.pgBinDir);
  const runAs = serverUser();
  const tol = o.tolerance;
  const failoverRttMs = Math.max(...o.rttsMs);
  o.onProgress?.(`PostgreSQL ${bins.version}: primary and standby on 127.0.0.1${runAs !== undefined ? ` (as ${runAs.user})` : ''}`);
  const pair = await PgPair.start({ bins, runAs, oneWayDelayMs: 0, baseDir: o.baseDir });
  let commitSamples: CommitSamples[];
  const trials: FailoverTrial[] = [];
  try {
    o.onProgress?.(`commit latency at RTT ${o.rttsMs.join(', ')} ms: ${o.commitSamples} commits per mode`);
    const latency = await measureCommitLatency(pair, o.rttsMs, o.commitSamples, 1);
    commitSamples = latency.results;
    let nextId = latency.nextId;
    const plan: { mode: 'async' | 'sync'; kill: KillMode }[] = [];
    for (let i = 0; i < o.trials; i++) for (const kill of o.kills) plan.push({ mode: 'async', kill });
    for (let i = 0; i < o.syncTrials; i++) plan.push({ mode: 'sync', kill: 'cut' });
    for (const [i, p] of plan.entries()) {
      o.onProgress?.(`failover ${i + 1}/${plan.length}: ${p.mode}, ${p.kill}, RTT ${failoverRttMs} ms, ${o.ratePerS} writes/s`);
      const r = await failoverTrial(pair, {
        ...p,
        rttMs: failoverRttMs,
        ratePerS: o.ratePerS,
        connections: o.connections,
        reconnectMs: o.reconnectMs,
        loadMs: o.loadMs,
        // Spread over the check interval by the golden ratio: every phase of the cycle, no randomness.
        killOffsetMs: ((i * 0.618034) % 1) * o.checkIntervalMs,
        failover: { detectionMs: o.detectionMs, checkIntervalMs: o.checkIntervalMs },
        firstId: nextId,
      });
      nextId = r.nextId;
      trials.push(r.trial);
    }
  } finally {
    await pair.stop();
  }

  const checks: PostgresCheck[] = [];
  const commit: CommitRow[] = commitSamples.map((s) => {
    const local = median(s.asyncMs);
    return { rttMs: s.rttMs, asyncMedianMs: local, syncMedianMs: median(s.syncMs), syncMinMs: Math.min(...s.syncMs), predictedAsyncMs: predictedCommitMs('async', s.rttMs, local), predictedSyncMs: predictedCommitMs('sync', s.rttMs, local) };
  });
  const base = commit.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
  for (const row of commit) {
    if (row !== base) {
      checks.push(makeCheck({ quantity: `async commit median at RTT ${row.rttMs} ms vs at ${base.rttMs} ms (independent of RTT)`, measured: row.asyncMedianMs, predicted: base.asyncMedianMs, kind: 'within', allowed: Math.max(tol.asyncAbsMs, tol.asyncRelative * base.asyncMedianMs) }));
    }
    checks.push(makeCheck({ quantity: `sync commit minimum at RTT ${row.rttMs} ms ≥ RTT`, measured: row.syncMinMs, predicted: row.rttMs, kind: 'within', allowed: Number.POSITIVE_INFINITY, allowedBelow: 1 }));
    checks.push(
      makeCheck({
        quantity: `sync commit median at RTT ${row.rttMs} ms vs RTT + two local commits`,
        measured: row.syncMedianMs,
        predicted: row.predictedSyncMs,
        kind: 'within',
        allowed: tol.commitSlackMs,
        allowedBelow: Math.max(1, row.asyncMedianMs),
        note: 'the primary flushes, then the standby flushes before it acknowledges: RTT + two local commits, as the state model adds them',
      }),
    );
  }

  const asyncOf = (kill: KillMode) => trials.filter((t) => t.mode === 'async' && t.kill === kill);
  const crash = asyncOf('crash');
  const cut = asyncOf('cut');
  const rate = mean(trials.filter((t) => t.mode === 'async').map((t) => t.ratePerS));
  const senderDelayMs = crash.length > 0 ? (mean(crash.map((t) => t.lost)) / rate) * 1000 : 0;
  const lostAllowed = (p: number) => Math.max(tol.lostAbs, tol.lostRelative * p);
  if (cut.length > 0) {
    const p = predictedLostWrites(rate, failoverRttMs / 2, senderDelayMs);
    checks.push(makeCheck({ quantity: `async failover, link cut with the primary: mean writes lost (${cut.length} trials)`, measured: mean(cut.map((t) => t.lost)), predicted: p, kind: 'within', allowed: lostAllowed(p), note: `asyncLostWrites(${rate.toFixed(0)}/s, one-way ${failoverRttMs / 2} ms + sender ${senderDelayMs.toFixed(1)} ms)` }));
  }
  if (crash.length > 0) {
    const p = predictedLostWrites(rate, failoverRttMs / 2, 0);
    checks.push(makeCheck({ quantity: `async failover, primary crash (in-flight WAL delivered): mean writes lost (${crash.length} trials) ≤ model`, measured: mean(crash.map((t) => t.lost)), predicted: p, kind: 'atMost', allowed: lostAllowed(p), note: 'the model counts the one-way delay as lost: an upper bound when the network outlives the primary' }));
  }
  const sync = trials.filter((t) => t.mode === 'sync');
  if (sync.length > 0) checks.push(makeCheck({ quantity: `sync failover: writes lost (${sync.length} trials)`, measured: sync.reduce((a, t) => a + t.lost, 0), predicted: 0, kind: 'exactly', allowed: 0 }));
  if (trials.length > 0) {
    checks.push(
      makeCheck({
        quantity: 'detection (kill → primary declared lost), median',
        measured: median(trials.map((t) => t.detectionMs)),
        predicted: o.detectionMs - o.checkIntervalMs / 2,
        kind: 'within',
        allowed: o.checkIntervalMs / 2 + 50,
        note: 'TTL after the last successful check: between TTL − interval and TTL after the kill',
      }),
    );
    const p = predictedRtoMs({ detectionMs: o.detectionMs, promotionMs: o.promotionMs, reconnectMs: o.reconnectMs });
    checks.push(makeCheck({ quantity: 'RTO (kill → write acknowledged by the new primary), median', measured: median(trials.map((t) => t.rtoMs)), predicted: p, kind: 'within', allowed: o.checkIntervalMs + Math.max(tol.rtoAbsMs, tol.rtoRelative * p), note: 'detection + promotion + reconnect' }));
  }
  const { onProgress: _p, pgBinDir: _b, baseDir: _d, ...options } = o;
  return {
    postgres: bins,
    runAs: runAs?.user,
    options,
    commit,
    commitSamples,
    trials,
    senderDelayMs,
    checks,
    orphansRemoved: pair.orphansRemoved,
    agree: checks.every((c) => c.agree),
  };
}
