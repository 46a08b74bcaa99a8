import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/**
 * What the "killed with SIGKILL leaves nothing behind" suites share (test/live/*\/dieWithParent.test.ts):
 * the live processes as /proc shows them (Linux only), a poll with a deadline, and a sweeper that a
 * failed assertion cannot skip.
 */
export interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string[];
}

/** Every running process (zombies excluded: exited, not yet reaped, dead for our purpose). */
export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      out.push({ pid: Number(name), ppid: Number(fields[1]), args: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0') });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Polls `check` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}`);
}

/** What a suite started, saw and made; `sweep()` (its afterAll) kills and removes all of it. */
export class Leftovers {
  readonly started: ChildProcess[] = [];
  readonly made: string[] = [];
  readonly found = new Set<number>();

  sweep(): void {
    for (const c of this.started) {
      try {
        if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const pid of this.found) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const d of this.made) rmSync(d, { recursive: true, force: true });
  }
}
