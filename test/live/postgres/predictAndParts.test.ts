import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predictedCommitMs, predictedLostWrites, predictedRtoMs } from '../../../src/live/postgres/predict.js';
import { makeCheck } from '../../../src/live/postgres/validatePostgres.js';
import { candidateBinDirs, findPostgres, passwdEntry, PostgresNotFoundError, serverUser } from '../../../src/live/postgres/binaries.js';
import { childPids } from '../../../src/live/postgres/pgNode.js';

/**
 * The parts of validate postgres that need no PostgreSQL: the predictions against closed forms
 * worked out here by hand, the verdict of a check, finding the programs and the user to run them as,
 * and reading a process's children from /proc.
 */
const scratch = mkdtempSync(join(tmpdir(), 'fleetsim-pg-parts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('predictions for the rig (writer next to the primary, one standby at RTT)', () => {
  it('commit: async is the local commit whatever the RTT; sync adds the RTT', () => {
    expect(predictedCommitMs('async', 50, 2)).toBeCloseTo(2, 9);
    expect(predictedCommitMs('sync', 50, 2)).toBeCloseTo(54, 9); // RTT + the primary's and the standby's flush
    expect(predictedCommitMs('sync', 0, 1.5)).toBeCloseTo(3, 9);
  });

  it('lost writes: rate × (one-way + sender delay); RTO: detection + promotion + reconnect', () => {
    // 200 writes/s over 25 ms in flight = 5 writes; with 5 ms the sender had not sent: 6.
    expect(predictedLostWrites(200, 25, 0)).toBeCloseTo(5, 9);
    expect(predictedLostWrites(200, 25, 5)).toBeCloseTo(6, 9);
    expect(predictedLostWrites(200, 0, 0)).toBe(0);
    expect(predictedRtoMs({ detectionMs: 1000, promotionMs: 100, reconnectMs: 50 })).toBe(1150);
  });
});

describe('checks', () => {
  it('within, with an asymmetric band; at most; exactly; a NaN measurement never agrees', () => {
    const band = { quantity: 'q', predicted: 10, kind: 'within' as const, allowed: 3, allowedBelow: 1 };
    expect(makeCheck({ ...band, measured: 12.9 }).agree).toBe(true);
    expect(makeCheck({ ...band, measured: 13.1 }).agree).toBe(false);
    expect(makeCheck({ ...band, measured: 8.9 }).agree).toBe(false);
    expect(makeCheck({ quantity: 'q', measured: 4, predicted: 5, kind: 'atMost', allowed: 0 }).agree).toBe(true);
    expect(makeCheck({ quantity: 'q', measured: 6, predicted: 5, kind: 'atMost', allowed: 0.5 }).agree).toBe(false);
    expect(makeCheck({ quantity: 'q', measured: 1, predicted: 0, kind: 'exactly', allowed: 0 }).agree).toBe(false);
    expect(makeCheck({ quantity: 'q', measured: Number.NaN, predicted: 0, kind: 'within', allowed: 1e9 }).agree).toBe(false);
  });
});

describe('finding PostgreSQL and its user', () => {
  it('an explicit directory without the programs is refused with the install hint', () => {
    expect(() => findPostgres(join(scratch, 'nothing'))).toThrow(PostgresNotFoundError);
    expect(() => findPostgres(join(scratch, 'nothing'))).toThrow(/apt-get install -y postgresql/);
  });

  it('candidates: the directory of an initdb on PATH (links resolved), then /usr/lib/postgresql/N/bin newest first', () => {
    const lib = join(scratch, 'lib');
    for (const m of ['13', '16', 'common']) mkdirSync(join(lib, m, 'bin'), { recursive: true });
    const onPath = join(scratch, 'path');
    mkdirSync(onPath);
    writeFileSync(join(onPath, 'initdb'), '#!/bin/sh\n', { mode: 0o755 });
    expect(candidateBinDirs(onPath, lib)).toEqual([onPath, join(lib, '16', 'bin'), join(lib, '13', 'bin')]);
  });

  it('as root, the servers run as the postgres user from passwd; as anyone else, as that user', () => {
    const passwd = 'root:x:0:0::/root:/bin/sh\npostgres:x:101:104:PostgreSQL administrator:/var/lib/postgresql:/bin/bash\n';
    expect(passwdEntry(passwd, 'postgres')).toEqual({ uid: 101, gid: 104 });
    expect(passwdEntry(passwd, 'nobody')).toBeUndefined();
    const file = join(scratch, 'passwd');
    writeFileSync(file, passwd);
    expect(serverUser('postgres', () => 0, file)).toEqual({ uid: 101, gid: 104, user: 'postgres' });
    expect(serverUser('postgres', () => 1000, file)).toBeUndefined();
    expect(() => serverUser('postgres', () => 0, join(scratch, 'missing'))).toThrow(/no "postgres" user/);
    // A "postgres" that is root would not help: PostgreSQL refuses uid 0.
    writeFileSync(file, 'postgres:x:0:0::/:/bin/sh\n');
    expect(() => serverUser('postgres', () => 0, file)).toThrow(/no "postgres" user/);
  });
});

describe('childPids', () => {
  it('reads the parent from /proc/N/stat, whose command may hold spaces and parentheses', () => {
    const proc = join(scratch, 'proc');
    const stat = (pid: number, comm: string, ppid: number) => {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      writeFileSync(join(proc, String(pid), 'stat'), `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1\n`);
    };
    stat(10, 'postgres', 1);
    stat(11, 'postgres: walsender (x) 127.0.0.1', 10);
    stat(12, 'postgres: checkpointer', 10);
    stat(13, 'bash', 1);
    mkdirSync(join(proc, 'self'), { recursive: true });
    expect(childPids(10, proc).sort()).toEqual([11, 12]);
    expect(childPids(10, join(scratch, 'no-proc'))).toEqual([]);
  });
});
