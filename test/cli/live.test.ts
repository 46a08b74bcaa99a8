import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadScenario } from '../../src/scenario/index.js';

/** The live commands through the CLI (validate etcd input errors, import manifests, kind config). */
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-live-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIX = join(import.meta.dirname, '../fixtures/kube/manifests');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('fleetsim validate etcd: input errors exit 2 before starting anything', () => {
  it('a missing binary', async () => {
    const r = await run(['validate', 'etcd', '--etcd-bin', join(dir, 'none'), '--trials', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not an executable file.*--etcd-bin/);
  });
  it('an election timeout etcd would refuse, and an unknown experiment', async () => {
    expect((await run(['validate', 'etcd', '--heartbeat', '100ms', '--election-timeout', '300ms'])).err).toMatch(/at least 5 × heartbeat/);
    expect((await run(['validate', 'etcd', '--experiment', 'leader-nap'])).err).toMatch(/unknown "leader-nap"/);
  });
  // Input is checked before etcd is looked for: these hold on a machine without etcd too (a missing
  // binary used to mask them with "no etcd binary on PATH"); --etcd-bin points nowhere to prove it.
  it('a pause too short to cause an election', async () => {
    const r = await run(['validate', 'etcd', '--experiment', 'leader-pause', '--heartbeat', '50ms', '--election-timeout', '500ms', '--pause', '600ms', '--trials', '1', '--sim-trials', '1', '--etcd-bin', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pause .* at least 2 × election timeout/);
  });
  it('a --tmp-dir that does not exist, before anything starts', async () => {
    const r = await run(['validate', 'etcd', '--tmp-dir', join(dir, 'no-such-dir'), '--trials', '1', '--sim-trials', '1', '--etcd-bin', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--tmp-dir .*no-such-dir: no such folder/);
    expect(r.err).not.toMatch(/internal error/);
  });
});

describe('fleetsim validate kube refuses a non-kind context', () => {
  it('exit 2 with the way out, before touching the cluster', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters:\n- name: p\n  cluster: { server: "https://prod.example.invalid:6443" }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n- name: prod-us\n  context: { cluster: p, user: u }\ncurrent-context: prod-us\n');
    const r = await run(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'prod-us', '--deployment', 'web']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not on a loopback address.*--allow-context prod-us/);
  });
});

describe('fleetsim import manifests', () => {
  it('--base writes a scenario that check accepts', async () => {
    const out = join(dir, 'shop.yaml');
    const r = await run(['import', 'manifests', join(FIX, 'shop'), '--base', join(FIX, 'fleet.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/note: .*replica override/);
    const loaded = loadScenario(out);
    expect(loaded.ok).toBe(true);
    expect((await run(['check', out])).code).toBe(0);
    // No silent overwrite.
    expect((await run(['import', 'manifests', join(FIX, 'shop'), '--base', join(FIX, 'fleet.yaml'), '--out', out])).code).toBe(2);
  });
  it('-o never writes through a dangling symbolic link (with --force it writes where a link points, atomically)', async () => {
    const sub = mkdtempSync(join(dir, 'links-'));
    const out = join(sub, 'out.yaml');
    const target = join(sub, 'elsewhere.yaml');
    symlinkSync(target, out); // dangling: existsSync(out) is false, which the old check relied on
    const args = ['import', 'manifests', join(FIX, 'shop'), '--base', join(FIX, 'fleet.yaml'), '--out', out];
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/out\.yaml is a symbolic link: add --force/);
    expect(existsSync(target)).toBe(false);
    const forced = await run([...args, '--force']);
    expect(forced.code).toBe(2);
    expect(forced.err).toMatch(/symbolic link to nothing/);
    expect(existsSync(target)).toBe(false);
    // A link to an existing file, with --force: the target is replaced, the link kept.
    writeFileSync(target, 'old');
    expect((await run([...args, '--force'])).code).toBe(0);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(loadScenario(target).ok).toBe(true);
    // Atomic: written beside and renamed, so no temporary file is left behind.
    expect(readdirSync(sub).sort()).toEqual(['elsewhere.yaml', 'out.yaml']);
  });
  it('-o into a folder that does not exist: exit 2 before any work', async () => {
    const r = await run(['import', 'manifests', join(FIX, 'shop'), '--out', join(dir, 'no-such-dir', 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the folder .*no-such-dir does not exist/);
  });
  it('without --base prints the workload and designs', async () => {
    const r = await run(['import', 'manifests', join(FIX, 'shop')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^designs:/m);
    expect(r.out).toMatch(/name: active-active/);
  });
});

describe('fleetsim kind config', () => {
  it('writes one file per cluster and prints the commands', async () => {
    const out = join(dir, 'kind');
    const r = await run(['kind', 'config', join(FIX, 'fleet.yaml'), '--dir', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['fleetsim-member1.yaml', 'fleetsim-member2.yaml']);
    expect(r.out).toContain(`kind create cluster --config ${join(out, 'fleetsim-member1.yaml')}`);
    expect(readFileSync(join(out, 'fleetsim-member1.yaml'), 'utf8')).toContain('topology.kubernetes.io/zone: eu-west-1a');
  });
  it('refuses a dangling link among its files before writing any, also with --force', async () => {
    const out = mkdtempSync(join(dir, 'kind-links-'));
    const target = join(dir, 'kind-target.yaml');
    symlinkSync(target, join(out, 'fleetsim-member2.yaml'));
    const r = await run(['kind', 'config', join(FIX, 'fleet.yaml'), '--dir', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/fleetsim-member2\.yaml is a symbolic link: add --force/);
    expect(readdirSync(out)).toEqual(['fleetsim-member2.yaml']); // member1 not written either
    expect(existsSync(target)).toBe(false);
    const forced = await run(['kind', 'config', join(FIX, 'fleet.yaml'), '--dir', out, '--force']);
    expect(forced.code).toBe(2);
    expect(forced.err).toMatch(/symbolic link to nothing/);
    expect(readdirSync(out)).toEqual(['fleetsim-member2.yaml']);
    expect(existsSync(target)).toBe(false);
  });
});
