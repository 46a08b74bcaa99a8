import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAllSync, trackChild, trackDir, trackedCounts } from '../../src/live/cleanup.js';
import { etcdOnPath, findEtcd, EtcdNotFoundError } from '../../src/live/etcd/binary.js';

describe('cleanup registry', () => {
  it('kills tracked children (also stopped ones) and removes tracked directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-cleanup-'));
    trackDir(dir);
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    trackChild(child);
    process.kill(child.pid!, 'SIGSTOP');
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
    cleanupAllSync();
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
    expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
  });

  it('installs its signal handlers only while something is tracked', () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const; // SIGHUP: a closed terminal
    const before = signals.map((s) => process.listenerCount(s));
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-cleanup-'));
    trackDir(dir);
    expect(signals.map((s) => process.listenerCount(s))).toEqual(before.map((n) => n + 1));
    cleanupAllSync();
    expect(trackedCounts().dirs).toBe(0);
    expect(signals.map((s) => process.listenerCount(s))).toEqual(before);
  });
});

describe('finding etcd', () => {
  it('looks on PATH and nowhere else', () => {
    expect(etcdOnPath('')).toBeUndefined();
    expect(etcdOnPath('/nonexistent-dir')).toBeUndefined();
  });
  it('a wrong --etcd-bin is a clear error with the install hint', () => {
    expect(() => findEtcd('/nonexistent/etcd')).toThrow(EtcdNotFoundError);
    expect(() => findEtcd('/nonexistent/etcd')).toThrow(/apt-get install -y etcd-server/);
  });
  it('a binary that is not etcd is named as such', () => {
    expect(() => findEtcd('/bin/true')).toThrow(/did not print "etcd Version/);
  });
});
