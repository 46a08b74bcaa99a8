import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DelayLink } from '../../../src/live/postgres/delayLink.js';
import { freePorts } from '../../../src/live/ports.js';

/**
 * The replication link's delay proxy against an echo server: a round trip takes at least 2d, bytes
 * keep their order even when the delay shrinks mid-stream, and a cut loses what is in flight.
 */
let echo: Server | undefined;
let link: DelayLink | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.length = 0;
  await link?.close();
  await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
  link = undefined;
  echo = undefined;
});

async function start(delayMs: number): Promise<{ port: number; received: () => string }> {
  const [echoPort, linkPort] = await freePorts(2);
  let received = '';
  echo = createServer((c) => {
    sockets.push(c);
    c.on('data', (d) => (received += d.toString()));
    c.pipe(c);
  });
  await new Promise<void>((r) => echo!.listen(echoPort, '127.0.0.1', () => r()));
  link = new DelayLink(linkPort, echoPort, delayMs);
  await link.start();
  return { port: linkPort, received: () => received };
}

function open(port: number): Promise<{ socket: Socket; text: () => string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    sockets.push(s);
    let text = '';
    s.on('data', (d) => (text += d.toString()));
    s.on('error', () => undefined);
    s.once('connect', () => resolve({ socket: s, text: () => text }));
    s.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, limitMs = 3000): Promise<number> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > limitMs) throw new Error('timed out');
    await sleep(1);
  }
  return performance.now() - t0;
}

describe('DelayLink', () => {
  it('a round trip takes at least twice the one-way delay', async () => {
    const { port } = await start(30);
    const c = await open(port);
    const t0 = performance.now();
    c.socket.write('ping');
    await until(() => c.text() === 'ping');
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(59);
    expect(ms).toBeLessThan(200);
  });

  it('keeps the order when the delay shrinks while chunks are queued', async () => {
    const { port } = await start(80);
    const c = await open(port);
    c.socket.write('a');
    await sleep(5);
    link!.setOneWayDelayMs(0);
    c.socket.write('b');
    // 'b' could overtake 'a' if each chunk had its own timer; the queue holds it behind 'a'.
    await until(() => c.text().length === 2);
    expect(c.text()).toBe('ab');
  });

  it('a cut drops what is in flight and refuses new connections until restored', async () => {
    const { port, received } = await start(100);
    const c = await open(port);
    c.socket.write('lost');
    await sleep(20);
    link!.cut();
    await sleep(200);
    expect(received()).toBe('');
    const refused = await open(port);
    await until(() => refused.socket.destroyed || refused.socket.readableEnded);
    link!.restore();
    link!.setOneWayDelayMs(0);
    const again = await open(port);
    again.socket.write('ok');
    await until(() => again.text() === 'ok');
    expect(received()).toBe('ok');
  });

  it('rejects a negative or absurd delay', () => {
    expect(() => new DelayLink(1, 2, -1)).toThrow(/0..10000 ms/);
    expect(() => new DelayLink(1, 2, 1e6)).toThrow(/0..10000 ms/);
  });
});
