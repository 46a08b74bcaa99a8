import { describe, expect, it } from 'vitest';
import type { FaultEpisode } from '../../../src/model/faults/schedule.js';
import { DependencyReplay } from '../../../src/model/replication/dependencyReplay.js';
import type { ReplicationWiring } from '../../../src/model/replication/replicationWiring.js';
import type { DependencySpec } from '../../../src/scenario/types.js';

/** The replay's routing of a dependency outage, against a stand-in wiring that records the calls. */
function stand(declared: DependencySpec[], usedNames: readonly string[], withTraffic = true) {
  const calls: string[] = [];
  const traffic = {
    dependencyDown: (spec: DependencySpec, down: boolean) => calls.push(`${spec.name} ${down ? 'down' : 'up'}`),
  };
  const w = {
    scenario: { faults: { dependencies: declared } },
    design: { dependsOn: usedNames },
    traffic: withTraffic ? traffic : null,
    karmada: { setControlPlaneDown: (down: boolean) => calls.push(`karmada ${down ? 'down' : 'up'}`) },
    fleet: { clusters: [{ id: 0 }, { id: 1 }] },
  } as unknown as ReplicationWiring;
  return { replay: new DependencyReplay(w), calls };
}

const spec = (name: string, kind: DependencySpec['kind']): DependencySpec => ({ name, kind, perYear: 0, duration: { kind: 'constant', valueS: 1 }, errorRatio: 1 });
const ep = (targetId: number): FaultEpisode => ({ id: 0, kind: 'dependency', targetId, targetName: '', startS: 0, endS: 1, source: 'scripted' });

describe('DependencyReplay', () => {
  it('hands the Karmada control plane to KarmadaFailover once per change of state, overlapping outages counted', () => {
    const { replay, calls } = stand([spec('k', 'karmada'), spec('k2', 'karmada')], ['k', 'k2']);
    expect(replay.apply(ep(0), 1)).toEqual([0, 1]);
    replay.apply(ep(1), 1);
    replay.apply(ep(0), -1);
    expect(calls).toEqual(['karmada down']);
    replay.apply(ep(1), -1);
    expect(calls).toEqual(['karmada down', 'karmada up']);
  });

  it('passes the other kinds to the traffic model', () => {
    const { replay, calls } = stand([spec('dns', 'dns')], ['dns']);
    replay.apply(ep(0), 1);
    replay.apply(ep(0), -1);
    expect(calls).toEqual(['dns down', 'dns up']);
  });

  it('does nothing for a dependency the design does not use', () => {
    const unused = stand([spec('dns', 'dns')], []);
    expect(unused.replay.uses(ep(0))).toBe(false);
    expect(unused.replay.apply(ep(0), 1)).toEqual([]);
    expect(unused.calls).toEqual([]);
  });

  it('without a traffic model still takes Karmada down (failover is a runtime matter), and nothing else', () => {
    const karmada = stand([spec('k', 'karmada')], ['k'], false);
    expect(karmada.replay.apply(ep(0), 1)).toEqual([0, 1]);
    expect(karmada.calls).toEqual(['karmada down']);
    const dns = stand([spec('dns', 'dns')], ['dns'], false);
    dns.replay.apply(ep(0), 1);
    expect(dns.calls).toEqual([]);
  });
});
