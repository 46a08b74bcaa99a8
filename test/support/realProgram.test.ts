import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath, realProgram, realProgramsRequired } from './realProgram.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-realprog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'fake-etcd'), '#!/bin/sh\n');
chmodSync(join(dir, 'fake-etcd'), 0o755);
writeFileSync(join(dir, 'not-executable'), 'x');

describe('finding a program', () => {
  it('finds an executable on the given PATH, not a plain file, not elsewhere', () => {
    expect(findOnPath('fake-etcd', `/nonexistent:${dir}`)).toBe(join(dir, 'fake-etcd'));
    expect(findOnPath('not-executable', dir)).toBeUndefined();
    expect(findOnPath('fake-etcd', '/nonexistent')).toBeUndefined();
    expect(findOnPath(join(dir, 'fake-etcd'), '')).toBe(join(dir, 'fake-etcd'));
  });
});

describe('skip or fail', () => {
  const spec = { program: 'etcd', candidates: ['fake-etcd'], install: 'apt-get install -y etcd-server' };
  it('CI and FLEETSIM_REQUIRE_REAL=1 require real programs; CI=false and an empty CI do not', () => {
    expect(realProgramsRequired({ CI: 'true' })).toBe(true);
    expect(realProgramsRequired({ CI: '1' })).toBe(true);
    expect(realProgramsRequired({ FLEETSIM_REQUIRE_REAL: '1' })).toBe(true);
    expect(realProgramsRequired({})).toBe(false);
    expect(realProgramsRequired({ CI: 'false' })).toBe(false);
    expect(realProgramsRequired({ CI: '' })).toBe(false);
  });
  it('found: runs', () => {
    expect(realProgram(spec, { PATH: dir, CI: 'true' })).toEqual({ program: 'etcd', path: join(dir, 'fake-etcd'), skipReason: undefined, missingError: undefined });
  });
  it('missing on a developer machine: skipped with the reason and the install hint', () => {
    const r = realProgram(spec, { PATH: '/nonexistent' });
    expect(r.missingError).toBeUndefined();
    expect(r.skipReason).toMatch(/fake-etcd not found on PATH \(apt-get install -y etcd-server\)/);
  });
  it('missing under CI or FLEETSIM_REQUIRE_REAL=1: a failure naming the program, never a skip', () => {
    for (const env of [{ PATH: '/nonexistent', CI: 'true' }, { PATH: '/nonexistent', FLEETSIM_REQUIRE_REAL: '1' }]) {
      const r = realProgram(spec, env);
      expect(r.skipReason).toBeUndefined();
      expect(r.missingError).toMatch(/^etcd is required \((CI=true|FLEETSIM_REQUIRE_REAL=1)\) but fake-etcd not found on PATH: apt-get install/);
    }
  });
  it('a program that cannot run in CI (Docker) stays skipped even under CI', () => {
    const r = realProgram({ program: 'docker', install: 'install Docker', neverRequired: 'Docker cannot run on the build machines or in CI' }, { PATH: '/nonexistent', CI: 'true' });
    expect(r.missingError).toBeUndefined();
    expect(r.skipReason).toMatch(/docker not found on PATH; Docker cannot run/);
  });
});
