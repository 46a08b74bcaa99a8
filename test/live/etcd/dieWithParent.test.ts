import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findEtcd } from '../../../src/live/etcd/binary.js';
import { LocalEtcdCluster } from '../../../src/live/etcd/localCluster.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * `fleetsim validate etcd` killed mid-experiment, for real: the CLI runs as its own process (through
 * tsx), its members are real etcd processes. Whatever kills fleetsim — SIGKILL included, which no
 * handler sees — no member may be left listening within a few seconds, and the data folder (hundreds
 * of MB) must go; if even the watchdog was killed, the next start removes the folder.
 * Linux only (reads /proc), like every real-etcd test here.
 */
const etcd = realProgram({ program: 'etcd', install: 'apt-get install -y etcd-server' });
const ROOT = join(import.meta.dirname, '../../..');
const made: string[] = [];
const started: ChildProcess[] = [];
afterAll(() => {
  // A failed assertion must not leave anything running: our fleetsim process groups, then any member.
  for (const c of started) {
    try {
      if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of made) {
    for (const m of membersUnder(d)) {
      try {
        process.kill(m.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(d, { recursive: true, force: true });
  }
});

interface Member {
  pid: number;
  clientPort: number;
}

/** etcd processes whose command line mentions `dir` (read from /proc: no pgrep needed). */
function membersUnder(dir: string): Member[] {
  const out: Member[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (!args.some((a) => a.startsWith('--data-dir=') && a.includes(dir))) continue;
    const url = args.find((a) => a.startsWith('--listen-client-urls='));
    out.push({ pid: Number(name), clientPort: Number(/:(\d+)$/.exec(url ?? '')?.[1] ?? 0) });
  }
  return out;
}

/** A zombie (exited, not yet reaped) is dead for our purpose. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}`);
}

/** Start `fleetsim validate etcd` in its own process group; resolve once its 3 members serve clients. */
async function startFleetsim(tmpDir: string): Promise<{ child: ChildProcess; members: Member[]; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'etcd', '--tmp-dir', tmpDir, '--trials', '50', '--sim-trials', '10', '--heartbeat', '50ms', '--election-timeout', '500ms', '--fsync', '1ms'];
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let members: Member[] = [];
  await until(
    `3 etcd members serving under ${tmpDir} (fleetsim stderr: ${stderr})`,
    async () => {
      if (child.exitCode !== null) throw new Error(`fleetsim exited early (${child.exitCode}): ${stderr}`);
      members = membersUnder(tmpDir);
      return members.length === 3 && (await Promise.all(members.map((m) => accepts(m.clientPort)))).every(Boolean);
    },
    40_000,
  );
  // Mid-experiment: trials are running.
  await new Promise((r) => setTimeout(r, 1500));
  return { child, members, exit };
}

/**
 * No member process left, hence none listening (the kernel closes a dead process's sockets). The
 * ports themselves are no evidence: another test's etcd may take a freed port at once.
 */
async function expectNoMemberLeft(tmpDir: string, members: Member[]): Promise<void> {
  expect(members.every((m) => m.clientPort > 0)).toBe(true);
  await until('every member gone', () => members.every((m) => !running(m.pid)) && membersUnder(tmpDir).every((m) => !running(m.pid)), 5000);
}

describeWithPrograms([etcd], 'etcd members die with fleetsim', () => {
  it('SIGKILL of fleetsim: the watchdog kills every member and removes the data folder within seconds', { timeout: 90_000 }, async () => {
    const tmpDir = mkdtempSync(join(tmpdir(), 'fleetsim-die-'));
    made.push(tmpDir);
    const { child, members, exit } = await startFleetsim(tmpDir);
    expect(readdirSync(tmpDir)).toHaveLength(1);
    process.kill(child.pid!, 'SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');
    await expectNoMemberLeft(tmpDir, members);
    await until('the data folder removed', () => readdirSync(tmpDir).length === 0, 5000);
  });

  it('SIGHUP, SIGTERM, SIGINT of fleetsim: members stopped, folder removed, exit 128 + signal', { timeout: 180_000 }, async () => {
    for (const [signal, code] of [
      ['SIGHUP', 129],
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const tmpDir = mkdtempSync(join(tmpdir(), 'fleetsim-die-'));
      made.push(tmpDir);
      const { child, members, exit } = await startFleetsim(tmpDir);
      process.kill(child.pid!, signal);
      expect((await exit).code, signal).toBe(code);
      await expectNoMemberLeft(tmpDir, members);
      await until(`the data folder removed after ${signal}`, () => readdirSync(tmpDir).length === 0, 5000);
    }
  });

  it('SIGKILL of the whole process group (the watchdog too): the folder is left, and the next start removes it', { timeout: 90_000 }, async () => {
    const tmpDir = mkdtempSync(join(tmpdir(), 'fleetsim-die-'));
    made.push(tmpDir);
    const { child, members, exit } = await startFleetsim(tmpDir);
    process.kill(-child.pid!, 'SIGKILL');
    await exit;
    await expectNoMemberLeft(tmpDir, members);
    const [orphan] = readdirSync(tmpDir);
    expect(orphan).toMatch(new RegExp(`^fleetsim-etcd-${child.pid}-`));
    const cluster = await LocalEtcdCluster.start({ binary: findEtcd(), members: 1, heartbeatMs: 50, electionTimeoutMs: 500, preVote: false, proxy: false, baseDir: tmpDir });
    try {
      expect(cluster.orphansRemoved).toEqual([join(tmpDir, orphan)]);
      expect(existsSync(join(tmpDir, orphan))).toBe(false);
    } finally {
      await cluster.stop();
    }
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});
