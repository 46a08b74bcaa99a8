import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWER_TIE_MS, LINK_USE, usedLinks, type UsedLinkPaths } from '../../../src/model/faults/linkPairs.js';
import { NEAR_TIE_MS } from '../../../src/model/traffic/routing.js';
import type { Fleet } from '../../../src/model/fleet/types.js';
import { placedWorld as world } from './placedFixture.js';

/**
 * Which region pairs draw link faults under `pairs: used`: the union over designs of the pairs user
 * traffic (DNS ingress, from the via region), mesh calls (the `any` level) or etcd peers can cross
 * (failover paths included) or, with `steady`, do cross with everything up.
 * Four regions: users enter at eu-west-1 (no cluster there) and us-east-1; web calls api.
 */
const pool = '[ { name: pool, instanceType: m6i.xlarge, count: 3 } ]';
const scenario = (designs: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: pairs }
topology: { regions: [ { name: us-east-1 }, { name: us-west-2 }, { name: eu-west-1 }, { name: ap-southeast-1 } ] }
clusters:
  - { name: use, region: us-east-1, nodePools: ${pool}, controlPlane: { managed: { tier: eks-standard } } }
  - { name: usw, region: us-west-2, nodePools: ${pool}, controlPlane: { managed: { tier: eks-standard } } }
  - { name: ap, region: ap-southeast-1, nodePools: ${pool}, controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 2, cpu: 250m, memory: 256Mi, serviceTime: { exponential: { mean: 10ms } }, calls: [ { service: api } ] }
    - { name: api, replicas: 2, cpu: 250m, memory: 256Mi, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: europe, near: eu-west-1, via: eu-west-1, rate: 10/s, entryService: web }
    - { name: america, near: us-east-1, via: us-east-1, rate: 10/s, entryService: web }
designs:
${designs}
run: { horizon: 1d, seed: pairs }
`;
const central = `  - name: central
    placement: { default: { clusterAffinity: { clusterNames: [use] }, replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }`;
const split = `  - name: split
    placement:
      default: { clusterAffinity: { clusterNames: [use, usw] }, replicaScheduling: duplicated }
      services: { api: { clusterAffinity: { clusterNames: [ap] } } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }`;
const anycastEverywhere = `  - name: anycast
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { anycast: {} }, mesh: { localityOrder: [zone, region] } }`;

/** The used pairs as "a~b: flags", for readable failures. */
function used(fleet: Fleet, flags: Uint8Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of fleet.links) if (flags[l.id] !== 0) out[[fleet.regions[l.regionA].name, fleet.regions[l.regionB].name].sort().join('~')] = flags[l.id];
  return out;
}
const of = (designs: string, paths: UsedLinkPaths = 'failover') => {
  const w = world(scenario(designs));
  return used(w.fleet, usedLinks(w.fleet, w.scenario, w.designs, paths));
};

describe('usedLinks, failover paths included', () => {
  it('one central design: only the European users\' path to the cluster', () => {
    expect(of(central)).toEqual({ 'eu-west-1~us-east-1': LINK_USE.users });
  });

  it('a split design adds its users\' paths to every region running the entry service (failover included) and its mesh calls', () => {
    expect(of(split)).toEqual({
      'eu-west-1~us-east-1': LINK_USE.users,
      'eu-west-1~us-west-2': LINK_USE.users,
      'us-east-1~us-west-2': LINK_USE.users,
      'ap-southeast-1~us-east-1': LINK_USE.calls,
      'ap-southeast-1~us-west-2': LINK_USE.calls,
    });
  });

  it('anycast users cross no region link; a mesh without the any level keeps calls in their region', () => {
    expect(of(anycastEverywhere)).toEqual({});
  });

  it('the union over designs, so every design faces the same link faults (and eu-west-1~ap-southeast-1 stays unused)', () => {
    const all = of([central, split, anycastEverywhere].join('\n'));
    expect(all).toEqual(of(split));
    expect(all['ap-southeast-1~eu-west-1']).toBeUndefined();
  });

  it('a hard residency rule removes the clusters it forbids; the via region itself is never a pair', () => {
    const residency = `  - name: pinned
    placement:
      default: { replicaScheduling: duplicated }
      services: { api: { residency: { allowedRegions: ["ap-*"], enforcement: hard } } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, any] } }`;
    const flags = of(residency);
    // web runs everywhere: users from eu-west-1 to all three, from us-east-1 to the other two.
    // api only in ap-southeast-1: calls from web in us-east-1 and us-west-2 to it.
    expect(flags).toEqual({
      'eu-west-1~us-east-1': LINK_USE.users,
      'eu-west-1~us-west-2': LINK_USE.users,
      'ap-southeast-1~eu-west-1': LINK_USE.users,
      'us-east-1~us-west-2': LINK_USE.users,
      'ap-southeast-1~us-east-1': LINK_USE.users | LINK_USE.calls,
      'ap-southeast-1~us-west-2': LINK_USE.calls,
    });
  });

  it('edge stores: self-managed etcd stays in its store (no pair), and store-to-store pairs are used only through a mesh\'s any level', () => {
    const text = readFileSync('test/fixtures/edge-partition.yaml', 'utf8');
    const w = world(text);
    expect(used(w.fleet, usedLinks(w.fleet, w.scenario, w.designs, 'failover'))).toEqual({
      // cloud-central: both stores' tills to the cloud. store-local: each store's tills to the other
      // store (DNS failover), and pos → prices/payments across stores (mesh any level).
      'store-bos~us-east-1': LINK_USE.users,
      'store-nyc~us-east-1': LINK_USE.users,
      'store-bos~store-nyc': LINK_USE.users | LINK_USE.calls,
    });
    const noMeshAny = world(text.replace('localityOrder: [zone, region, any]', 'localityOrder: [zone, region]'));
    expect(used(noMeshAny.fleet, usedLinks(noMeshAny.fleet, noMeshAny.scenario, noMeshAny.designs, 'failover'))['store-bos~store-nyc']).toBe(LINK_USE.users);
  });
});

describe('usedLinks, steady paths only', () => {
  it('ties GSLB answers within the same band as the traffic model', () => {
    expect(ANSWER_TIE_MS).toBe(NEAR_TIE_MS);
  });

  it('split: European users reach only the nearer of the two web regions (us-east-1); calls leave only because api is nowhere nearer', () => {
    expect(of(split, 'steady')).toEqual({
      'eu-west-1~us-east-1': LINK_USE.users,
      'ap-southeast-1~us-east-1': LINK_USE.calls,
      'ap-southeast-1~us-west-2': LINK_USE.calls,
    });
  });

  it('a callee in the caller\'s own cluster keeps the call there: the any level is never reached', () => {
    expect(of(`  - name: local
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }`, 'steady')).toEqual({
      // web runs in every cluster: the European users go to the nearest one, the Americans stay home.
      'eu-west-1~us-east-1': LINK_USE.users,
    });
  });

  it('edge stores: the tills reach the cloud under cloud-central; store-to-store pairs carry nothing', () => {
    const w = world(readFileSync('test/fixtures/edge-partition.yaml', 'utf8'));
    expect(used(w.fleet, usedLinks(w.fleet, w.scenario, w.designs, 'steady'))).toEqual({
      'store-bos~us-east-1': LINK_USE.users,
      'store-nyc~us-east-1': LINK_USE.users,
    });
  });
});
