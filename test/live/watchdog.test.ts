import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Watchdog } from '../../src/live/watchdog.js';

/** A process that would live a minute: what an etcd member is to the watchdog. */
function sleeper(): { child: ChildProcess; gone: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  const gone = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
  return { child, gone };
}

describe('watchdog', () => {
  it('on end-of-file (what fleetsim dying looks like to it) kills every watched process, stopped ones too, and removes the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-watchdog-'));
    writeFileSync(join(dir, 'wal'), 'x');
    const a = sleeper();
    const b = sleeper();
    const dog = new Watchdog(dir);
    dog.watch(a.child.pid);
    dog.watch(b.child.pid);
    process.kill(b.child.pid!, 'SIGSTOP');
    await dog.close();
    expect(await a.gone).toBe('SIGKILL');
    expect(await b.gone).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
  });

  it('leaves alone what it was told to forget (an exited member whose pid could be reused)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-watchdog-'));
    const a = sleeper();
    const dog = new Watchdog(dir);
    dog.watch(a.child.pid);
    dog.forget(a.child.pid);
    await dog.close();
    expect(a.child.exitCode).toBeNull();
    expect(a.child.signalCode).toBeNull();
    a.child.kill('SIGKILL');
    await a.gone;
  });

  it('survives SIGINT, SIGTERM and SIGHUP (a terminal signals the whole process group)', async () => {
    const a = sleeper();
    const dog = new Watchdog(undefined);
    dog.watch(a.child.pid);
    // Let it install its handlers before it is signalled.
    await new Promise((r) => setTimeout(r, 300));
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.kill(dog.pid!, s);
    await new Promise((r) => setTimeout(r, 200));
    await dog.close();
    expect(await a.gone).toBe('SIGKILL');
  });
});
