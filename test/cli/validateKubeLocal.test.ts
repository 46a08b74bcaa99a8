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
  it('refuses an unknown local experiment and an outage the node controller would not notice', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty];
    const bad = await run([...flags, '--experiment', 'node-failure,node-stop']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--experiment: with --local expected node-failure, api-outage.*got "node-stop"/);
    const short = await run([...flags, '--experiment', 'api-outage', '--outage', '15s']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/--outage \(15 s\) must be longer than --grace-period \(20 s\)/);
    // The same outage is fine for the node-failure experiment, which does not read it: only the programs are missing.
    expect((await run([...flags, '--experiment', 'node-failure', '--outage', '15s'])).err).toMatch(/not found in/);
  });
  it('live up: refuses bad sizes, and names the missing programs, before starting anything', async () => {
    expect((await run(['live', 'up', '--members', '9', '--kube-bin', empty])).err).toMatch(/--members: expected 1\.\.5/);
    expect((await run(['live', 'up', '--zones', '4', '--nodes', '3', '--kube-bin', empty])).err).toMatch(/--zones: expected 1\.\.3/);
    expect((await run(['live', 'up', '--for', 'soon', '--kube-bin', empty])).err).toMatch(/--for: expected a positive duration/);
    const missing = await run(['live', 'up', '--kube-bin', empty, '--tmp-dir', empty]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/not found in .*scripts\/kube\/build\.sh/);
    expect(readdirSync(empty)).toEqual([]);
  });
  it('takes zone-failure, a list or all as --local experiments, and refuses others before starting anything', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty, '--tmp-dir', empty];
    const bad = await run([...flags, '--experiment', 'zone-failure,pod-kill']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--experiment: with --local expected node-failure, api-outage, zone-failure, scheduler-throughput, a comma-separated list of them, or all; got "pod-kill"/);
    for (const e of ['zone-failure', 'all', 'node-failure,zone-failure']) {
      const r = await run([...flags, '--experiment', e]);
      expect(r.code, e).toBe(2);
      expect(r.err, e).toMatch(/kwok not found in .*scripts\/kube\/build\.sh/); // got as far as looking for the programs
    }
    expect(readdirSync(empty)).toEqual([]);
  });
  it('refuses eviction settings kube-controller-manager would refuse', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty, '--experiment', 'zone-failure'];
    expect((await run([...flags, '--eviction-rate', 'fast'])).err).toMatch(/--eviction-rate: expected nodes per second/);
    expect((await run([...flags, '--secondary-eviction-rate', '-1'])).err).toMatch(/--secondary-eviction-rate: expected nodes per second/);
    expect((await run([...flags, '--unhealthy-zone-threshold', '155%'])).err).toMatch(/--unhealthy-zone-threshold: expected a ratio in \(0, 1\]/);
    expect((await run([...flags, '--large-cluster-size-threshold', '0'])).err).toMatch(/--large-cluster-size-threshold: expected a whole number/);
    expect((await run([...flags, '--window', '0s'])).err).toMatch(/--window must be a positive duration/);
    // The zone experiment's own timings: a 10 s grace period with a 40 s lease would flap.
    expect((await run([...flags, '--lease-duration', '40s'])).err).toMatch(/--grace-period \(10 s\) must be longer than the lease renewal interval/);
  });
  it('takes the experiments by name, a list or all, and refuses others and impossible replica counts, before anything starts', async () => {
    const flags = ['validate', 'kube', '--local', '--kube-bin', empty, '--tmp-dir', empty];
    const bad = await run([...flags, '--experiment', 'node-failure,warp-drive']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--experiment: with --local expected node-failure, api-outage, zone-failure, scheduler-throughput, a comma-separated list of them, or all; got "warp-drive"/);
    expect((await run([...flags, '--experiment', 'scheduler-throughput', '--replicas', '250'])).err).toMatch(/scheduler-throughput needs 2\.\.220 replicas/);
    expect((await run([...flags, '--experiment', 'node-failure', '--replicas', '150'])).err).toMatch(/node-failure and api-outage need at most 80 replicas \(40 pods of 100m fit a 4-CPU node/);
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
