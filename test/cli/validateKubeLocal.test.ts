import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** `fleetsim validate kube --local`: bad input and missing programs are exit 2 before anything starts. */
const empty = mkdtempSync(join(tmpdir(), 'fleetsim-kube-local-cli-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

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

describe('fleetsim validate kube --local', () => {
  it('names the missing programs and the build script, exit 2, with nothing left in the temp dir', async () => {
    const r = await run(['validate', 'kube', '--local', '--kube-bin', empty, '--tmp-dir', empty]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok not found in .*scripts\/kube\/build\.sh/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(readdirSync(empty)).toEqual([]); // looked for before any folder or process is made
  });
  it('refuses settings under which healthy nodes would flap or Kubernetes would refuse the flags', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty];
    expect((await run([...flags, '--grace-period', '5s', '--monitor-period', '5s'])).err).toMatch(/--grace-period \(5 s\) must be longer than --monitor-period/);
    expect((await run([...flags, '--grace-period', '8s', '--lease-duration', '40s'])).err).toMatch(/lease renewal interval.*10 s/);
    expect((await run([...flags, '--toleration', '2.5s'])).err).toMatch(/--toleration: expected whole seconds/);
    expect((await run([...flags, '--zones', '4', '--nodes', '3'])).err).toMatch(/--zones: expected 1\.\.3/);
    expect((await run([...flags, '--nodes', '1'])).code).toBe(2);
  });
  it('takes the experiments by name, a list or all, and refuses others and impossible replica counts, before anything starts', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty, '--tmp-dir', empty];
    const bad = await run([...flags, '--experiment', 'node-failure,warp-drive']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--experiment: with --local expected node-failure, scheduler-throughput, a comma-separated list of them, or all; got "warp-drive"/);
    expect((await run([...flags, '--experiment', 'scheduler-throughput', '--replicas', '250'])).err).toMatch(/scheduler-throughput needs 2\.\.220 replicas/);
    expect((await run([...flags, '--experiment', 'node-failure', '--replicas', '150'])).err).toMatch(/node-failure needs at most 80 replicas \(40 pods of 100m fit a 4-CPU node/);
    expect((await run([...flags, '--experiment', 'scheduler-throughput', '--rate-tolerance', 'fast'])).err).toMatch(/--rate-tolerance: expected a positive percentage/);
    // Valid: they get as far as looking for the programs.
    for (const e of ['scheduler-throughput', 'all', 'node-failure,scheduler-throughput']) expect((await run([...flags, '--experiment', e])).err).toMatch(/not found in .*scripts\/kube\/build\.sh/);
    expect(readdirSync(empty)).toEqual([]);
  });
  it('still requires --context and --deployment without --local', async () => {
    const r = await run(['validate', 'kube']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--context is required \(or --local/);
  });
});
