import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteProbe } from '../../../src/live/etcd/writeProbe.js';

/** A fake etcd gateway: puts succeed while `up`, hang (like a follower without a leader) while down. */
async function fakeGateway(): Promise<{ server: Server; url: string; state: { up: boolean; puts: number } }> {
  const state = { up: true, puts: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.puts++;
      if (!state.up) return; // hang until the client gives up
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ header: { revision: String(state.puts) } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, state };
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('write probe', () => {
  it('sees the end of an outage within about one interval, although earlier puts hang', async () => {
    const g = await fakeGateway();
    const probe = new WriteProbe({ targets: () => [g.url], intervalMs: 5, attemptTimeoutMs: 2000 });
    cleanup.push(async () => {
      await probe.stop();
      g.server.closeAllConnections();
      await new Promise<void>((r) => g.server.close(() => r()));
    });
    probe.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(probe.successes).toBeGreaterThan(0);
    const faultAt = performance.now();
    g.state.up = false;
    setTimeout(() => (g.state.up = true), 300);
    const first = await probe.firstSuccessAfter(faultAt, 5000);
    expect(first).toBeDefined();
    const outageMs = first!.doneMs - faultAt;
    // The fake is down 300 ms; puts sent while it was down hang for 2 s, yet the probe sees the
    // recovery within a few intervals.
    expect(outageMs).toBeGreaterThanOrEqual(295);
    expect(outageMs).toBeLessThan(300 + 150);
  });

  it('returns undefined when writes do not come back in time, and stops cleanly', async () => {
    const g = await fakeGateway();
    g.state.up = false;
    const probe = new WriteProbe({ targets: () => [g.url], intervalMs: 5, attemptTimeoutMs: 100, maxInFlight: 4 });
    cleanup.push(async () => {
      g.server.closeAllConnections();
      await new Promise<void>((r) => g.server.close(() => r()));
    });
    probe.start();
    expect(await probe.firstSuccessAfter(performance.now(), 200)).toBeUndefined();
    await probe.stop();
    // Bounded: never more than maxInFlight outstanding, so at most ~4 per attempt timeout were sent.
    expect(probe.attempts).toBeLessThanOrEqual(4 * 4);
    expect(probe.failures).toBe(probe.attempts);
  });
});
