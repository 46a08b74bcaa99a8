import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/**
 * Everything the live adapters start (child processes, temporary directories, servers) is registered
 * here, so it is torn down on normal completion, on an exception, and on Ctrl-C / SIGTERM / SIGHUP (a
 * closed terminal). Signal handlers are installed only while something is registered, and removed
 * afterwards, so importing this module changes nothing. What no handler can catch (SIGKILL) is left
 * to the watchdog (watchdog.ts).
 */
type Closer = () => void;

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const closers = new Set<Closer>();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  process.stderr.write(`fleetsim: ${signal}: stopped every process and removed every directory it had started\n`);
  // 128 + signal number, as shells report it.
  process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 15));
}

const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

function onExit(): void {
  cleanupAllSync();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of HANDLED_SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
}

function uninstallIfIdle(): void {
  if (!installed || children.size > 0 || dirs.size > 0 || closers.size > 0) return;
  installed = false;
  for (const s of HANDLED_SIGNALS) process.off(s, onSignal);
  process.off('exit', onExit);
}

export function trackChild(child: ChildProcess): void {
  install();
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
    uninstallIfIdle();
  });
}

export function trackDir(dir: string): void {
  install();
  dirs.add(dir);
}

export function untrackDir(dir: string): void {
  dirs.delete(dir);
  uninstallIfIdle();
}

/** A synchronous closer (e.g. server.close) run on cleanup; returns a function that unregisters it. */
export function trackCloser(close: Closer): () => void {
  install();
  closers.add(close);
  return () => {
    closers.delete(close);
    uninstallIfIdle();
  };
}

/** Kill a child for sure: a stopped (SIGSTOP) process is continued first so nothing is left frozen. */
export function killHard(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(child.pid, 'SIGCONT');
  } catch {
    /* already gone */
  }
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Kill every tracked child, run every closer, remove every tracked directory. Safe to call twice. */
export function cleanupAllSync(): void {
  for (const c of children) killHard(c);
  for (const close of closers) {
    try {
      close();
    } catch {
      /* best effort on the way out */
    }
  }
  closers.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
  uninstallIfIdle();
}

/** For tests: how much is still registered. */
export function trackedCounts(): { children: number; dirs: number; closers: number } {
  return { children: children.size, dirs: dirs.size, closers: closers.size };
}
