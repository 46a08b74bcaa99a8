import type pg from 'pg';
import { WRITES_TABLE } from './pgPair.js';
import type { PgNode } from './pgNode.js';

/**
 * A steady write load: single-row inserts, each its own committed transaction, numbered 0, 1, 2 …,
 * sent at a fixed rate (open loop: the schedule does not wait for answers) over a pool of
 * connections. Every acknowledged number is recorded with the time of its acknowledgement, so
 * after a failover the numbers acknowledged but missing on the new primary are the writes lost.
 *
 * A number due when no connection is free is refused (counted, never retried: it was never
 * acknowledged, so it cannot be lost). A connection that fails is reopened every reconnectMs to the
 * current target; retarget() points the load at a new primary.
 */
export interface WriteLoadOptions {
  readonly ratePerS: number;
  readonly connections: number;
  /** Wait for the synchronous standby (on) or for the local flush only (local). */
  readonly synchronousCommit: 'on' | 'local';
  /** A failed connection is retried after this long. */
  readonly reconnectMs: number;
}

export interface Ack {
  readonly id: number;
  readonly sentMs: number;
  readonly ackMs: number;
  /** The target's port when it was sent (which primary acknowledged it). */
  readonly port: number;
}

interface Slot {
  client: pg.Client | undefined;
  busy: boolean;
  connecting: boolean;
}

export class WriteLoad {
  readonly acks: Ack[] = [];
  refused = 0;
  failed = 0;
  private nextId = 0;
  private startedMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly slots: Slot[] = [];
  private stopped = false;
  private target: PgNode;
  private synchronousCommit: 'on' | 'local';
  private readonly firstId: number;

  constructor(
    target: PgNode,
    private readonly options: WriteLoadOptions,
    /** The first number (so successive runs on one table never collide). */
    firstId = 0,
  ) {
    if (!(options.ratePerS > 0 && options.ratePerS <= 2000)) throw new RangeError(`write rate must be in (0, 2000] per second, got ${options.ratePerS}`);
    if (!Number.isInteger(options.connections) || options.connections < 1 || options.connections > 30) throw new RangeError(`connections must be 1..30, got ${options.connections}`);
    this.target = target;
    this.synchronousCommit = options.synchronousCommit;
    this.nextId = firstId;
    this.firstId = firstId;
  }

  /** Numbers sent so far, from the first. */
  get sent(): number {
    return this.nextId - this.firstId;
  }

  get lastIdSent(): number {
    return this.nextId - 1;
  }

  /** Open the connections, then start the schedule. */
  async start(): Promise<void> {
    for (let i = 0; i < this.options.connections; i++) this.slots.push({ client: undefined, busy: false, connecting: false });
    await Promise.all(this.slots.map((s) => this.open(s)));
    if (this.slots.every((s) => s.client === undefined)) throw new Error(`the write load could not connect to 127.0.0.1:${this.target.port}`);
    this.startedMs = performance.now();
    this.tick();
  }

  /**
   * Point the load at another primary (a failover manager updating the address clients use). Nobody
   * tells the clients: each failed connection finds the new primary at its next retry, reconnectMs
   * after its last failure, as a connection pool would.
   */
  retarget(target: PgNode, synchronousCommit: 'on' | 'local'): void {
    this.target = target;
    this.synchronousCommit = synchronousCommit;
  }

  private async open(slot: Slot): Promise<void> {
    if (this.stopped || slot.connecting || slot.client !== undefined) return;
    slot.connecting = true;
    const target = this.target;
    try {
      const client = await target.connect({ timeoutMs: 1000, applicationName: 'fleetsim-writes', options: `-c synchronous_commit=${this.synchronousCommit}` });
      if (this.stopped || target !== this.target) {
        await client.end().catch(() => undefined);
        if (!this.stopped) setImmediate(() => void this.open(slot));
      } else slot.client = client;
    } catch {
      if (!this.stopped) setTimeout(() => void this.open(slot), this.options.reconnectMs);
    } finally {
      slot.connecting = false;
    }
  }

  private tick(): void {
    if (this.stopped) return;
    const now = performance.now();
    const periodMs = 1000 / this.options.ratePerS;
    // Every number due by now goes out (a late timer catches up instead of slowing the rate).
    while (this.startedMs + (this.nextId - this.firstId) * periodMs <= now) this.send(this.nextId++);
    const dueMs = this.startedMs + (this.nextId - this.firstId) * periodMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, dueMs - performance.now()));
  }

  private send(id: number): void {
    const slot = this.slots.find((s) => s.client !== undefined && !s.busy);
    if (slot === undefined) {
      this.refused++;
      return;
    }
    const client = slot.client!;
    const port = this.target.port;
    slot.busy = true;
    const sentMs = performance.now();
    client.query(`insert into ${WRITES_TABLE} (id) values ($1)`, [id]).then(
      () => {
        this.acks.push({ id, sentMs, ackMs: performance.now(), port });
        slot.busy = false;
      },
      () => {
        this.failed++;
        slot.busy = false;
        if (slot.client === client) slot.client = undefined;
        void client.end().catch(() => undefined);
        if (!this.stopped) setTimeout(() => void this.open(slot), this.options.reconnectMs);
      },
    );
  }

  /** Stop sending, wait for the answers in flight (at most waitMs), close every connection. */
  async stop(waitMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const deadline = performance.now() + waitMs;
    while (this.slots.some((s) => s.busy) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await Promise.all(this.slots.map((s) => s.client?.end().catch(() => undefined)));
    for (const s of this.slots) s.client = undefined;
  }
}
