import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { killHard, trackChild } from '../cleanup.js';
import type { PostgresBinaries, RunAs } from './binaries.js';

/**
 * One real PostgreSQL server on 127.0.0.1 (TCP only: no Unix socket, so nothing is left in /run or
 * /tmp), started as `postgres` directly (not through pg_ctl) so fleetsim holds the postmaster's
 * process: it is registered with ../cleanup.ts and the caller's watchdog, and a crash is a SIGKILL.
 *
 * Settings, and why:
 * - trust authentication, the superuser named postgres: a throw-away server on loopback only;
 * - fsync and synchronous_commit on (the defaults): commit latency includes a real WAL flush;
 * - wal_retrieve_retry_interval 100 ms: a standby retries its primary quickly (default 5 s);
 * - autovacuum off: no background work in the middle of a latency measurement;
 * - small shared_buffers: several servers on a small shared machine.
 */
export const DEFAULT_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: '40',
  shared_buffers: '16MB',
  max_wal_senders: '4',
  wal_level: 'replica',
  wal_retrieve_retry_interval: '100ms',
  autovacuum: 'off',
  log_min_messages: 'warning',
  log_line_prefix: '%m [%p] ',
};

/** The standby's name in synchronous_standby_names and pg_stat_replication. */
export const STANDBY_NAME = 'standby';

const LOG_LIMIT = 64 * 1024;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ProcessWatcher {
  watch(pid: number | undefined): void;
  forget(pid: number | undefined): void;
}

/**
 * The environment of PostgreSQL's programs: a plain one (nothing of ours, no PG* variables), plus
 * RUN_ENV naming the run folder, so a test can tell its postmasters from any other in
 * /proc/N/environ (the processes they fork inherit it too, but PostgreSQL writes their titles over
 * that memory: find those as the postmasters' children).
 */
export const RUN_ENV = 'FLEETSIM_POSTGRES_RUN';

function serverEnv(runDir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', [RUN_ENV]: runDir };
}

/** A directory for the server's user: created, 0700, owned by it when we are root. */
export function makeServerDir(path: string, runAs: RunAs | undefined): void {
  mkdirSync(path, { mode: 0o700 });
  if (runAs !== undefined) chownSync(path, runAs.uid, runAs.gid);
}

/** Run one of PostgreSQL's programs to completion as the server's user; its output in the error. */
export function runProgram(bins: PostgresBinaries, runAs: RunAs | undefined, program: string, args: readonly string[], watcher: ProcessWatcher, runDir: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(bins.binDir, program), args, { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(runDir), cwd: '/', ...(runAs !== undefined ? { uid: runAs.uid, gid: runAs.gid } : {}) });
    trackChild(child);
    watcher.watch(child.pid);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-LOG_LIMIT)));
    child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-LOG_LIMIT)));
    const timer = setTimeout(() => killHard(child), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${program}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      watcher.forget(child.pid);
      if (code === 0) resolve();
      else reject(new Error(`${program} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.trim()}`));
    });
  });
}

/** Pids whose parent is `pid` (Linux /proc; empty elsewhere). */
export function childPids(pid: number, procDir = '/proc'): number[] {
  let names: string[];
  try {
    names = readdirSync(procDir);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(join(procDir, n, 'stat'), 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so parse after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(n));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

export class PgNode {
  private child: ChildProcess | undefined;
  private log = '';
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly bins: PostgresBinaries,
    private readonly runAs: RunAs | undefined,
    private readonly watcher: ProcessWatcher,
    /** The run folder, in RUN_ENV of every process. */
    private readonly runDir: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The server's recent log (stderr), for error messages. */
  get recentLog(): string {
    return this.log.trim();
  }

  /** initdb a fresh cluster (fsync skipped: a throw-away directory; the server itself fsyncs). */
  async initdb(): Promise<void> {
    makeServerDir(this.dataDir, this.runAs);
    await runProgram(this.bins, this.runAs, 'initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], this.watcher, this.runDir);
  }

  /** Copy `primaryPort`'s cluster (pg_basebackup, WAL streamed alongside) and mark it a standby. */
  async baseBackupFrom(primaryPort: number): Promise<void> {
    makeServerDir(this.dataDir, this.runAs);
    await runProgram(this.bins, this.runAs, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', this.dataDir, '-X', 'stream', '--checkpoint=fast', '--no-sync'], this.watcher, this.runDir);
    const signal = join(this.dataDir, 'standby.signal');
    writeFileSync(signal, '');
    if (this.runAs !== undefined) chownSync(signal, this.runAs.uid, this.runAs.gid);
  }

  /** Start the postmaster with DEFAULT_SERVER_SETTINGS plus `settings` (command-line -c: they beat every config file). */
  async start(settings: Readonly<Record<string, string>> = {}, readyTimeoutMs = 30_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const all = { ...DEFAULT_SERVER_SETTINGS, port: String(this.port), ...settings };
    const args = ['-D', this.dataDir, ...Object.entries(all).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = spawn(join(this.bins.binDir, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(this.runDir), cwd: '/', ...(this.runAs !== undefined ? { uid: this.runAs.uid, gid: this.runAs.gid } : {}) });
    this.log = '';
    const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-LOG_LIMIT));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    trackChild(child);
    this.watcher.watch(child.pid);
    this.exited = new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) r();
      child.once('exit', () => {
        this.watcher.forget(child.pid);
        r();
      });
    });
    const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`postgres (${this.name}): ${err.message}`))));
    spawnError.catch(() => undefined);
    this.child = child;
    const deadline = performance.now() + readyTimeoutMs;
    while (performance.now() < deadline) {
      if (!this.running) throw new Error(`postgres (${this.name}) exited at start-up:\n${this.recentLog}`);
      if (await Promise.race([this.accepts(), spawnError])) return;
      await sleep(50);
    }
    throw new Error(`postgres (${this.name}) did not accept connections on 127.0.0.1:${this.port} within ${readyTimeoutMs / 1000} s:\n${this.recentLog}`);
  }

  /** True if a connection and `select 1` succeed within timeoutMs. */
  async accepts(timeoutMs = 1000): Promise<boolean> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** A new client connection (the caller ends it). */
  async connect(options: { timeoutMs?: number; applicationName?: string; options?: string } = {}): Promise<pg.Client> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      database: 'postgres',
      connectionTimeoutMillis: options.timeoutMs ?? 5000,
      application_name: options.applicationName ?? 'fleetsim',
      ...(options.options !== undefined ? { options: options.options } : {}),
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /**
   * A crash: SIGKILL the postmaster and every process it forked (each backend and the WAL sender
   * are their own session leaders, so a group kill would miss them), postmaster first so it forks
   * nothing new. No process gets to flush, send or acknowledge anything more.
   */
  async crash(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running || child.pid === undefined) return;
    const pid = child.pid;
    const children = childPids(pid);
    killHard(child);
    for (const c of [...children, ...childPids(pid)]) {
      try {
        process.kill(c, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await this.exited;
    // Forked processes are reparented on the postmaster's death: wait until they are gone too.
    const deadline = performance.now() + 5000;
    while (children.some(alive) && performance.now() < deadline) await sleep(10);
  }

  /** Stop for good (a SIGKILL: nothing on disk matters after this). Safe to call twice. */
  async stop(): Promise<void> {
    await this.crash();
    this.child = undefined;
  }
}

/** A process that exists and is not a zombie (a killed child waits to be reaped by whoever adopted it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return !existsProc();
    } catch {
      return false;
    }
  }
}

/** Whether /proc is there (then a pid missing from it is gone). */
function existsProc(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}
