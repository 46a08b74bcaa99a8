import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Leftovers, processes, until, type Proc } from '../../support/processes.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * `fleetsim validate proxy` SIGKILLed mid-run, for real (the CLI as its own process through tsx):
 * no handler runs, yet within a few seconds HAProxy and every backend must be gone (the watchdog
 * kills them; backends also leave when their stdin pipe closes) and the run folder removed.
 * Linux only (reads /proc).
 */
const haproxy = realProgram({ program: 'haproxy', candidates: ['haproxy', '/usr/sbin/haproxy'], install: 'apt-get install -y haproxy' });
const ROOT = join(import.meta.dirname, '../../..');
const left = new Leftovers();
const { started, made, found } = left;
// A failed assertion must not leave anything running.
afterAll(() => left.sweep());

describeWithPrograms([haproxy], 'validate proxy killed with SIGKILL leaves nothing behind', () => {
  it('HAProxy, backends and the run folder go within seconds', { timeout: 40_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-proxy-kill-'));
    made.push(dir);
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'proxy', '--experiment', 'overload', '--duration', '20s', '--tmp-dir', dir];
    if (haproxy.path !== undefined) args.push('--haproxy-bin', haproxy.path);
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    let ours: Proc[] = [];
    await until(
      `haproxy and 4 backends running (fleetsim stderr: ${stderr})`,
      () => {
        if (child.exitCode !== null) throw new Error(`fleetsim exited early (${child.exitCode}): ${stderr}`);
        const all = processes();
        const proxy = all.filter((p) => p.args.some((a) => a.startsWith(dir)) && p.args.includes('-db'));
        const backends = all.filter((p) => p.ppid === child.pid && p.args.some((a) => a.includes('x-backend')));
        ours = [...proxy, ...backends];
        return proxy.length === 1 && backends.length === 4;
      },
      20_000,
    );
    for (const p of ours) found.add(p.pid);
    // Mid-run: the load is flowing.
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(child.pid!, 'SIGKILL');
    await until(
      'every HAProxy and backend process gone, the run folder removed',
      () => {
        const alive = new Set(processes().map((p) => p.pid));
        return ours.every((p) => !alive.has(p.pid)) && readdirSync(dir).length === 0;
      },
      8000,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
