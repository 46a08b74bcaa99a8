import { createServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DelayProxy } from '../../../src/live/proxy/delayProxy.js';
import { freePorts } from '../../../src/live/ports.js';

/** The delay proxy against an echo server: a round trip takes at least 2d, bytes keep their order. */
let echo: Server | undefined;
let proxy: DelayProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
  proxy = undefined;
  echo = undefined;
});

async function roundTrip(port: number, payloads: string[]): Promise<{ ms: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const expected = payloads.join('').length;
    let text = '';
    let t0 = 0;
    s.once('connect', () => {
      t0 = performance.now();
      for (const p of payloads) s.write(p);
    });
    s.on('data', (d) => {
      text += d.toString();
      if (text.length >= expected) {
        s.destroy();
        resolve({ ms: performance.now() - t0, text });
      }
    });
    s.once('error', reject);
  });
}

describe('DelayProxy', () => {
  it('adds the one-way delay in both directions and keeps the order of the bytes', async () => {
    const [echoPort, proxyPort] = await freePorts(2);
    echo = createServer((c) => c.pipe(c));
    await new Promise<void>((r) => echo!.listen(echoPort, '127.0.0.1', () => r()));
    proxy = new DelayProxy(proxyPort, echoPort, 30);
    await proxy.start();
    const direct = await roundTrip(echoPort, ['a']);
    const delayed = await roundTrip(proxyPort, ['one,', 'two,', 'three']);
    expect(delayed.text).toBe('one,two,three');
    expect(delayed.ms).toBeGreaterThanOrEqual(59);
    // Generous upper bound for a shared machine; without the proxy the echo takes about a millisecond.
    expect(delayed.ms).toBeLessThan(60 + 200);
    expect(direct.ms).toBeLessThan(delayed.ms);
  });

  it('refuses a negative delay', () => {
    expect(() => new DelayProxy(1, 2, -1)).toThrow(/one-way delay/);
  });
});
