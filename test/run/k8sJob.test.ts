import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { k8sJobManifests, manifestList, shellQuote, type K8sJobOptions } from '../../src/run/k8sJob.js';
import { validateManifest } from '../../src/run/k8sValidate.js';

const options: K8sJobOptions = {
  scenarioFile: 'default.yaml',
  scenarioText: 'apiVersion: fleetsim/v1\n',
  shards: 4,
  image: 'ghcr.io/acme/fleetsim:0.1.0',
  name: 'fleetsim-two-regions',
  namespace: 'sims',
  command: ['fleetsim'],
  runArgs: ['--replications', '40', '--seed', "it's"],
  workersPerPod: 2,
  cpu: '2',
  memory: '1Gi',
  storage: '1Gi',
  deadlineS: 3600,
};

describe('k8s-job manifests', () => {
  const m = k8sJobManifests(options);

  it('every object validates against the Kubernetes API types', () => {
    for (const o of manifestList(m)) expect(validateManifest(o)).toEqual([]);
  });

  it('the shard Job is Indexed with completions = parallelism = N, one shard per index', () => {
    const spec = m.shardJob.spec!;
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.completions).toBe(4);
    expect(spec.parallelism).toBe(4);
    const script = spec.template.spec!.containers[0].command![2];
    expect(script).toContain('fleetsim run /scenario/default.yaml --shard "$JOB_COMPLETION_INDEX/4" --output json --workers 2 --replications 40 --seed');
    expect(script).toMatch(/> "\$out.tmp"\nmv "\$out.tmp" "\$out"$/);
    expect(m.configMap.data).toEqual({ 'default.yaml': 'apiVersion: fleetsim/v1\n' });
    expect(m.volumeClaim.spec!.accessModes).toEqual(['ReadWriteMany']);
    expect(m.mergeJob.spec!.template.spec!.containers[0].command![2]).toContain('-ge 4 ]');
  });

  it('the shell scripts parse and quote arguments exactly (run through sh with a fake fleetsim)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-k8s-'));
    const fake = join(dir, 'fleetsim');
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf "[%s]" "$a"; done\n', { mode: 0o755 });
    const script = m.shardJob.spec!.template.spec!.containers[0].command![2].replaceAll('/results', dir).replace(/^fleetsim /m, `${fake} `);
    execFileSync('/bin/sh', ['-c', script], { env: { ...process.env, JOB_COMPLETION_INDEX: '3' } });
    const written = execFileSync('cat', [join(dir, 'shard-3.json')]).toString();
    expect(written).toBe("[run][/scenario/default.yaml][--shard][3/4][--output][json][--workers][2][--replications][40][--seed][it's]");
    expect(shellQuote('a b')).toBe("'a b'");
    rmSync(dir, { recursive: true, force: true });
  });

  it('every pod runs as the image\'s non-root user (uid 1000) with fsGroup 1000, so the results volume is writable without root', () => {
    for (const job of [m.shardJob, m.mergeJob]) {
      const pod = job.spec!.template.spec!;
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
      // No container overrides it back to root.
      for (const c of pod.containers) expect(c.securityContext?.runAsUser ?? 1000).not.toBe(0);
    }
    // The two Jobs do not share one object: editing one manifest before apply must not change the other.
    expect(m.shardJob.spec!.template.spec!.securityContext).not.toBe(m.mergeJob.spec!.template.spec!.securityContext);
  });

  it('the validator catches a misspelt field and a missing image', () => {
    const bad = JSON.parse(JSON.stringify(m.shardJob));
    bad.spec.completionsMode = 'Indexed';
    expect(validateManifest(bad)[0]).toMatch(/Job.spec.completionsMode is not a field of V1Job/);
    const noImage = JSON.parse(JSON.stringify(m.shardJob));
    delete noImage.spec.template.spec.containers[0].image;
    expect(validateManifest(noImage)).toContain('Job: container fleetsim needs an image');
  });

  it('refuses names Kubernetes would refuse', () => {
    expect(() => k8sJobManifests({ ...options, name: 'Fleet_Sim' })).toThrow(/not a valid name/);
  });
});
