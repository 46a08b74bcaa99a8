import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEtcdInput, type EtcdInput } from '../../../src/live/etcd/checkInput.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-etcd-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok: EtcdInput = { members: 3, heartbeatMs: 50, electionTimeoutMs: 500, experiments: ['leader-kill'], trials: 10, simTrials: 2000, peerOneWayDelayMs: 0, fsyncMs: 'auto' };

describe('validate etcd input, checked before etcd is looked for', () => {
  it('accepts a sound request', () => {
    expect(() => checkEtcdInput(ok)).not.toThrow();
    expect(() => checkEtcdInput({ ...ok, experiments: ['leader-pause'], pauseMs: 1000, baseDir: dir })).not.toThrow();
  });
  it.each<[string, Partial<EtcdInput>, RegExp]>([
    ['a pause too short to cause an election', { experiments: ['leader-kill', 'leader-pause'], pauseMs: 600 }, /pause \(600 ms\) must be at least 2 × election timeout \(1000 ms\)/],
    ['an election timeout under 5 heartbeats', { electionTimeoutMs: 200 }, /at least 5 × heartbeat/],
    ['an election timeout etcd refuses as too long', { heartbeatMs: 5000, electionTimeoutMs: 60_000 }, /at most 50000 ms/],
    ['minority-kill with 2 members', { members: 2, experiments: ['minority-kill'] }, /no minority to kill/],
    ['a negative peer delay', { peerOneWayDelayMs: -1 }, /peer delay must be 0 or more/],
    ['a zero hold', { experiments: ['majority-restore'], holdMs: 0 }, /hold must be a positive duration/],
    ['no experiment', { experiments: [] }, /no experiment/],
  ])('refuses %s', (_, change, message) => {
    expect(() => checkEtcdInput({ ...ok, ...change })).toThrow(message);
  });
  it('refuses a --tmp-dir that does not exist or is a file', () => {
    expect(() => checkEtcdInput({ ...ok, baseDir: join(dir, 'missing') })).toThrow(/--tmp-dir .*missing: no such folder/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => checkEtcdInput({ ...ok, baseDir: join(dir, 'file') })).toThrow(/not a folder/);
  });
});
