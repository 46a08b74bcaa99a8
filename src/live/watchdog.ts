import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A watchdog process that outlives fleetsim by a moment: it is told the pids of the processes
 * fleetsim starts (etcd members) and, when fleetsim dies by any means, SIGKILL included, kills them
 * and removes their data folder.
 *
 * How it knows: its stdin is a pipe whose only writer is fleetsim (libuv opens pipes close-on-exec,
 * so the members do not inherit it). When fleetsim exits, however it exits, the kernel closes that
 * end and the watchdog reads end-of-file. Signal handlers cannot do this: nothing runs in a process
 * killed with SIGKILL, and SIGHUP (a closed terminal) is often not handled at all. The watchdog
 * ignores SIGINT, SIGTERM and SIGHUP, which a terminal sends to the whole process group, so it is
 * still there to do its job.
 *
 * Protocol on its stdin, one line each: "+PID" watch, "-PID" forget (the process exited, so a later
 * process reusing the pid is never killed). On end-of-file: SIGCONT and SIGKILL every watched pid
 * (a SIGSTOPped member too), remove the folder, exit. After a normal stop fleetsim has forgotten
 * every pid and removed the folder itself, so the end-of-file then does nothing.
 *
 * Plain JavaScript run with `node -e`, so it works from the sources (tests) and from dist alike.
 */
const WATCHDOG_SOURCE = `'use strict';
const { rmSync } = require('node:fs');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const dir = process.argv[1];
const pids = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (line[0] === '+') pids.add(pid);
    else if (line[0] === '-') pids.delete(pid);
  }
});
let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  for (const pid of pids) {
    try { process.kill(pid, 'SIGCONT'); } catch {}
    try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  if (dir) { try { rmSync(dir, { recursive: true, force: true }); } catch {} }
  process.exit(0);
}
process.stdin.on('end', finish);
process.stdin.on('error', finish);
`;

export class Watchdog {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private closed = false;

  /** Start a watchdog for `dir` (removed if fleetsim dies; undefined: nothing to remove). */
  constructor(dir: string | undefined) {
    // An empty environment: nothing of ours (NODE_OPTIONS loaders, ETCD_*) applies to it.
    this.child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, ...(dir !== undefined ? [dir] : [])], { stdio: ['pipe', 'ignore', 'ignore'], env: {} });
    this.exited = new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve();
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve());
    });
    // A watchdog that died (it should not) must not crash fleetsim with EPIPE.
    this.child.stdin!.on('error', () => undefined);
    // It never keeps fleetsim alive: when fleetsim is done, the pipe closes and it does its job.
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(line: string): void {
    if (this.closed || this.child.stdin === null || this.child.stdin.destroyed) return;
    this.child.stdin.write(`${line}\n`);
  }

  /** Kill this process if fleetsim dies. */
  watch(pid: number | undefined): void {
    if (pid !== undefined) this.send(`+${pid}`);
  }

  /** The process has exited: forget it. */
  forget(pid: number | undefined): void {
    if (pid !== undefined) this.send(`-${pid}`);
  }

  /** Normal end: close the pipe and wait until the watchdog has exited. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.child.stdin?.end();
    }
    await this.exited;
  }
}
