import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A user-space TCP proxy in front of one etcd member's peer port (the netem qdisc is not available
 * everywhere, this works anywhere). Every other member reaches this member through it, so it sees all
 * Raft traffic between this member and the others: requests into this member and the streams that
 * carry this member's messages back out.
 *
 * - Delay: every chunk, in both directions, is held `oneWayDelayMs` before it is passed on (order kept),
 *   so it adds 2 × oneWayDelayMs to the RTT between this member and each other member.
 * - Partition: `isolate()` drops every connection through this proxy and refuses new ones;
 *   `blockSources()` drops connections opened by the given members. rafthttp names the sending member
 *   in the X-Server-From header (hexadecimal id) of every stream and pipeline request, which is how the
 *   source of a connection is known.
 */
export interface PeerProxyOptions {
  /** Port to listen on (127.0.0.1): the member's advertised peer port. */
  listenPort: number;
  /** The member's real peer port. */
  targetPort: number;
  oneWayDelayMs?: number;
}

/** Chunks held for delivery, oldest first, with one timer per direction. */
class DelayLine {
  private readonly chunks: Buffer[] = [];
  private readonly dueMs: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dest: Socket,
    private readonly delayMs: () => number,
  ) {}

  push(chunk: Buffer): void {
    const d = this.delayMs();
    if (d <= 0 && this.chunks.length === 0) {
      this.dest.write(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.dueMs.push(performance.now() + d);
    if (this.timer === undefined) this.arm();
  }

  private arm(): void {
    const waitMs = Math.max(0, this.dueMs[0] - performance.now());
    this.timer = setTimeout(() => this.flush(), waitMs);
  }

  private flush(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.chunks.length > 0 && this.dueMs[0] <= now + 0.5) {
      this.dueMs.shift();
      const c = this.chunks.shift()!;
      if (!this.dest.destroyed) this.dest.write(c);
    }
    if (this.chunks.length > 0) this.arm();
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks.length = 0;
    this.dueMs.length = 0;
  }
}

interface Link {
  client: Socket;
  upstream: Socket;
  /** Sending member (hex id) once the request header has been seen. */
  source: string | undefined;
  headerBytes: string;
  lines: DelayLine[];
}

const HEADER_SCAN_LIMIT = 16 * 1024;
const FROM_HEADER = /\r\nx-server-from:\s*([0-9a-f]+)\s*\r\n/i;

export class PeerProxy {
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  private oneWayDelayMs: number;
  private isolated = false;
  private blocked = new Set<string>();
  /** Connections dropped because of a partition (for tests and reports). */
  droppedConnections = 0;

  constructor(readonly options: PeerProxyOptions) {
    this.oneWayDelayMs = options.oneWayDelayMs ?? 0;
    if (!(this.oneWayDelayMs >= 0) || !Number.isFinite(this.oneWayDelayMs)) throw new RangeError(`oneWayDelayMs must be >= 0, got ${this.oneWayDelayMs}`);
  }

  start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  setDelay(oneWayDelayMs: number): void {
    if (!(oneWayDelayMs >= 0) || !Number.isFinite(oneWayDelayMs)) throw new RangeError(`oneWayDelayMs must be >= 0, got ${oneWayDelayMs}`);
    this.oneWayDelayMs = oneWayDelayMs;
  }

  /** Cut this member off from every other member (true), or heal (false). */
  isolate(on: boolean): void {
    this.isolated = on;
    if (on) for (const l of this.links) this.drop(l);
  }

  /** Drop traffic opened by these members (hex ids); an empty list heals. */
  blockSources(hexIds: Iterable<string>): void {
    this.blocked = new Set([...hexIds].map((s) => s.toLowerCase()));
    for (const l of this.links) if (l.source !== undefined && this.blocked.has(l.source)) this.drop(l);
  }

  get connectionCount(): number {
    return this.links.size;
  }

  /** Close the listener and every connection. */
  close(): Promise<void> {
    for (const l of this.links) this.drop(l, false);
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** Synchronous teardown for signal handlers. */
  closeSync(): void {
    for (const l of this.links) this.drop(l, false);
    this.server?.close();
    this.server = undefined;
  }

  private accept(client: Socket): void {
    if (this.isolated) {
      this.droppedConnections++;
      client.destroy();
      return;
    }
    const upstream = connect(this.options.targetPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const toUpstream = new DelayLine(upstream, () => this.oneWayDelayMs);
    const toClient = new DelayLine(client, () => this.oneWayDelayMs);
    const link: Link = { client, upstream, source: undefined, headerBytes: '', lines: [toUpstream, toClient] };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (link.source === undefined && link.headerBytes.length < HEADER_SCAN_LIMIT) {
        link.headerBytes += chunk.toString('latin1');
        const m = FROM_HEADER.exec(link.headerBytes);
        if (m !== null) link.source = m[1].toLowerCase();
      }
      if (this.isolated || (link.source !== undefined && this.blocked.has(link.source))) {
        this.drop(link);
        return;
      }
      toUpstream.push(chunk);
    });
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    const end = () => this.drop(link, false);
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  }

  private drop(link: Link, countAsPartition = true): void {
    if (!this.links.delete(link)) return;
    if (countAsPartition) this.droppedConnections++;
    for (const line of link.lines) line.clear();
    link.client.destroy();
    link.upstream.destroy();
  }
}
