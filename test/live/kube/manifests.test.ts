import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { manifestsToDesigns, mergeIntoBase, readManifestDir, placementPolicy } from '../../../src/live/kube/manifests.js';
import { parseScenario, formatError } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';

const DIR = join(import.meta.dirname, '../../fixtures/kube/manifests');

describe('import manifests', () => {
  const docs = readManifestDir(join(DIR, 'shop'));
  const imported = manifestsToDesigns(docs, join(DIR, 'shop'), { serviceTime: '5ms' });

  it('reads Deployments and StatefulSets as services: replicas, requests summed over containers, init containers left out, 16 slots per requested core', () => {
    expect(imported.services).toEqual([
      { name: 'web', replicas: 6, cpu: '600m', memory: '640Mi', serviceTime: '5ms', concurrencyPerPod: 10 },
      { name: 'api', replicas: 4, cpu: '250m', memory: '256Mi', serviceTime: '5ms', concurrencyPerPod: 4 },
      { name: 'db', replicas: 3, cpu: '1000m', memory: '2048Mi', serviceTime: '5ms', concurrencyPerPod: 16, statefulSet: true },
    ]);
  });

  it('takes the users’ entry from the LoadBalancer Service', () => {
    expect(imported.entryService).toBe('web');
  });

  it('one design per policy folder, in the Karmada vocabulary', () => {
    expect(imported.designs.map((d) => d.name)).toEqual(['active-active', 'replicated']);
    const rep = imported.designs.find((d) => d.name === 'replicated')!.placement as { services: Record<string, unknown> };
    for (const s of ['web', 'api', 'db']) expect(rep.services[s]).toEqual({ clusterAffinity: { clusterNames: ['member1', 'member2'] }, replicaScheduling: 'duplicated' });
    const seg = imported.designs.find((d) => d.name === 'active-active')!.placement as { services: Record<string, unknown> };
    expect(seg.services.web).toEqual({
      clusterAffinity: { clusterNames: ['member1', 'member2'] },
      replicaScheduling: { type: 'divided', division: 'weighted', weights: { member1: 2, member2: 1 } },
      spreadConstraints: [{ spreadByField: 'cluster', minGroups: 2, maxGroups: 2 }],
      failover: { enabled: true, toleration: '120s', purgeMode: 'Graciously', gracefulEvictionTimeout: '600s' },
    });
    expect(seg.services.api).toEqual({
      clusterAffinities: [
        { name: 'primary', labels: { geo: 'eu' } },
        { name: 'backup', clusterNames: ['member2'] },
      ],
      replicaScheduling: { type: 'divided', division: 'availableReplicas' },
    });
    expect(seg.services.db).toEqual(seg.services.api);
  });

  it('reports what it cannot apply: replica overrides; image overrides change nothing simulated', () => {
    expect(imported.notes.some((n) => n.includes('us-replicas') && n.includes('replica override'))).toBe(true);
    expect(imported.notes.some((n) => n.includes('regional-images') && n.includes('imageOverrider'))).toBe(true);
  });

  it('a higher-priority policy wins a workload; with equal priority, a selector by name beats one by label', () => {
    const p = (name: string, priority: number, selector: Record<string, unknown>, clusters: string[]) => ({
      file: 'x.yaml',
      group: '',
      doc: { kind: 'PropagationPolicy', metadata: { name, namespace: 'shop' }, spec: { priority, resourceSelectors: [selector], placement: { clusterAffinity: { clusterNames: clusters } } } },
    });
    const dep = { file: 'd.yaml', group: '', doc: { kind: 'Deployment', metadata: { name: 'api', namespace: 'shop', labels: { tier: 'backend' } }, spec: { replicas: 2 } } };
    const byLabel = p('by-label', 0, { kind: 'Deployment', labelSelector: { matchLabels: { tier: 'backend' } } }, ['a']);
    const byName = p('by-name', 0, { kind: 'Deployment', name: 'api' }, ['b']);
    const high = p('high', 5, { kind: 'Deployment', labelSelector: { matchLabels: { tier: 'backend' } } }, ['c']);
    const pick = (...docs: Array<typeof dep | typeof byName>) =>
      ((manifestsToDesigns(docs, 'd', { serviceTime: '1ms' }).designs[0].placement as { services: Record<string, { clusterAffinity: { clusterNames: string[] } }> }).services.api.clusterAffinity.clusterNames[0]);
    expect(pick(dep, byLabel, byName)).toBe('b');
    expect(pick(dep, byName, byLabel)).toBe('b');
    expect(pick(dep, byName, high)).toBe('c');
  });

  it('maps region and provider field selectors and says what it cannot map', () => {
    const notes: string[] = [];
    const policy = placementPolicy(
      { spec: { placement: { clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu-west-1'] }, { key: 'zone', operator: 'NotIn', values: ['x'] }] } } } } },
      'p',
      notes,
    );
    expect(policy).toEqual({ clusterAffinity: { regions: ['eu-west-1'] } });
    expect(notes).toEqual(['p: fieldSelector zone NotIn not mapped (region In and provider In are)']);
  });

  it('merged into a fleet, gives a scenario that check accepts and whose placement resolves as the policies say', () => {
    const base = parse(readFileSync(join(DIR, 'fleet.yaml'), 'utf8')) as Record<string, unknown>;
    const merged = mergeIntoBase(base, imported);
    const loaded = parseScenario(stringify(merged), 'merged.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    expect(loaded.scenario.workload.userRegions[0].entryService).toBe('web');
    const fleet = resolveFleet(loaded.scenario);
    const designs = resolveDesigns(loaded.scenario, fleet);
    const seg = designs.find((d) => d.name === 'active-active')!;
    const web = seg.placement.services.find((s) => s.service === 'web')!;
    // 6 replicas weighted 2:1 → 4 in member1, 2 in member2 (an exact split, independent of the apportioning rule).
    expect(Array.from(web.assigned)).toEqual([4, 2]);
    // The backend's primary affinity (geo: eu) selects member1 only.
    expect(Array.from(seg.placement.services.find((s) => s.service === 'api')!.assigned)).toEqual([4, 0]);
    const rep = designs.find((d) => d.name === 'replicated')!;
    expect(Array.from(rep.placement.services.find((s) => s.service === 'db')!.assigned)).toEqual([3, 3]);
  });

  it('refuses a folder without workloads', () => {
    expect(() => manifestsToDesigns([], 'empty', { serviceTime: '1ms' })).toThrow(/no Deployment or StatefulSet/);
    expect(() => readManifestDir(join(DIR, 'nope'))).toThrow(/not a directory/);
  });
});
