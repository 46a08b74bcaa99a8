import { chmodSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePorts } from '../ports.js';
import { trackCloser, trackDir, untrackDir } from '../cleanup.js';
import { Watchdog } from '../watchdog.js';
import { makeOwnedTempDir, removeOrphanDirs } from '../orphanDirs.js';
import type { PostgresBinaries, RunAs } from './binaries.js';
import { DelayLink } from './delayLink.js';
import { PgNode, STANDBY_NAME } from './pgNode.js';

/**
 * A PostgreSQL primary and one streaming standby on 127.0.0.1, the standby's replication connection
 * through a DelayLink (an emulated WAN: RTT = 2 × one-way delay). Everything lives in one folder
 * named after our pid (POSTGRES_DIR_PREFIX<pid>-XXXXXX; a start first removes such folders whose
 * owner is dead, ../orphanDirs.ts); every server is registered with ../cleanup.ts and with a watchdog
 * (../watchdog.ts) that SIGKILLs the postmasters and removes the folder if fleetsim dies without
 * cleaning up (their forked processes exit on their own when the postmaster dies).
 *
 * The folder stays ours (so the orphan sweep recognises it) and is made traversable (0711) so the
 * servers' user can reach its data directories, which belong to that user.
 *
 * After a failover the promoted standby is the new primary: nextGeneration() discards the crashed
 * primary's directory and takes a fresh standby from the new primary (pg_basebackup), behind a new
 * link, so failover trials need one initdb only.
 */
export const POSTGRES_DIR_PREFIX = 'fleetsim-postgres-';

/** The table the experiments write: one row per acknowledged sequence number. */
export const WRITES_TABLE = 'fleetsim_writes';

export interface PairOptions {
  readonly bins: PostgresBinaries;
  readonly runAs: RunAs | undefined;
  readonly oneWayDelayMs: number;
  /** Parent of the pair's folder; default the OS temp dir. */
  readonly baseDir?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Running as root, the servers' user must be able to reach its data directories through every
 * folder above them (a mkdtemp folder is 0700): say so before initdb fails with "Permission denied".
 */
export function checkTraversable(dir: string, runAs: RunAs): void {
  let d = resolve(dir);
  for (;;) {
    const st = statSync(d);
    const x = st.uid === runAs.uid ? 0o100 : st.gid === runAs.gid ? 0o010 : 0o001;
    if ((st.mode & x) === 0) throw new RangeError(`the PostgreSQL servers run as ${runAs.user}, who cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}): choose another --tmp-dir, or chmod o+x ${d}`);
    const up = dirname(d);
    if (up === d) return;
    d = up;
  }
}

export class PgPair {
  readonly rootDir: string;
  /** Folders of dead fleetsim runs removed before this start. */
  orphansRemoved: string[] = [];
  primary!: PgNode;
  standby!: PgNode;
  link!: DelayLink;
  private generation = 0;
  private readonly watchdog: Watchdog;
  private readonly untrackLinks: () => void;
  private readonly links = new Set<DelayLink>();
  private readonly nodes = new Set<PgNode>();
  private stopped = false;

  private constructor(
    private readonly options: PairOptions,
    rootDir: string,
  ) {
    this.rootDir = rootDir;
    this.watchdog = new Watchdog(rootDir);
    this.untrackLinks = trackCloser(() => this.links.forEach((l) => l.closeSync()));
  }

  static async start(options: PairOptions): Promise<PgPair> {
    const parent = options.baseDir ?? tmpdir();
    if (options.runAs !== undefined) checkTraversable(parent, options.runAs);
    const orphans = removeOrphanDirs(parent, POSTGRES_DIR_PREFIX);
    const rootDir = makeOwnedTempDir(parent, POSTGRES_DIR_PREFIX);
    trackDir(rootDir);
    chmodSync(rootDir, 0o711);
    const pair = new PgPair(options, rootDir);
    pair.orphansRemoved = orphans;
    try {
      const [port] = await freePorts(1);
      pair.primary = pair.node(port);
      await pair.primary.initdb();
      await pair.primary.start();
      const c = await pair.primary.connect();
      try {
        await c.query(`create table ${WRITES_TABLE} (id bigint primary key)`);
      } finally {
        await c.end();
      }
      await pair.addStandby();
      return pair;
    } catch (err) {
      await pair.stop();
      throw err;
    }
  }

  private node(port: number): PgNode {
    this.generation++;
    const n = new PgNode(`pg${this.generation}`, join(this.rootDir, `pg${this.generation}`), port, this.options.bins, this.options.runAs, this.watchdog, this.rootDir);
    this.nodes.add(n);
    return n;
  }

  /** A standby of the current primary, streaming through a new link; waits until it streams. */
  private async addStandby(): Promise<void> {
    const [standbyPort, linkPort] = await freePorts(2);
    this.link = new DelayLink(linkPort, this.primary.port, this.options.oneWayDelayMs);
    this.links.add(this.link);
    await this.link.start();
    this.standby = this.node(standbyPort);
    // The copy goes direct (it is set-up, not the experiment); replication goes through the link.
    await this.standby.baseBackupFrom(this.primary.port);
    await this.standby.start({ primary_conninfo: `host=127.0.0.1 port=${linkPort} user=postgres application_name=${STANDBY_NAME}` });
    await this.waitReplication(undefined);
  }

  /**
   * Wait until the primary sees the standby streaming, with sync_state 'sync' (wantSync true),
   * 'async' (false) or either (undefined).
   */
  async waitReplication(wantSync: boolean | undefined, timeoutMs = 30_000): Promise<void> {
    const c = await this.primary.connect();
    try {
      const deadline = performance.now() + timeoutMs;
      let last = 'no standby connected';
      while (performance.now() < deadline) {
        const r = await c.query<{ state: string; sync_state: string }>('select state, sync_state from pg_stat_replication where application_name = $1', [STANDBY_NAME]);
        const row = r.rows[0];
        if (row !== undefined) last = `state ${row.state}, sync_state ${row.sync_state}`;
        if (row?.state === 'streaming' && (wantSync === undefined || (row.sync_state === 'sync') === wantSync)) return;
        await sleep(20);
      }
      throw new Error(`the standby did not reach streaming${wantSync === undefined ? '' : wantSync ? ' (sync)' : ' (async)'} within ${timeoutMs / 1000} s (${last}):\n${this.standby.recentLog}`);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /**
   * Synchronous replication on (the standby listed in synchronous_standby_names: a commit with
   * synchronous_commit = on waits for its flush) or off (asynchronous: nobody listed). ALTER SYSTEM
   * and a reload, then wait until the WAL sender reports the new state.
   */
  async setSynchronous(on: boolean): Promise<void> {
    const c = await this.primary.connect();
    try {
      await c.query(`alter system set synchronous_standby_names = '${on ? STANDBY_NAME : ''}'`);
      await c.query('select pg_reload_conf()');
    } finally {
      await c.end().catch(() => undefined);
    }
    await this.waitReplication(on);
  }

  /**
   * The standby has been promoted: it becomes the primary; the crashed primary's directory goes;
   * a fresh standby is copied from the new primary behind a new link (with the current delay).
   */
  async nextGeneration(): Promise<void> {
    const old = this.primary;
    await old.stop();
    this.nodes.delete(old);
    rmSync(old.dataDir, { recursive: true, force: true });
    const oldLink = this.link;
    await oldLink.close();
    this.links.delete(oldLink);
    this.primary = this.standby;
    // A promoted server keeps the synchronous_standby_names its base backup copied: clear it, or
    // its synchronous commits would wait for a standby that does not exist yet.
    const c = await this.primary.connect();
    try {
      await c.query(`alter system set synchronous_standby_names = ''`);
      await c.query('select pg_reload_conf()');
    } finally {
      await c.end().catch(() => undefined);
    }
    await this.addStandby();
  }

  /** Stop every server and link, remove the folder. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.nodes].map((n) => n.stop()));
    await Promise.all([...this.links].map((l) => l.close()));
    this.links.clear();
    this.untrackLinks();
    rmSync(this.rootDir, { recursive: true, force: true });
    untrackDir(this.rootDir);
    // The watchdog is unref'd: keep the loop alive while it exits (see ../proxy/rig.ts).
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      await this.watchdog.close();
    } finally {
      clearInterval(keepAlive);
    }
  }
}
