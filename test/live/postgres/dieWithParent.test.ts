import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { candidateBinDirs } from '../../../src/live/postgres/binaries.js';
import { Leftovers, processes, until, type Proc } from '../../support/processes.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * `fleetsim validate postgres` SIGKILLed mid-run, for real (the CLI as its own process through tsx):
 * no handler runs, yet within seconds both postmasters and every process they forked must be gone
 * (the watchdog SIGKILLs the postmasters; their backends, WAL sender and receiver, checkpointer …
 * notice the postmaster's death and exit) and the data folder removed. Linux only (reads /proc).
 */
const postgres = realProgram({ program: 'postgres', candidates: [...candidateBinDirs().map((d) => join(d, 'postgres')), 'postgres'], install: 'apt-get install -y postgresql' });
const ROOT = join(import.meta.dirname, '../../..');
const left = new Leftovers();
const { started, made, found } = left;
// A failed assertion must not leave anything running.
afterAll(() => left.sweep());

describeWithPrograms([postgres], 'validate postgres killed with SIGKILL leaves nothing behind', () => {
  it('both servers, everything they forked and the data folder go within seconds', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-postgres-kill-'));
    made.push(dir);
    chmodSync(dir, 0o711); // run as root, the servers run as postgres, who must enter it
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'postgres', '--rtt', '20ms', '--commit-samples', '2000', '--trials', '1', '--tmp-dir', dir];
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    let ours: Proc[] = [];
    await until(
      `a primary and a standby running (fleetsim stderr: ${stderr})`,
      () => {
        if (child.exitCode !== null) throw new Error(`fleetsim exited early (${child.exitCode}): ${stderr}`);
        const all = processes();
        const postmasters = all.filter((p) => p.args.some((a) => a.startsWith(dir)) && p.args.includes('-D'));
        ours = [...postmasters, ...all.filter((p) => postmasters.some((m) => m.pid === p.ppid))];
        return postmasters.length === 2;
      },
      30_000,
    );
    // Mid-run: the commit-latency experiment is writing (2000 synchronous commits take far longer).
    // Wait until the servers have forked their helpers (on a loaded machine a fixed second was not
    // always enough: 3 processes seen), so that the kill below has a whole family to clean up.
    await until(
      `the servers' helper processes (fleetsim stderr: ${stderr})`,
      () => {
        const all = processes();
        ours = [...ours, ...all.filter((p) => ours.some((m) => m.pid === p.ppid) && !ours.some((o) => o.pid === p.pid))];
        return ours.length > 4;
      },
      30_000,
    );
    for (const p of ours) found.add(p.pid);
    expect(ours.length).toBeGreaterThan(4); // postmasters, WAL sender and receiver, checkpointers …
    process.kill(child.pid!, 'SIGKILL');
    await until(
      'every PostgreSQL process gone, the data folder removed',
      () => {
        const alive = new Set(processes().map((p) => p.pid));
        return ours.every((p) => !alive.has(p.pid)) && readdirSync(dir).length === 0;
      },
      10_000,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
