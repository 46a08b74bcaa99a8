import { describe, expect, it } from 'vitest';
import { resolveFleet } from '../../src/model/fleet/resolveFleet.js';
import { resolveScenario } from '../../src/run/pipeline.js';
import { addFault, applyWhatIfs, describeWhatIf, setDnsTtl, setEtcdMembers, setHeadroom, setIngress, setPoolCount, setReplicas, WhatIfError, type WhatIf } from '../../src/tui/whatIf.js';
import { deepFreeze, scenarioOf, scenarioText } from './fixture.js';

const base = deepFreeze(scenarioOf(scenarioText('default.yaml')));
const edge = deepFreeze(scenarioOf(scenarioText('edge-stores.yaml'), 'edge-stores.yaml'));
const snapshot = JSON.stringify(base);

describe('what-if edits', () => {
  it('set a node pool count, widen autoscaling bounds to include it, and leave the base untouched', () => {
    const s = setPoolCount(base, 'eu-1', 'general', 12);
    const pool = s.clusters[0].nodePools[0];
    expect(pool.count).toBe(12);
    expect(pool.autoscaling).toEqual({ minCount: 1, maxCount: 12 });
    const high = setPoolCount(base, 'eu-1', 'general', 20).clusters[0].nodePools[0];
    expect(high.autoscaling).toEqual({ minCount: 1, maxCount: 20 });
    // The other cluster is the same object: a what-if copies only the path it changes.
    expect(s.clusters[1]).toBe(base.clusters[1]);
    expect(JSON.stringify(base)).toBe(snapshot);
    // The resolved fleet has the nodes: 12 + 4.
    expect(resolveFleet(s).nodes.poolId.length).toBe(16);
  });

  it("set a sized design's headroom: fleetsim re-sizes it (more replicas), and an unsized design refuses it", () => {
    const more = resolveScenario(setHeadroom(base, 'segmented', 0.5)).views[1].sized!;
    const asWritten = resolveScenario(base).views[1].sized!;
    expect(more.headroomRatio).toBe(0.5);
    const pods = (z: typeof more) => z.services.reduce((a, x) => a + x.replicas, 0);
    expect(pods(more)).toBeGreaterThan(pods(asWritten));
    const unsized = { ...base, designs: base.designs.map((d) => ({ ...d, sizing: undefined })) };
    expect(() => setHeadroom(unsized, 'segmented', 0.5)).toThrow(WhatIfError);
    expect(() => setHeadroom(base, 'segmented', 1)).toThrow(WhatIfError);
  });

  it('set service replicas', () => {
    const s = setReplicas(base, 'web', 2);
    expect(s.workload.services.find((x) => x.name === 'web')!.replicas).toBe(2);
    expect(s.workload.services.find((x) => x.name === 'cart')!.replicas).toBe(4);
  });

  it('spread etcd members round-robin over the zones, like a bare count in a file', () => {
    const c = edge.clusters.find((x) => x.controlPlane.kind === 'selfManaged')!;
    const s = setEtcdMembers(edge, c.name, 5);
    const cp = s.clusters.find((x) => x.name === c.name)!.controlPlane;
    if (cp.kind !== 'selfManaged') throw new Error('expected self-managed');
    expect(cp.etcd.memberCount).toBe(5);
    expect(cp.etcd.members.reduce((a, m) => a + m.count, 0)).toBe(5);
    const n = c.zones.length;
    for (const [z, m] of cp.etcd.members.entries()) expect(m.count).toBe(Math.floor(5 / n) + (z < 5 % n ? 1 : 0));
  });

  it('switch ingress to anycast with the documented defaults, then DNS TTL is refused', () => {
    const s = setIngress(base, 'replicated', 'anycast');
    expect(s.designs[0].traffic.ingress).toEqual({ kind: 'anycast', healthCheckIntervalS: 5, unhealthyThreshold: 2, healthCheck: base.designs[0].traffic.ingress.healthCheck });
    expect(s.designs[1]).toBe(base.designs[1]);
    expect(() => setDnsTtl(s, 'replicated', 30)).toThrow(WhatIfError);
    const ttl = setDnsTtl(base, 'active-active', 5).designs[2].traffic.ingress;
    expect(ttl.kind === 'dns' && ttl.ttlS).toBe(5);
  });

  it('add a scripted fault after the file\'s own', () => {
    const s = addFault(base, { atS: 86_400, forS: 3600, target: { kind: 'region', region: 'us-east-1' } });
    expect(s.faults.scripted).toHaveLength(base.faults.scripted.length + 1);
    expect(s.faults.scripted.at(-1)!.target).toEqual({ kind: 'region', region: 'us-east-1' });
  });

  it('refuse edits that do not fit the scenario, naming what is wrong', () => {
    expect(() => setPoolCount(base, 'nope', 'general', 3)).toThrow(/no cluster "nope"/);
    expect(() => setPoolCount(base, 'eu-1', 'gpu', 3)).toThrow(/no node pool "gpu"/);
    expect(() => setPoolCount(base, 'eu-1', 'general', -1)).toThrow(WhatIfError);
    expect(() => setReplicas(base, 'web', 0)).toThrow(WhatIfError);
    expect(() => setEtcdMembers(base, 'eu-1', 3)).toThrow(/managed control plane/);
    expect(() => addFault(base, { atS: base.run.horizonS, forS: 60, target: { kind: 'zone', zone: 'eu-west-1a' } })).toThrow(/within the run/);
    expect(() => addFault(base, { atS: 10, forS: 0, target: { kind: 'zone', zone: 'eu-west-1a' } })).toThrow(/positive/);
    expect(() => addFault(base, { atS: 10, forS: 60, target: { kind: 'zone', zone: 'mars-1a' } })).toThrow(/no zone "mars-1a"/);
    expect(() => addFault(base, { atS: 10, forS: 60, target: { kind: 'etcdLeader', cluster: 'eu-1' } })).toThrow(/managed/);
  });

  it('apply a list in order (the later edit of one knob wins) and describe each edit', () => {
    const ws: WhatIf[] = [
      { kind: 'replicas', service: 'web', replicas: 2 },
      { kind: 'replicas', service: 'web', replicas: 9 },
      { kind: 'dnsTtl', design: 'replicated', ttlS: 300 },
      { kind: 'fault', fault: { atS: 30 * 86_400, forS: 3600, target: { kind: 'zone', zone: 'eu-west-1a' } } },
    ];
    const s = applyWhatIfs(base, ws);
    expect(s.workload.services[0].replicas).toBe(9);
    expect(ws.map(describeWhatIf)).toEqual(['web replicas = 2', 'web replicas = 9', 'replicated DNS TTL = 5m', 'kill zone eu-west-1a at 30d for 1h']);
    expect(applyWhatIfs(base, [])).toBe(base);
  });
});
