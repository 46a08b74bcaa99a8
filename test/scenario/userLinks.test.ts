import { describe, expect, it } from 'vitest';
import { LINK_PAIRS_DEFAULT, resolveLinkPairs, resolveViaRegion, VIA_DEFAULTS_FROM_LOCATION } from '../../src/scenario/userLinks.js';
import { parseScenario } from '../../src/scenario/index.js';

const topology = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

describe('resolveViaRegion', () => {
  it('an explicit via wins, whatever the users are near', () => {
    expect(resolveViaRegion({ via: 'us-west-2', near: 'us-east-1' }, topology, undefined, true)).toBe('us-west-2');
    expect(resolveViaRegion({ via: 'us-west-2', near: 'us-east-1' }, topology, undefined, false)).toBe('us-west-2');
  });

  it('without inference (the default until the flip) no via region: the users reach every region directly', () => {
    expect(resolveViaRegion({ near: 'us-east-1' }, topology, undefined, false)).toBeUndefined();
  });

  it('inferred: the near region when it is in the topology, even if another is nearer by the numbers', () => {
    expect(resolveViaRegion({ near: 'eu-west-1' }, topology, { 'us-east-1': 5, 'us-west-2': 70, 'eu-west-1': 11 }, true)).toBe('eu-west-1');
  });

  it('inferred: users near a region outside the topology enter at the topology region nearest to them', () => {
    // Users near eu-central-1 (not in the topology): eu-west-1 is 25 ms away, us-east-1 95 ms.
    expect(resolveViaRegion({ near: 'eu-central-1' }, topology, { 'us-east-1': 95, 'us-west-2': 160, 'eu-west-1': 25 }, true)).toBe('eu-west-1');
    // Without the resolved RTTs there is nothing to choose by.
    expect(resolveViaRegion({ near: 'eu-central-1' }, topology, undefined, true)).toBeUndefined();
  });

  it('inferred: explicit rtt names the nearest region; a tie goes to the first in topology order', () => {
    expect(resolveViaRegion({ rtt: { 'us-east-1': 0.04, 'us-west-2': 0.012, 'eu-west-1': 0.09 } }, topology, undefined, true)).toBe('us-west-2');
    expect(resolveViaRegion({ rtt: { 'us-east-1': 0.03, 'us-west-2': 0.03, 'eu-west-1': 0.09 } }, topology, undefined, true)).toBe('us-east-1');
  });
});

describe('resolveLinkPairs', () => {
  it('as written, else the default', () => {
    expect(resolveLinkPairs('used')).toBe('used');
    expect(resolveLinkPairs('all')).toBe('all');
    expect(resolveLinkPairs(undefined)).toBe(LINK_PAIRS_DEFAULT);
  });
});

describe('through the loader', () => {
  const yaml = (users: string, links = '') => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: via }
topology: { regions: [ { name: us-east-1 }, { name: eu-west-1 } ] }
clusters:
  - { name: a, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services: [ { name: web, replicas: 1, cpu: 100m, memory: 64Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions:
${users}
designs:
  - { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
${links}
run: { horizon: 1d }
`;
  const parsed = (text: string) => {
    const r = parseScenario(text, 'via.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    return r.scenario;
  };

  it('via as written reaches the resolved user region', () => {
    const s = parsed(yaml('    - { name: eu, near: eu-west-1, via: eu-west-1, rate: 1/s, entryService: web }\n    - { name: us, near: us-east-1, rate: 1/s, entryService: web }'));
    expect(s.workload.userRegions.map((u) => u.viaRegion)).toEqual(['eu-west-1', VIA_DEFAULTS_FROM_LOCATION ? 'us-east-1' : undefined]);
  });

  it('a via that is not a topology region is an error at its line, with the regions that exist', () => {
    const r = parseScenario(yaml('    - { name: us, near: us-east-1, via: us-west-9, rate: 1/s, entryService: web }'), 'via.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.message.includes('us-west-9'));
    expect(e).toBeDefined();
    expect(e!.line).toBe(10); // the user region's line in the document above
    expect(e!.path).toBe('workload.userRegions[0].via');
    expect(`${e!.expected ?? ''} ${e!.hint ?? ''}`).toMatch(/us-east-1|eu-west-1/);
  });

  it('faults.stochastic.links.pairs as written, else the default', () => {
    const users = '    - { name: us, near: us-east-1, rate: 1/s, entryService: web }';
    const links = (pairs: string) => `faults: { stochastic: { links: { perYear: 1, duration: { exponential: { mean: 1h } }${pairs} } } }`;
    expect(parsed(yaml(users, links(', pairs: used'))).faults.stochastic.links!.pairs).toBe('used');
    expect(parsed(yaml(users, links(''))).faults.stochastic.links!.pairs).toBe(LINK_PAIRS_DEFAULT);
  });
});
