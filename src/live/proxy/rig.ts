import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePorts, tcpAccepts } from '../ports.js';
import { killHard, trackChild, trackCloser, trackDir, untrackDir } from '../cleanup.js';
import { DelayProxy } from './delayProxy.js';
import { Watchdog } from '../watchdog.js';
import { makeOwnedTempDir, removeOrphanDirs } from '../orphanDirs.js';
import { BACKEND_SOURCE } from './backendServer.js';
import { haproxyConfig } from './haproxyConfig.js';

/**
 * HAProxy in front of N Node backends, all on 127.0.0.1 on free ports. Every process is registered
 * with ../cleanup.ts (stopped on stop(), on an exception, on Ctrl-C) and with a watchdog
 * (../watchdog.ts) that kills them and removes the rig's folder if fleetsim dies by SIGKILL. The
 * folder (config, stats socket, HAProxy's log) is named after our pid so a later run removes it
 * if we were killed before we could (../orphanDirs.ts).
 */
export const PROXY_DIR_PREFIX = 'fleetsim-proxy-';

export interface RigOptions {
  /** HAProxy binary; default haproxy on PATH. */
  readonly haproxyBin?: string;
  readonly backends: number;
  /** Requests each backend serves at once (also HAProxy's per-server maxconn). */
  readonly concurrency: number;
  readonly serviceMs: number;
  /** Attempts per request, first included. */
  readonly attempts: number;
  readonly queueTimeoutMs: number;
  readonly connectTimeoutMs?: number;
  readonly serverTimeoutMs?: number;
  /** One-way delay between HAProxy and each backend (a DelayProxy per backend); default 0, none. */
  readonly backendDelayMs?: number;
  /** Parent of the rig's folder; default the OS temp dir. */
  readonly baseDir?: string;
  /** Lognormal service time of median serviceMs and this p99 (backendServer.ts); default constant. */
  readonly serviceP99Ms?: number;
  /** Retry timed-out attempts (serverTimeoutMs is then the per-try timeout); see haproxyConfig.ts. */
  readonly retryOnTimeout?: boolean;
  /** Requests wait in the backends (no HAProxy maxconn), which also serve abandoned ones (keepWorking). */
  readonly queueInBackends?: boolean;
}

/** Per-server counters from HAProxy's `show stat`. */
export interface ServerStats {
  readonly name: string;
  /** Connection errors (econ). */
  readonly connectErrors: number;
  /** Retries (wretr) and redispatches (wredis). */
  readonly retries: number;
  readonly redispatches: number;
  /** Sessions sent to this server (stot). */
  readonly sessions: number;
}

export class HaproxyNotFoundError extends Error {}

/**
 * The haproxy to run when none is given: `haproxy` on PATH, else Debian's /usr/sbin/haproxy (a
 * normal user's PATH often lacks /usr/sbin).
 */
export function defaultHaproxyBin(envPath: string | undefined = process.env.PATH): string {
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'haproxy'), constants.X_OK);
      return join(dir, 'haproxy');
    } catch {
      /* not here */
    }
  }
  return '/usr/sbin/haproxy';
}

/** "2.6.12-1+deb12u4" from `haproxy -v`; HaproxyNotFoundError when it cannot be run. */
export function haproxyVersion(bin = defaultHaproxyBin()): string {
  let out: string;
  try {
    out = execFileSync(bin, ['-v'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new HaproxyNotFoundError(`cannot run haproxy (${bin}): ${(err as Error).message.split('\n')[0]}; apt-get install -y haproxy, or give --haproxy-bin`);
  }
  return /version\s+(\S+)/i.exec(out)?.[1] ?? out.split('\n')[0].trim();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ProxyRig {
  readonly dir: string;
  readonly backendPorts: number[] = [];
  frontendPort = 0;
  /** Folders of dead fleetsim runs removed before this start. */
  orphansRemoved: string[] = [];
  private readonly options: RigOptions;
  private readonly watchdog: Watchdog;
  private readonly backends: (ChildProcess | undefined)[] = [];
  private haproxy: ChildProcess | undefined;
  private readonly delays: DelayProxy[] = [];
  private untrackDelays: (() => void) | undefined;
  private haproxyLog = '';
  private readonly statsSocket: string;

  private constructor(options: RigOptions, dir: string) {
    this.options = options;
    this.dir = dir;
    this.statsSocket = join(dir, 'stats.sock');
    this.watchdog = new Watchdog(dir);
  }

  static async start(options: RigOptions): Promise<ProxyRig> {
    if (!Number.isInteger(options.backends) || options.backends < 1 || options.backends > 32) throw new RangeError(`backends must be 1..32, got ${options.backends}`);
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 1000) throw new RangeError(`concurrency must be 1..1000, got ${options.concurrency}`);
    if (!(options.serviceMs >= 1 && options.serviceMs <= 60_000)) throw new RangeError(`service time must be 1 ms..60 s, got ${options.serviceMs} ms`);
    const parent = options.baseDir ?? tmpdir();
    const orphans = removeOrphanDirs(parent, PROXY_DIR_PREFIX);
    const dir = makeOwnedTempDir(parent, PROXY_DIR_PREFIX);
    trackDir(dir);
    const rig = new ProxyRig(options, dir);
    rig.orphansRemoved = orphans;
    try {
      await rig.launch();
      return rig;
    } catch (err) {
      await rig.stop();
      throw err;
    }
  }

  private track(child: ChildProcess): void {
    trackChild(child);
    this.watchdog.watch(child.pid);
    child.once('exit', () => this.watchdog.forget(child.pid));
  }

  private async launch(): Promise<void> {
    const o = this.options;
    const delayed = (o.backendDelayMs ?? 0) > 0;
    const ports = await freePorts(1 + o.backends * (delayed ? 2 : 1));
    this.frontendPort = ports[0];
    this.backendPorts.push(...ports.slice(1, 1 + o.backends));
    await Promise.all(this.backendPorts.map((p, i) => this.startBackend(i, p)));
    // HAProxy talks to the delay proxies, which talk to the backends.
    let serverPorts = this.backendPorts;
    if (delayed) {
      serverPorts = ports.slice(1 + o.backends);
      this.delays.push(...serverPorts.map((p, i) => new DelayProxy(p, this.backendPorts[i], o.backendDelayMs!)));
      this.untrackDelays = trackCloser(() => this.delays.forEach((d) => d.closeSync()));
      await Promise.all(this.delays.map((d) => d.start()));
    }
    const configPath = join(this.dir, 'haproxy.cfg');
    writeFileSync(
      configPath,
      haproxyConfig({
        frontendPort: this.frontendPort,
        backendPorts: serverPorts,
        attempts: o.attempts,
        maxConnPerServer: o.concurrency,
        queueTimeoutMs: o.queueTimeoutMs,
        connectTimeoutMs: o.connectTimeoutMs ?? 100,
        serverTimeoutMs: o.serverTimeoutMs ?? 10_000,
        statsSocket: this.statsSocket,
        retryOnTimeout: o.retryOnTimeout,
        queueInBackends: o.queueInBackends,
      }),
    );
    const bin = o.haproxyBin ?? defaultHaproxyBin();
    // -db: stay in the foreground (no daemon to lose track of); -Ws is not used, one process.
    const child = spawn(bin, ['-db', '-f', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const spawnError = new Promise<never>((_, reject) =>
      child.once('error', (err) => reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new HaproxyNotFoundError(`haproxy not found (${bin}): apt-get install -y haproxy, or give --haproxy-bin`) : err)),
    );
    spawnError.catch(() => undefined);
    child.stdout!.on('data', (d: Buffer) => (this.haproxyLog += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.haproxyLog += d.toString()));
    this.track(child);
    this.haproxy = child;
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`haproxy exited at start-up:\n${this.haproxyLog.trim()}`);
      const ready = await Promise.race([tcpAccepts(this.frontendPort, 200), spawnError]);
      if (ready) return;
      await sleep(20);
    }
    throw new Error(`haproxy did not listen on 127.0.0.1:${this.frontendPort} within 10 s:\n${this.haproxyLog.trim()}`);
  }

  private startBackend(index: number, port: number): Promise<void> {
    const o = this.options;
    // An empty environment: nothing of ours (NODE_OPTIONS loaders) applies to it.
    const child = spawn(process.execPath, ['-e', BACKEND_SOURCE, String(port), String(o.concurrency), String(o.serviceMs), String(o.serviceP99Ms ?? 0), o.queueInBackends ? '1' : '0'], { stdio: ['pipe', 'pipe', 'inherit'], env: {} });
    this.track(child);
    this.backends[index] = child;
    child.once('exit', () => {
      if (this.backends[index] === child) this.backends[index] = undefined;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`backend ${index + 1} did not start within 10 s`)), 10_000);
      child.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`backend ${index + 1} exited at start-up (code ${code})`));
      });
    });
  }

  /** SIGKILL backend `index` and wait until it is gone: its port now refuses connections. */
  async killBackend(index: number): Promise<void> {
    const child = this.backends[index];
    if (child === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    killHard(child);
    await exited;
  }

  /**
   * SIGSTOP backend `index` (paused: true) or SIGCONT it. A stopped backend's kernel still accepts
   * connections into its listen queue, so HAProxy's attempts hang until timeout server: the capacity
   * drop of the retry-storm experiment (a stall, such as a long GC pause or a frozen VM).
   */
  pauseBackend(index: number, paused: boolean): void {
    const child = this.backends[index];
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(paused ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Requests each live backend received (GET /count on it); a killed backend counts 0. */
  async backendRequestCounts(): Promise<number[]> {
    return Promise.all(
      this.backendPorts.map((port, i) =>
        this.backends[i] === undefined
          ? Promise.resolve(0)
          : new Promise<number>((resolve, reject) => {
              const req = httpGet({ host: '127.0.0.1', port, path: '/count', agent: false, timeout: 5000 }, (res) => {
                let body = '';
                res.on('data', (d: Buffer) => (body += d.toString()));
                res.once('end', () => resolve(Number(body)));
              });
              req.once('timeout', () => req.destroy(new Error(`backend ${i + 1} did not answer /count within 5 s`)));
              req.once('error', reject);
            }),
      ),
    );
  }

  /** Per-server counters, read from HAProxy's stats socket (`show stat`, CSV). */
  async serverStats(): Promise<ServerStats[]> {
    const csv = await new Promise<string>((resolve, reject) => {
      const socket = connect(this.statsSocket);
      let out = '';
      socket.setTimeout(2000, () => socket.destroy(new Error('stats socket timed out')));
      socket.on('data', (d) => (out += d.toString()));
      socket.once('error', reject);
      socket.once('end', () => resolve(out));
      socket.write('show stat\n');
    });
    const lines = csv.split('\n').filter((l) => l.trim() !== '');
    const header = lines[0].replace(/^# /, '').split(',');
    const col = (name: string) => header.indexOf(name);
    const out: ServerStats[] = [];
    for (const l of lines.slice(1)) {
      const f = l.split(',');
      if (f[col('pxname')] !== 'pool' || f[col('svname')] === 'BACKEND' || f[col('svname')] === 'FRONTEND') continue;
      const n = (name: string) => Number(f[col(name)] || 0);
      out.push({ name: f[col('svname')], connectErrors: n('econ'), retries: n('wretr'), redispatches: n('wredis'), sessions: n('stot') });
    }
    return out;
  }

  /** Stop everything, remove the folder. Safe to call twice. */
  async stop(): Promise<void> {
    const children = [this.haproxy, ...this.backends].filter((c): c is ChildProcess => c !== undefined && c.exitCode === null && c.signalCode === null);
    await Promise.all(
      children.map((c) => {
        const exited = new Promise<void>((r) => c.once('exit', () => r()));
        killHard(c);
        return exited;
      }),
    );
    this.haproxy = undefined;
    await Promise.all(this.delays.map((d) => d.close()));
    this.untrackDelays?.();
    this.untrackDelays = undefined;
    rmSync(this.dir, { recursive: true, force: true });
    untrackDir(this.dir);
    // The watchdog is unref'd: while we wait for it to exit, a timer keeps this process alive, or a
    // caller with nothing else pending (the CLI between two rigs) would see Node exit under it.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      await this.watchdog.close();
    } finally {
      clearInterval(keepAlive);
    }
  }
}
