import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A user-space TCP proxy on 127.0.0.1 that delays every byte by a fixed one-way time in each
 * direction (netem needs privileges the test machines do not have). Data keep their order: each
 * chunk is written `oneWayDelayMs` after it arrived, and equal timer durations fire in order. An end
 * or reset is passed on after the same delay, so the far side sees it when it would on a slow link.
 * Runs inside fleetsim's process: it dies with it, nothing to clean up beyond close().
 */
export class DelayProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly listenPort: number,
    readonly targetPort: number,
    readonly oneWayDelayMs: number,
  ) {
    if (!(oneWayDelayMs >= 0 && oneWayDelayMs <= 10_000)) throw new RangeError(`one-way delay must be 0..10000 ms, got ${oneWayDelayMs}`);
  }

  private pipe(from: Socket, to: Socket): void {
    const later = (f: () => void) => (this.oneWayDelayMs > 0 ? setTimeout(f, this.oneWayDelayMs) : setImmediate(f));
    from.on('data', (chunk) => later(() => !to.destroyed && to.write(chunk)));
    from.once('end', () => later(() => !to.destroyed && to.end()));
    from.once('error', () => later(() => to.destroy()));
    from.once('close', () => later(() => to.destroy()));
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(this.targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
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

  /** Stop listening and drop every connection at once. */
  closeSync(): void {
    this.server?.close();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  close(): Promise<void> {
    const server = this.server;
    this.closeSync();
    this.server = undefined;
    return server === undefined ? Promise.resolve() : new Promise((r) => server.close(() => r()).once('error', () => r()));
  }
}
