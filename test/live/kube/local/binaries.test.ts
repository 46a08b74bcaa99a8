import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKubeBinaries, KUBE_PROGRAMS, KUBE_VERSION, KubeBinariesMissing, kubeBinDir } from '../../../../src/live/kube/local/binaries.js';

const ROOT = join(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-kube-bin-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the pinned Kubernetes version', () => {
  const goMod = readFileSync(join(ROOT, 'tools/kube/kubernetes/go.mod'), 'utf8');
  it('is the one tools/kube/kubernetes/go.mod requires (build.sh names the cache folder after it)', () => {
    const required = /^(?:require )?\s*k8s\.io\/kubernetes (v\S+)(?: \/\/ indirect)?$/m.exec(goMod)?.[1];
    expect(required).toBe(KUBE_VERSION);
  });
  it('replaces every staging module with its v0 release of the same minor and patch', () => {
    const replaces = [...goMod.matchAll(/^\t(k8s\.io\/[\w-]+) => (k8s\.io\/[\w-]+) (v\S+)$/gm)];
    expect(replaces.length).toBeGreaterThan(20);
    const v0 = KUBE_VERSION.replace(/^v1\./, 'v0.');
    for (const [, from, to, version] of replaces) {
      expect(to).toBe(from);
      expect(version).toBe(v0);
    }
    // The staging modules the control-plane programs cannot do without are among them.
    for (const m of ['k8s.io/api', 'k8s.io/apiserver', 'k8s.io/client-go', 'k8s.io/kube-scheduler', 'k8s.io/controller-manager']) expect(replaces.map((r) => r[1])).toContain(m);
  });
});

describe('findKubeBinaries', () => {
  it('names the missing programs and how to build them', () => {
    writeFileSync(join(dir, 'etcd'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'kwok'), 'not executable', { mode: 0o644 });
    let err: unknown;
    try {
      findKubeBinaries(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeBinariesMissing);
    const message = (err as Error).message;
    expect(message).toMatch(/^kube-apiserver, kube-controller-manager, kube-scheduler, kwok not found in /);
    expect(message).toContain('scripts/kube/build.sh');
    expect(message).not.toMatch(/^etcd/);
  });
  it('returns every path when all are executable', () => {
    for (const p of KUBE_PROGRAMS) {
      writeFileSync(join(dir, p), '#!/bin/sh\n');
      chmodSync(join(dir, p), 0o755);
    }
    const b = findKubeBinaries(dir);
    expect(b['kube-apiserver']).toBe(join(dir, 'kube-apiserver'));
    expect(b.dir).toBe(dir);
  });
  it('looks in $FLEETSIM_KUBE_BIN, else in the per-version cache folder', () => {
    expect(kubeBinDir({ FLEETSIM_KUBE_BIN: dir })).toBe(dir);
    expect(kubeBinDir({})).toMatch(new RegExp(`/\\.cache/fleetsim/kube-bin/${KUBE_VERSION.replace(/\./g, '\\.')}$`));
  });
});
