import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The replication link between a standby and its primary: a user-space TCP proxy on 127.0.0.1 that
 * holds every chunk for a one-way delay in each direction (netem needs privileges the test machines
 * do not have), so the standby sees the primary across an emulated WAN of RTT 2 × delay.
 *
 * Unlike ../proxy/delayProxy.ts the delay can change while connections are open (the commit-latency
 * experiment steps through several RTTs on one pair), so each direction is a FIFO queue released by
 * one timer: a chunk leaves at max(its arrival + delay, the previous chunk's release), never before
 * an earlier chunk. cut() is a link failure: what is queued (in flight) is dropped, not delivered,
 * and every connection is reset; new connections are refused until restore().
 *
 * Runs inside fleetsim's process (its timers share the event loop with the clients: expect about a
 * millisecond of jitter); it dies with fleetsim, nothing to clean up beyond close().
 */
interface Pending {
  readonly atMs: number;
  /** Data, the sender's end (half-close), or its close (the far side is closed too). */
  readonly chunk: Buffer | 'end' | 'close';
}

class Direction {
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastAtMs = 0;

  constructor(
    private readonly to: Socket,
    private readonly delayMs: () => number,
  ) {}

  push(chunk: Buffer | 'end' | 'close'): void {
    const atMs = Math.max(performance.now() + this.delayMs(), this.lastAtMs);
    this.lastAtMs = atMs;
    this.queue.push({ atMs, chunk });
    if (this.timer === undefined) this.arm();
  }

  private arm(): void {
    const head = this.queue[0];
    if (head === undefined) return;
    const waitMs = head.atMs - performance.now();
    const fire = () => {
      this.timer = undefined;
      this.release();
    };
    // setImmediate for a zero delay: the order is kept and nothing waits a timer tick.
    this.timer = waitMs > 0.5 ? setTimeout(fire, waitMs) : (setImmediate(fire) as unknown as NodeJS.Timeout);
  }

  private release(): void {
    const nowMs = performance.now() + 0.5;
    while (this.queue.length > 0 && this.queue[0].atMs <= nowMs) {
      const { chunk } = this.queue.shift()!;
      if (this.to.destroyed) continue;
      if (chunk === 'end') this.to.end();
      else if (chunk === 'close') this.to.destroy();
      else this.to.write(chunk);
    }
    this.arm();
  }

  /** Drop what is in flight (a cut link loses it). */
  drop(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      clearImmediate(this.timer as unknown as NodeJS.Immediate);
    }
    this.timer = undefined;
    this.queue.length = 0;
  }
}

export class DelayLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly directions = new Set<Direction>();
  private oneWayMs: number;
  private cutOff = false;

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    oneWayDelayMs: number,
  ) {
    this.oneWayMs = DelayLink.checkDelay(oneWayDelayMs);
  }

  private static checkDelay(ms: number): number {
    if (!(ms >= 0 && ms <= 10_000)) throw new RangeError(`one-way delay must be 0..10000 ms, got ${ms}`);
    return ms;
  }

  get oneWayDelayMs(): number {
    return this.oneWayMs;
  }

  /** New chunks take this delay; chunks already queued keep theirs (and the order). */
  setOneWayDelayMs(ms: number): void {
    this.oneWayMs = DelayLink.checkDelay(ms);
  }

  private pipe(from: Socket, to: Socket): void {
    const dir = new Direction(to, () => this.oneWayMs);
    this.directions.add(dir);
    from.on('data', (chunk: Buffer) => dir.push(chunk));
    from.once('end', () => dir.push('end'));
    // A close (or reset) on one side reaches the other after the data before it, as on a slow link.
    from.once('close', () => dir.push('close'));
    to.once('close', () => this.directions.delete(dir));
    from.on('error', () => undefined);
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => {
        if (this.cutOff) {
          client.destroy();
          return;
        }
        const upstream = connect(this.targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          s.setNoDelay(true);
          this.sockets.add(s);
          s.once('close', () => this.sockets.delete(s));
        }
        this.pipe(client, upstream);
        this.pipe(upstream, client);
      });
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
      this.server = server;
    });
  }

  /** The link fails: in-flight data is lost, connections reset, new ones refused until restore(). */
  cut(): void {
    this.cutOff = true;
    for (const d of this.directions) d.drop();
    this.directions.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cutOff = false;
  }

  /** Stop listening and drop every connection at once. */
  closeSync(): void {
    this.cut();
    this.server?.close();
  }

  close(): Promise<void> {
    const server = this.server;
    this.closeSync();
    this.server = undefined;
    return server === undefined ? Promise.resolve() : new Promise((r) => server.close(() => r()).once('error', () => r()));
  }
}
