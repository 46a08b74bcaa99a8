import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeOwnedTempDir, pidAlive, removeOrphanDirs } from '../../src/live/orphanDirs.js';

const parent = mkdtempSync(join(tmpdir(), 'fleetsim-orphans-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('orphaned data folders', () => {
  it('names a folder after its owner pid', () => {
    expect(basename(makeOwnedTempDir(parent, 'fleetsim-etcd-'))).toMatch(new RegExp(`^fleetsim-etcd-${process.pid}-[A-Za-z0-9]{6}$`));
  });

  it('removes only our pattern, owned by a dead pid; keeps live owners, other names, links and files', () => {
    const dead = 4_000_001;
    const live = 4_000_002;
    const alive = (pid: number) => pid === live;
    const orphan = join(parent, `fleetsim-etcd-${dead}-abc123`);
    mkdirSync(join(orphan, 'm1.data'), { recursive: true });
    writeFileSync(join(orphan, 'm1.data', 'wal'), 'x');
    const inUse = join(parent, `fleetsim-etcd-${live}-def456`);
    mkdirSync(inUse);
    const oldStyle = join(parent, 'fleetsim-etcd-Ab3dE9'); // before pids were in the name: owner unknown
    mkdirSync(oldStyle);
    const other = join(parent, `other-${dead}-abc123`);
    mkdirSync(other);
    const target = mkdtempSync(join(tmpdir(), 'fleetsim-orphans-target-'));
    const link = join(parent, `fleetsim-etcd-${dead}-lnk999`);
    symlinkSync(target, link);
    const file = join(parent, `fleetsim-etcd-${dead}-fil999`);
    writeFileSync(file, 'x');

    expect(removeOrphanDirs(parent, 'fleetsim-etcd-', alive)).toEqual([orphan]);
    expect(existsSync(orphan)).toBe(false);
    for (const kept of [inUse, oldStyle, other, link, file, target]) expect(existsSync(kept)).toBe(true);
    rmSync(target, { recursive: true, force: true });
  });

  it('never removes our own folder, and tells live pids from dead ones', () => {
    const ours = makeOwnedTempDir(parent, 'fleetsim-own-');
    expect(removeOrphanDirs(parent, 'fleetsim-own-', () => false)).toEqual([]);
    expect(existsSync(ours)).toBe(true);
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(4_000_003)).toBe(false); // above Linux's pid_max ceiling (2^22)
  });

  it('a missing parent is nothing to do', () => {
    expect(removeOrphanDirs(join(parent, 'none'), 'fleetsim-etcd-')).toEqual([]);
  });
});
