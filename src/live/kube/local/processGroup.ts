import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killHard, trackChild } from '../../cleanup.js';
import type { Watchdog } from '../../watchdog.js';

/**
 * The named processes of one local control plane: each logs to "<name>.log" in the run's folder, is
 * registered with ../../cleanup.ts (stopped on exit, exception, Ctrl-C) and with the watchdog
 * (killed if fleetsim dies by SIGKILL), and an exit nobody asked for is remembered, so a waiting
 * loop can report a crash with the end of its log instead of timing out.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Set when it exited without kill() asking it to. */
  crashed: boolean;
  exited: boolean;
}

/**
 * Restart a process that exits by itself, as the kubelet restarts a crashed static-pod container:
 * the first restart at once, then after 10 s, 20 s, 40 s … capped at 300 s (CrashLoopBackOff; the
 * kubelet's container back-off, pkg/kubelet/kuberuntime). `restarts` records each restart's time.
 */
export interface RestartPolicy {
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const KUBELET_RESTART_BACKOFF: RestartPolicy = { firstBackoffMs: 10_000, maxBackoffMs: 300_000 };

interface Supervision {
  readonly path: string;
  readonly args: readonly string[];
  readonly policy: RestartPolicy;
  /** Wall-clock ms (Date.now()) of each exit and each restart. */
  readonly exitsMs: number[];
  readonly restartsMs: number[];
  timer: NodeJS.Timeout | undefined;
}

export class ProcessGroup {
  private readonly dir: string;
  private readonly watchdog: Watchdog;
  private readonly byName = new Map<string, ManagedProcess>();
  private readonly supervised = new Map<string, Supervision>();
  private stopping = false;

  constructor(dir: string, watchdog: Watchdog) {
    this.dir = dir;
    this.watchdog = watchdog;
  }

  start(name: string, path: string, args: readonly string[]): ManagedProcess {
    if (this.byName.get(name)?.exited === false) throw new Error(`internal: ${name} is already running`);
    const logFile = join(this.dir, `${name}.log`);
    const log = openSync(logFile, 'a');
    // KUBECONFIG or ETCD_* in the caller's environment must not redirect our programs.
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ETCD_') && k !== 'KUBECONFIG') env[k] = v;
    const child = spawn(path, args, { stdio: ['ignore', log, log], env });
    closeSync(log);
    trackChild(child);
    this.watchdog.watch(child.pid);
    const p: ManagedProcess = { name, child, logFile, crashed: false, exited: false };
    child.once('exit', () => {
      this.watchdog.forget(child.pid);
      p.exited = true;
      if (this.stopping || this.byName.get(name) !== p || expected.has(child)) return;
      const sup = this.supervised.get(name);
      if (sup === undefined) p.crashed = true;
      else this.scheduleRestart(name, sup);
    });
    child.once('error', () => {
      p.exited = true;
      p.crashed = true;
    });
    this.byName.set(name, p);
    return p;
  }

  /** Start a process that is restarted whenever it exits by itself (see RestartPolicy). */
  startSupervised(name: string, path: string, args: readonly string[], policy: RestartPolicy = KUBELET_RESTART_BACKOFF): ManagedProcess {
    this.supervised.set(name, { path, args, policy, exitsMs: [], restartsMs: [], timer: undefined });
    return this.start(name, path, args);
  }

  /** When a supervised process exited by itself and was restarted (wall-clock ms). */
  restartsOf(name: string): { exitsMs: readonly number[]; restartsMs: readonly number[] } {
    const sup = this.supervised.get(name);
    return { exitsMs: sup?.exitsMs ?? [], restartsMs: sup?.restartsMs ?? [] };
  }

  private scheduleRestart(name: string, sup: Supervision): void {
    sup.exitsMs.push(Date.now());
    const n = sup.restartsMs.length;
    const delayMs = n === 0 ? 0 : Math.min(sup.policy.maxBackoffMs, sup.policy.firstBackoffMs * 2 ** (n - 1));
    sup.timer = setTimeout(() => {
      sup.timer = undefined;
      if (this.stopping) return;
      sup.restartsMs.push(Date.now());
      this.start(name, sup.path, sup.args);
    }, delayMs);
  }

  get(name: string): ManagedProcess | undefined {
    return this.byName.get(name);
  }

  /** SIGKILL one process (a node's kwok: the machine dies at once) and wait until it is gone. */
  async kill(name: string): Promise<void> {
    const p = this.byName.get(name);
    if (p === undefined || p.exited) return;
    expected.add(p.child);
    const gone = new Promise<void>((r) => p.child.once('exit', () => r()));
    killHard(p.child);
    await gone;
  }

  /** Throw if any process exited by itself, with the end of its log. */
  assertRunning(): void {
    for (const p of this.byName.values()) if (p.crashed) throw new Error(`${p.name} exited by itself; the end of ${p.logFile}:\n${this.logTail(p.name)}`);
  }

  logTail(name: string, lines = 12): string {
    const f = this.byName.get(name)?.logFile;
    if (f === undefined || !existsSync(f)) return '';
    return readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Kill everything, the last started first (kwok, then the controllers, then the API server, then etcd). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const sup of this.supervised.values()) if (sup.timer !== undefined) clearTimeout(sup.timer);
    const all = [...this.byName.values()].reverse();
    await Promise.all(
      all.map(async (p) => {
        if (p.exited) return;
        const gone = new Promise<void>((r) => p.child.once('exit', () => r()));
        killHard(p.child);
        await gone;
      }),
    );
  }
}

/** Children killed on purpose: their exit is not a crash. */
const expected = new WeakSet<ChildProcess>();
