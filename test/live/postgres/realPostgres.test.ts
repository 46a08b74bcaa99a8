import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_POSTGRES_TOLERANCE, validatePostgres } from '../../../src/live/postgres/validatePostgres.js';
import { candidateBinDirs } from '../../../src/live/postgres/binaries.js';
import { RUN_ENV } from '../../../src/live/postgres/pgNode.js';
import { trackedCounts } from '../../../src/live/cleanup.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * Real PostgreSQL (Debian's package) on 127.0.0.1: a primary and a streaming standby whose
 * replication connection crosses a user-space delay proxy (RTT 40 ms), measured against the state
 * model's claims, each written out here rather than taken from the code under test:
 *
 * - commit latency: an asynchronous commit is the local commit whatever the RTT; a synchronous one
 *   (synchronous_commit = on, the standby in synchronous_standby_names) takes at least the RTT and
 *   about RTT + two local commits (the standby flushes before it acknowledges; the state model adds
 *   that second flush since this experiment showed it): measured within [− one local commit (at
 *   least 1 ms), + 3 ms] of it (3 ms for the proxy's two hops in this process's event loop);
 * - 200 numbered commits/s, the primary SIGKILLed with the link cut at the same instant: the writes
 *   in flight are lost, 200/s × 20 ms = 4 (+ the sender's delay, measured by the crash trials),
 *   mean of two trials within max(3 writes, 40%); the primary killed with the link intact: what was
 *   in flight still arrives, so at most the model's 4 (+ 3); synchronous: none lost;
 * - a failover manager that declares the primary lost 500 ms after its last successful check
 *   (checks every 50 ms) and runs pg_promote: detection between 450 and 500 ms after the kill (+ the
 *   check's own time), and the first write acknowledged by the new primary at detection + promotion
 *   + reconnect (500 + 50 + 50 ms) within one check interval + max(100 ms, 20%).
 *
 * About 15–20 s: one initdb, five failovers (each followed by a fresh standby from pg_basebackup).
 */
// Debian keeps postgres off the PATH (/usr/lib/postgresql/N/bin): look where validate postgres looks.
const postgres = realProgram({ program: 'postgres', candidates: [...candidateBinDirs().map((d) => join(d, 'postgres')), 'postgres'], install: 'apt-get install -y postgresql' });
let base = '';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly tagged: boolean;
}

/** Live processes (zombies have exited: only a container's init that reaps late still lists them). */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      let tagged = false;
      try {
        tagged = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').some((e) => e.startsWith(`${RUN_ENV}=${base}/`));
      } catch {
        /* not ours to read */
      }
      out.push({ pid: Number(name), ppid: Number(fields[1]), tagged });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/**
 * This test's server processes: the postmasters carry RUN_ENV (the run folder, under `base`); the
 * processes they fork inherit it too, but PostgreSQL overwrites that memory with their titles, so
 * they are found as the postmasters' children. Every pid seen during the run is remembered, so a
 * forked process that outlived its postmaster (and was re-parented) is still checked.
 */
const seen = new Set<number>();
function ourPostgresPids(): number[] {
  const all = processes();
  const postmasters = new Set(all.filter((p) => p.tagged).map((p) => p.pid));
  for (const p of all) if (postmasters.has(p.pid) || postmasters.has(p.ppid)) seen.add(p.pid);
  const alive = new Set(all.map((p) => p.pid));
  return [...seen].filter((pid) => alive.has(pid));
}

describeWithPrograms([postgres], 'real PostgreSQL primary and standby', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'fleetsim-postgres-test-'));
    // Run as root, the servers run as postgres, who must be able to enter it (mkdtemp makes it 0700).
    chmodSync(base, 0o711);
  });
  afterAll(async () => {
    // Nothing may outlive the test: no postgres process of ours, no data directory, nothing registered.
    try {
      let ours: number[] = [];
      for (let i = 0; i < 50; i++) {
        ours = ourPostgresPids();
        if (ours.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ours).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('commit latency, writes lost and time to a new primary agree with the model', { timeout: 120_000 }, async () => {
    const rate = 200;
    // Mid-run, the clean-up check's lookup must see the servers (or it would pass for nothing).
    let seenMidRun = 0;
    const report = await validatePostgres({
      onProgress: (line) => {
        const n = ourPostgresPids().length;
        if (line.startsWith('failover 1/')) seenMidRun = n;
      },
      rttsMs: [0, 40],
      commitSamples: 20,
      trials: 2,
      syncTrials: 1,
      kills: ['crash', 'cut'],
      ratePerS: rate,
      connections: 16,
      loadMs: 1000,
      detectionMs: 500,
      checkIntervalMs: 50,
      promotionMs: 50,
      reconnectMs: 50,
      tolerance: DEFAULT_POSTGRES_TOLERANCE,
      baseDir: base,
    });
    expect(seenMidRun).toBeGreaterThanOrEqual(6); // two postmasters, WAL sender and receiver, checkpointers …
    const [at0, at40] = report.commit;
    // Async: independent of the RTT (a commit that waited for the link would be 40 ms slower).
    expect(Math.abs(at40.asyncMedianMs - at0.asyncMedianMs)).toBeLessThanOrEqual(Math.max(3, at0.asyncMedianMs));
    for (const row of report.commit) {
      expect(row.syncMinMs).toBeGreaterThanOrEqual(row.rttMs - 1);
      // The model: RTT + the primary's flush + the standby's flush (two local commits).
      const overModel = row.syncMedianMs - (row.rttMs + 2 * row.asyncMedianMs);
      expect(overModel).toBeGreaterThanOrEqual(-Math.max(1, row.asyncMedianMs));
      expect(overModel).toBeLessThanOrEqual(3);
    }

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const of = (mode: string, kill: string) => report.trials.filter((t) => t.mode === mode && t.kill === kill);
    const cut = of('async', 'cut');
    const crash = of('async', 'crash');
    const sync = of('sync', 'cut');
    expect([cut.length, crash.length, sync.length]).toEqual([2, 2, 1]);
    for (const t of report.trials) {
      expect(Math.abs(t.ratePerS - rate)).toBeLessThanOrEqual(0.1 * rate);
      expect(t.ackedBeforeKill).toBeGreaterThan(100);
    }
    const senderWrites = mean(crash.map((t) => t.lost));
    const inFlight = rate * 0.02;
    expect(Math.abs(mean(cut.map((t) => t.lost)) - (inFlight + senderWrites))).toBeLessThanOrEqual(Math.max(3, 0.4 * (inFlight + senderWrites)));
    expect(senderWrites).toBeLessThanOrEqual(inFlight + 3);
    expect(sync[0].lost).toBe(0);

    for (const t of report.trials) {
      expect(t.detectionMs).toBeGreaterThanOrEqual(500 - 50 - 10);
      expect(t.detectionMs).toBeLessThanOrEqual(500 + 100);
    }
    const rtos = report.trials.map((t) => t.rtoMs).sort((a, b) => a - b);
    expect(Math.abs(rtos[Math.floor(rtos.length / 2)] - 600)).toBeLessThanOrEqual(50 + 120);
    expect(report.checks.filter((c) => !c.agree)).toEqual([]);
    expect(report.agree).toBe(true);
  });
});
