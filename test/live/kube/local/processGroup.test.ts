import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessGroup } from '../../../../src/live/kube/local/processGroup.js';
import { Watchdog } from '../../../../src/live/watchdog.js';

/** Real child processes (this Node binary) under the supervisor that plays the kubelet's restarts. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function group(): ProcessGroup {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-pg-'));
  const watchdog = new Watchdog(dir);
  const g = new ProcessGroup(dir, watchdog);
  cleanup = async () => {
    await g.stopAll();
    await watchdog.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return g;
}

describe('ProcessGroup supervision', () => {
  it('restarts a supervised process that exits by itself: at once, then after the back-off, doubling', async () => {
    const g = group();
    // Exits 50 ms after each start.
    g.startSupervised('flaky', process.execPath, ['-e', 'setTimeout(() => process.exit(1), 50)'], { firstBackoffMs: 300, maxBackoffMs: 350 });
    const deadline = performance.now() + 30_000;
    while (g.restartsOf('flaky').restartsMs.length < 3 && performance.now() < deadline) await sleep(50);
    const { exitsMs, restartsMs } = g.restartsOf('flaky');
    expect(restartsMs.length).toBeGreaterThanOrEqual(3);
    const waits = restartsMs.map((r, i) => r - exitsMs[i]);
    expect(waits[0]).toBeLessThan(100); // the first restart is immediate
    expect(waits[1]).toBeGreaterThanOrEqual(295);
    expect(waits[2]).toBeGreaterThanOrEqual(345);
    expect(waits[2]).toBeLessThan(580); // 600 without the cap of 350
    expect(() => g.assertRunning()).not.toThrow(); // a supervised exit is not a crash
  });
  it('an unsupervised process that exits by itself is a crash; a killed one is not', async () => {
    const g = group();
    g.start('once', process.execPath, ['-e', 'process.exit(3)']);
    g.start('long', process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await sleep(500);
    expect(() => g.assertRunning()).toThrow(/once exited by itself/);
    const g2 = group();
    g2.start('long', process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await g2.kill('long');
    expect(() => g2.assertRunning()).not.toThrow();
    expect(g2.restartsOf('long')).toEqual({ exitsMs: [], restartsMs: [] });
  });
  it('stopAll cancels a pending restart', async () => {
    const g = group();
    g.startSupervised('flaky', process.execPath, ['-e', 'process.exit(1)'], { firstBackoffMs: 200, maxBackoffMs: 200 });
    await sleep(400); // exited, restarted at once, exited again: a restart is pending
    await g.stopAll();
    const before = g.restartsOf('flaky').restartsMs.length;
    await sleep(400);
    expect(g.restartsOf('flaky').restartsMs.length).toBe(before);
  });
});
