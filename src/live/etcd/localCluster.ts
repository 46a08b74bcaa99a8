import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, tcpAccepts } from '../ports.js';
import { killHard, trackChild, trackCloser, trackDir, untrackDir } from '../cleanup.js';
import { Watchdog } from '../watchdog.js';
import { makeOwnedTempDir, removeOrphanDirs } from '../orphanDirs.js';
import { etcdMinorVersion, type EtcdBinary } from './binary.js';
import { memberIdHex, memberList, put, status, type MemberStatus } from './gateway.js';
import { PeerProxy } from './peerProxy.js';
import { ensureDir } from '../../report/outputDir.js';

/**
 * An N-member etcd cluster of real processes on 127.0.0.1, each with its own data directory under one
 * temporary directory. Members can be killed (SIGKILL), paused (SIGSTOP/SIGCONT), restarted on their
 * data, and, with peer proxies, delayed and partitioned. Everything started is registered with
 * ../cleanup.ts, so it goes away on stop(), on an exception and on Ctrl-C; and a watchdog process
 * (../watchdog.ts) kills the members and removes the folder if fleetsim dies without cleaning up
 * (SIGKILL, a closed terminal). The folder is named after our pid (ETCD_DIR_PREFIX<pid>-XXXXXX): a
 * start first removes such folders whose owner is dead (../orphanDirs.ts).
 */
export const ETCD_DIR_PREFIX = 'fleetsim-etcd-';

export interface LocalEtcdOptions {
  binary: EtcdBinary;
  members: number;
  heartbeatMs: number;
  electionTimeoutMs: number;
  /** etcd 3.4+ --pre-vote (default off in 3.4, on from 3.5). */
  preVote: boolean;
  /** Route peer traffic through a PeerProxy per member (needed for delay and partitions). */
  proxy: boolean;
  /** With proxy: one-way delay added to every peer message (RTT grows by twice this). */
  peerOneWayDelayMs?: number;
  /** Parent of the temporary directory; default the OS temp dir. */
  baseDir?: string;
  /** Give up if the cluster has no leader after this long. Default 30 s. */
  startTimeoutMs?: number;
}

export type MemberState = 'up' | 'down' | 'paused';

export interface LocalMember {
  index: number;
  name: string;
  clientUrl: string;
  peerPort: number;
  advertisedPeerPort: number;
  dataDir: string;
  logFile: string;
  idDecimal: string;
  idHex: string;
  state: MemberState;
  /** The process exited without kill() or stop() asking it to (a crash, a bad flag). */
  unexpectedExit: boolean;
  child: ChildProcess | undefined;
  /** Called before a deliberate kill, so the exit is not reported as a crash. */
  expectExit: () => void;
  proxy: PeerProxy | undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LocalEtcdCluster {
  readonly members: LocalMember[] = [];
  readonly rootDir: string;
  /** Folders of dead fleetsim processes removed before this start. */
  orphansRemoved: string[] = [];
  private readonly options: LocalEtcdOptions;
  private readonly watchdog: Watchdog;
  private untrackProxies: (() => void) | undefined;
  private stopped = false;

  private constructor(options: LocalEtcdOptions, rootDir: string) {
    this.options = options;
    this.rootDir = rootDir;
    this.watchdog = new Watchdog(rootDir);
  }

  /** Start every member and wait until one leader is agreed and a write succeeds. */
  static async start(options: LocalEtcdOptions): Promise<LocalEtcdCluster> {
    const n = options.members;
    if (!Number.isInteger(n) || n < 1 || n > 9) throw new RangeError(`members must be 1..9 for a local cluster, got ${n}`);
    if (!(options.heartbeatMs > 0) || options.electionTimeoutMs < 5 * options.heartbeatMs) {
      throw new RangeError(`election timeout (${options.electionTimeoutMs} ms) must be at least 5 × heartbeat (${options.heartbeatMs} ms), as etcd requires`);
    }
    if (!options.proxy && (options.peerOneWayDelayMs ?? 0) > 0) throw new RangeError('peer delay needs the peer proxy');
    const parent = options.baseDir ?? tmpdir();
    const orphans = removeOrphanDirs(parent, ETCD_DIR_PREFIX);
    const rootDir = makeOwnedTempDir(parent, ETCD_DIR_PREFIX);
    trackDir(rootDir);
    const cluster = new LocalEtcdCluster(options, rootDir);
    cluster.orphansRemoved = orphans;
    try {
      await cluster.launch();
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  get heartbeatMs(): number {
    return this.options.heartbeatMs;
  }

  get electionTimeoutMs(): number {
    return this.options.electionTimeoutMs;
  }

  private async launch(): Promise<void> {
    const n = this.options.members;
    const ports = await freePorts(n * (this.options.proxy ? 3 : 2));
    for (let i = 0; i < n; i++) {
      const clientPort = ports[i];
      const peerPort = ports[n + i];
      const advertisedPeerPort = this.options.proxy ? ports[2 * n + i] : peerPort;
      const dataDir = join(this.rootDir, `m${i + 1}.data`);
      this.members.push({
        index: i,
        name: `m${i + 1}`,
        clientUrl: `http://127.0.0.1:${clientPort}`,
        peerPort,
        advertisedPeerPort,
        dataDir,
        logFile: join(this.rootDir, `m${i + 1}.log`),
        idDecimal: '',
        idHex: '',
        state: 'down',
        unexpectedExit: false,
        child: undefined,
        expectExit: () => undefined,
        proxy: undefined,
      });
    }
    if (this.options.proxy) {
      for (const m of this.members) {
        m.proxy = new PeerProxy({ listenPort: m.advertisedPeerPort, targetPort: m.peerPort, oneWayDelayMs: this.options.peerOneWayDelayMs ?? 0 });
        await m.proxy.start();
      }
      this.untrackProxies = trackCloser(() => this.members.forEach((m) => m.proxy?.closeSync()));
    }
    for (const m of this.members) this.spawnMember(m, 'new');
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    await this.waitStable(timeoutMs);
    const list = await memberList(this.members[0].clientUrl, 2000);
    for (const m of this.members) {
      const info = list.find((x) => x.name === m.name);
      if (info === undefined) throw new Error(`member ${m.name} missing from the member list`);
      m.idDecimal = info.id;
      m.idHex = memberIdHex(info.id);
    }
  }

  private args(m: LocalMember, state: 'new' | 'existing'): string[] {
    const initialCluster = this.members.map((x) => `${x.name}=http://127.0.0.1:${x.advertisedPeerPort}`).join(',');
    const args = [
      `--name=${m.name}`,
      `--data-dir=${m.dataDir}`,
      `--listen-client-urls=${m.clientUrl}`,
      `--advertise-client-urls=${m.clientUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${m.peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${m.advertisedPeerPort}`,
      `--initial-cluster=${initialCluster}`,
      `--initial-cluster-state=${state}`,
      `--initial-cluster-token=fleetsim-${process.pid}`,
      `--heartbeat-interval=${Math.round(this.options.heartbeatMs)}`,
      `--election-timeout=${Math.round(this.options.electionTimeoutMs)}`,
      // The model's restarted member starts its election timer from zero; etcd would otherwise
      // fast-forward it (initial-election-tick-advance), which the model does not represent.
      '--initial-election-tick-advance=false',
      '--logger=zap',
      '--log-level=warn',
    ];
    const [major, minor] = etcdMinorVersion(this.options.binary.version);
    if (major > 3 || (major === 3 && minor >= 4)) args.push(`--pre-vote=${this.options.preVote}`);
    else if (this.options.preVote) throw new RangeError(`etcd ${this.options.binary.version} has no --pre-vote (3.4+)`);
    return args;
  }

  private spawnMember(m: LocalMember, state: 'new' | 'existing'): void {
    ensureDir(this.rootDir); // one level at a time: a recursive mkdir never returns under /proc (a --base-dir there)
    const log = openSync(m.logFile, 'a');
    const env: NodeJS.ProcessEnv = {};
    // ETCD_* variables in the caller's environment would override our flags.
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ETCD_')) env[k] = v;
    const child = spawn(this.options.binary.path, this.args(m, state), { stdio: ['ignore', log, log], env });
    closeSync(log);
    trackChild(child);
    this.watchdog.watch(child.pid);
    m.child = child;
    m.state = 'up';
    m.unexpectedExit = false;
    let expected = false;
    m.expectExit = () => (expected = true);
    child.once('exit', () => {
      this.watchdog.forget(child.pid);
      if (m.child === child) {
        m.child = undefined;
        m.state = 'down';
        m.unexpectedExit = !expected && !this.stopped;
      }
    });
  }

  /** The last lines of a member's log, for error messages. */
  logTail(index: number, lines = 8): string {
    const f = this.members[index].logFile;
    if (!existsSync(f)) return '';
    return readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  upMembers(): LocalMember[] {
    return this.members.filter((m) => m.state === 'up');
  }

  /** Statuses of the up members that answered within timeoutMs. */
  async statuses(timeoutMs = 500): Promise<Array<{ member: LocalMember; status: MemberStatus }>> {
    const up = this.upMembers();
    const settled = await Promise.allSettled(up.map((m) => status(m.clientUrl, timeoutMs)));
    const out: Array<{ member: LocalMember; status: MemberStatus }> = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') out.push({ member: up[i], status: s.value });
    });
    return out;
  }

  /**
   * The leader every up member agrees on (index), or −1 while they disagree, a member does not
   * answer, or nobody leads.
   */
  async agreedLeader(): Promise<number> {
    const up = this.upMembers();
    const st = await this.statuses();
    if (up.length === 0 || st.length < up.length) return -1;
    const leaderId = st[0].status.leaderId;
    if (leaderId === '0' || st.some((s) => s.status.leaderId !== leaderId)) return -1;
    const byId = this.members.find((m) => m.idDecimal === leaderId || (m.idDecimal === '' && st.some((s) => s.member === m && s.status.memberId === leaderId)));
    return byId?.index ?? -1;
  }

  /**
   * Wait until every up member answers, agrees on one leader, the applied indexes are level, and a
   * write through every up member succeeds. Bounded by timeoutMs.
   */
  async waitStable(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    let lastProblem = 'no member answered';
    while (performance.now() < deadline) {
      if (this.stopped) throw new Error('cluster stopped');
      const st = await this.statuses();
      const up = this.upMembers();
      const leaderId = st[0]?.status.leaderId ?? '0';
      if (st.length < up.length) lastProblem = `${up.length - st.length} member(s) not answering`;
      else if (leaderId === '0') lastProblem = 'no leader';
      else if (st.some((s) => s.status.leaderId !== leaderId)) lastProblem = 'members disagree on the leader';
      else {
        try {
          await Promise.all(up.map((m) => put(m.clientUrl, 'fleetsim/stable', String(Date.now()), 1000)));
          const after = await this.statuses();
          const applied = after.map((s) => s.status.raftAppliedIndex);
          if (after.length === up.length && Math.max(...applied) - Math.min(...applied) <= 2) {
            const leader = this.members.find((m) => after.some((s) => s.member === m && s.status.memberId === leaderId));
            if (leader !== undefined) return leader.index;
          }
          lastProblem = 'members not caught up';
        } catch (err) {
          lastProblem = `write failed: ${(err as Error).message}`;
        }
      }
      const crashed = this.members.find((m) => m.unexpectedExit);
      if (crashed !== undefined) throw new Error(`etcd member ${crashed.name} exited by itself:\n${this.logTail(crashed.index)}`);
      await sleep(50);
    }
    throw new Error(`etcd cluster not stable after ${timeoutMs} ms (${lastProblem}); log of ${this.members[0].name}:\n${this.logTail(0)}`);
  }

  /** SIGKILL a member and wait until the process is gone. */
  async kill(index: number): Promise<void> {
    const m = this.members[index];
    const child = m.child;
    if (child === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    m.expectExit();
    killHard(child);
    await exited;
  }

  /** SIGSTOP: the process stays, holding its sockets, but does nothing (a long GC pause, a VM freeze). */
  pause(index: number): void {
    const m = this.members[index];
    if (m.child?.pid === undefined || m.state !== 'up') throw new Error(`member ${m.name} is not running`);
    process.kill(m.child.pid, 'SIGSTOP');
    m.state = 'paused';
  }

  resume(index: number): void {
    const m = this.members[index];
    if (m.child?.pid === undefined || m.state !== 'paused') throw new Error(`member ${m.name} is not paused`);
    process.kill(m.child.pid, 'SIGCONT');
    m.state = 'up';
  }

  /**
   * Start a killed member again on its data directory. Resolves when its peer port accepts
   * connections, with the time that took (ms): process start-up and WAL replay, after which its Raft
   * node runs. (The client port is no measure of start-up: etcd serves clients only after the member
   * has published itself through Raft, which needs a leader.)
   */
  async restart(index: number, timeoutMs = 20_000): Promise<number> {
    const m = this.members[index];
    if (m.child !== undefined) throw new Error(`member ${m.name} is still running`);
    const t0 = performance.now();
    this.spawnMember(m, 'existing');
    const deadline = t0 + timeoutMs;
    while (performance.now() < deadline) {
      if (await tcpAccepts(m.peerPort, 200)) return performance.now() - t0;
      if (m.child === undefined) throw new Error(`member ${m.name} exited on restart:\n${this.logTail(index)}`);
      await sleep(2);
    }
    throw new Error(`member ${m.name} did not open its peer port within ${timeoutMs} ms of its restart:\n${this.logTail(index)}`);
  }

  /** With proxies: cut a member off from all others (true) or heal (false). */
  isolate(index: number, on: boolean): void {
    if (!this.options.proxy) throw new Error('partitions need the peer proxy');
    const target = this.members[index];
    target.proxy!.isolate(on);
    for (const m of this.members) if (m !== target) m.proxy!.blockSources(on ? [target.idHex] : []);
  }

  /** Kill every member, close the proxies, remove the directory. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    const running = this.members.filter((m) => m.child !== undefined).map((m) => this.kill(m.index));
    await Promise.all(running);
    await Promise.all(this.members.map((m) => m.proxy?.close()));
    this.untrackProxies?.();
    this.untrackProxies = undefined;
    rmSync(this.rootDir, { recursive: true, force: true });
    untrackDir(this.rootDir);
    await this.watchdog.close();
  }
}

