import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGMAP_MAX_BYTES, configMapKey, isConfigMapKey } from '../../src/run/k8sJob.js';
import { cli } from './harness.js';

const SCENARIO = 'scenarios/default.yaml';
const IMAGE = ['--image', 'ghcr.io/acme/fleetsim:0.1.0'];
// Made when the tests run, not at import: a filtered run that skips them creates nothing.
const tmp = join(tmpdir(), `fleetsim-k8s-cli-${process.pid}-${Date.now()}`);
beforeAll(() => mkdirSync(tmp));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Item {
  kind: string;
  data?: Record<string, string>;
  spec?: { template: { spec: { containers: { command: string[] }[] } } };
}
const items = (stdout: string): Item[] => JSON.parse(stdout).items;

describe('k8s-job: the ConfigMap is one Kubernetes accepts', () => {
  it('a scenario over 1 MiB is refused with its size and the limit (exit 2), not printed', async () => {
    const big = join(tmp, 'big.yaml');
    // A valid scenario, padded with a comment: the API server counts every byte of key and value.
    writeFileSync(big, readFileSync(SCENARIO, 'utf8') + `# ${'x'.repeat(CONFIGMAP_MAX_BYTES)}\n`);
    const r = await cli('k8s-job', big, '--shards', '2', ...IMAGE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the scenario big\.yaml is 10\d{5} bytes \(1\.\d\d MiB\) with its key, over the 1048576-byte \(1 MiB\) limit of a Kubernetes ConfigMap/);
    expect(r.stdout).toBe('');
  });

  it('a file name with spaces and brackets becomes a valid key, and the pods read that key', async () => {
    const odd = join(tmp, 'my scenario (v2)!.yaml');
    copyFileSync(SCENARIO, odd);
    const r = await cli('k8s-job', odd, '--shards', '2', ...IMAGE, '--output', 'json');
    expect(r.code).toBe(0);
    const [configMap, , shards] = items(r.stdout);
    const keys = Object.keys(configMap.data!);
    expect(keys).toEqual(['my-scenario-v2-.yaml']);
    expect(keys.every(isConfigMapKey)).toBe(true);
    expect(shards.spec!.template.spec.containers[0].command[2]).toContain('run /scenario/my-scenario-v2-.yaml --shard');
  });

  it('configMapKey: always valid, at most 253 characters, extension kept', () => {
    for (const name of ['default.yaml', '..hidden.yaml', '.', '', 'ü.yaml', `${'a'.repeat(400)}.yaml`, 'a/b\\c:d.yml']) {
      const key = configMapKey(name);
      expect(isConfigMapKey(key), `${JSON.stringify(name)} → ${key}`).toBe(true);
    }
    expect(configMapKey('default.yaml')).toBe('default.yaml');
    expect(configMapKey(`${'a'.repeat(400)}.yaml`)).toMatch(/^a{248}\.yaml$/);
    expect(configMapKey('..x.yaml')).toBe('scenario..x.yaml');
  });
});

describe('k8s-job: flags the cluster would refuse are exit 2, never a manifest or an internal error', () => {
  it.each([
    [['--shards', '100001'], /'--shards <n>' argument '100001' is invalid\. expected an integer from 1 to 100000/],
    [['--shards', '2', '--image', ''], /--image: "" is not an image reference/],
    [['--shards', '2', '--image', 'a b'], /--image: "a b" is not an image reference/],
    [['--shards', '2', '--image', 'régistry/fleetsim'], /--image: "régistry\/fleetsim" is not an image reference/],
    [['--shards', '2', '--cpu', 'lots'], /--cpu: "lots" is not a Kubernetes quantity/],
    [['--shards', '2', '--memory', '-1Gi'], /--memory: "-1Gi" is not a Kubernetes quantity/],
    [['--shards', '2', '--namespace', 'Team_A'], /--namespace: "Team_A" is not a valid namespace/],
    [['--shards', '2', '--storage-class', 'EFS SC'], /--storage-class: "EFS SC" is not a valid storage class name/],
    [['--shards', '2', '--command', '   '], /--command: the command is empty/],
    [['--shards', '2', '--workers-per-pod', '1e6'], /'--workers-per-pod <n>' argument '1e6' is invalid/],
    [['--shards', '2', '--deadline', '1e20d'], /--deadline: expected a duration from 1s to 100y/],
  ])('%j', async (flags, message) => {
    const r = await cli('k8s-job', SCENARIO, ...IMAGE, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
