import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PeerProxy } from '../../../src/live/etcd/peerProxy.js';
import { freePort } from '../../../src/live/ports.js';

/** An echo server standing in for an etcd peer port. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.on('data', (d) => s.write(d)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

function roundTripMs(s: Socket, payload: string): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    s.once('data', () => resolve(performance.now() - t0));
    s.write(payload);
  });
}

const closed = (s: Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(delayMs: number) {
  const echo = await echoServer();
  const proxy = new PeerProxy({ listenPort: await freePort(), targetPort: echo.port, oneWayDelayMs: delayMs });
  await proxy.start();
  cleanup.push(() => proxy.close(), () => new Promise<void>((r) => echo.server.close(() => r())));
  return proxy;
}

describe('peer proxy', () => {
  it('adds its one-way delay in each direction: a round trip takes at least twice the delay', async () => {
    const proxy = await setup(20);
    const s = await open(proxy.options.listenPort);
    cleanup.push(() => void s.destroy());
    const rtts: number[] = [];
    for (let i = 0; i < 5; i++) rtts.push(await roundTripMs(s, `ping ${i}`));
    for (const r of rtts) expect(r).toBeGreaterThanOrEqual(39);
    // And not wildly more (timer slack on a busy machine stays well under 2 × delay).
    expect(Math.min(...rtts)).toBeLessThan(80);
  });

  it('keeps the byte order of a stream through the delay line', async () => {
    const proxy = await setup(5);
    const s = await open(proxy.options.listenPort);
    cleanup.push(() => void s.destroy());
    let got = '';
    const want = Array.from({ length: 200 }, (_, i) => `${i};`).join('');
    const done = new Promise<void>((r) => s.on('data', (d) => ((got += d.toString()), got.length >= want.length && r())));
    for (let i = 0; i < 200; i++) s.write(`${i};`);
    await done;
    expect(got).toBe(want);
  });

  it('isolate drops open connections and refuses new ones until healed', async () => {
    const proxy = await setup(0);
    const s = await open(proxy.options.listenPort);
    await roundTripMs(s, 'x');
    proxy.isolate(true);
    await closed(s);
    const t = await open(proxy.options.listenPort);
    await closed(t);
    expect(proxy.droppedConnections).toBe(2);
    proxy.isolate(false);
    const u = await open(proxy.options.listenPort);
    cleanup.push(() => void u.destroy());
    expect(await roundTripMs(u, 'back')).toBeLessThan(1000);
  });

  it('blocks by sender, read from the X-Server-From header rafthttp sends', async () => {
    const proxy = await setup(0);
    const fromA = await open(proxy.options.listenPort);
    const fromB = await open(proxy.options.listenPort);
    cleanup.push(() => void fromB.destroy());
    await roundTripMs(fromA, 'GET /raft/stream/message/b HTTP/1.1\r\nHost: x\r\nX-Server-From: 8e9e05c52164694d\r\n\r\n');
    await roundTripMs(fromB, 'GET /raft/stream/message/a HTTP/1.1\r\nHost: x\r\nX-Server-From: 91bc3c398fb3c146\r\n\r\n');
    proxy.blockSources(['8E9E05C52164694D']);
    await closed(fromA);
    expect(fromB.destroyed).toBe(false);
    expect(await roundTripMs(fromB, 'still here')).toBeLessThan(1000);
  });
});
