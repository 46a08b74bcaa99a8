import { afterEach, describe, expect, it } from 'vitest';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { chainScenario } from './fixture.js';
import { trafficParts, type TrafficParts } from './parts.js';

/**
 * Route drops the fleet-wide load flow must see: a region link change drops only the mesh routes
 * that reached other regions (CallRoutes.linkChanged), and the success pass recomputes what read
 * them; a data-plane change drops every route, and a delta pass then checks where every busy pool
 * outside it calls (LoadFlow.callsStayPut).
 */

afterEach(() => {
  incremental.sparseBackward = true;
  incremental.deltaPasses = true;
});

/**
 * Two regions joined by a link: web in c1 (us-east-1) calls api, whose pods run only in c2
 * (eu-west-1), so web's route to api reaches the `any` level and reads the link; api calls db in
 * its own cluster.
 */
function twoRegions(): TrafficParts {
  const yaml = chainScenario({ ratePerS: 200, mesh: true })
    .replace('  regions: [ { name: us-east-1 } ]\n', '  regions: [ { name: us-east-1 }, { name: eu-west-1 } ]\n  links:\n    - { between: [us-east-1, eu-west-1], rtt: 80ms }\n')
    .replace('    controlPlane: { managed: { tier: eks-standard } }\n', '    controlPlane: { managed: { tier: eks-standard } }\n  - { name: c2, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }\n');
  const parts = trafficParts(yaml);
  parts.pods.ready[parts.group('web', 0)] = 6;
  parts.pods.ready[parts.group('api', 1)] = 6;
  parts.pods.ready[parts.group('db', 1)] = 3;
  return parts;
}

function evaluate(parts: TrafficParts): Float64Array {
  const { services, network, flow, routes, group } = parts;
  routes.beginEvaluation(parts.sim.now);
  const entry = new Float64Array(services.serviceCount * network.clusterCount);
  entry[group('web', 0)] = 200;
  flow.fleetPass([0, 1], entry, [services.indexByName.get('web')!], Uint8Array.of(1, 1), emptyTally());
  flow.backward([0, 1]);
  return Float64Array.from(flow.successRatio);
}

/** 10% loss on the link (a degradation): what the fluid model does on a link change. */
function degradeLink(parts: TrafficParts): void {
  parts.network.setLink(parts.network.linkBetween(0, 1), 'degrade', 0, 0.1, true, parts.sim.now);
  parts.routes.linkChanged();
}

describe('a region link changes', () => {
  it('drops only the routes that reached other regions', () => {
    const parts = twoRegions();
    evaluate(parts);
    const api = parts.services.indexByName.get('api')!;
    const db = parts.services.indexByName.get('db')!;
    const dbDropped = parts.routes.serviceDroppedAt[db];
    const apiDropped = parts.routes.serviceDroppedAt[api];
    const drops = parts.routes.drops;
    degradeLink(parts);
    parts.routes.beginEvaluation(parts.sim.now);
    expect(parts.routes.serviceDroppedAt[api]).toBeGreaterThan(apiDropped);
    expect(parts.routes.serviceDroppedAt[db]).toBe(dbDropped);
    expect(parts.routes.allDroppedAt).toBeLessThan(parts.routes.drops);
    expect(parts.routes.drops).toBe(drops + 1);
    // Recomputed, web's route to api is what it was: every call to c2.
    expect(parts.routes.singleTargetOf(api, 0)).toBe(1);
  });

  it("recomputes the success of the services that read the link, to the full pass's values bit for bit", () => {
    const parts = twoRegions();
    const before = evaluate(parts);
    evaluate(parts);
    degradeLink(parts);
    const after = evaluate(parts);

    const full = twoRegions();
    incremental.sparseBackward = false;
    try {
      evaluate(full);
      degradeLink(full);
      const expected = evaluate(full);
      expect(Array.from(after)).toEqual(Array.from(expected));
    } finally {
      incremental.sparseBackward = true;
    }
    // The case is the one meant: a tenth of web's calls to api are lost on the link now.
    const web = parts.group('web', 0);
    expect(after[web]).toBeLessThan(before[web]);
    expect(after[parts.group('api', 1)]).toBe(before[parts.group('api', 1)]);
  });
});

/**
 * Eight clusters in two regions; web's users enter c1 (us-east-1), web calls api, whose pods run
 * in c2 (us-east-1) and c5 (eu-west-1). With c2's data plane down, the mesh sends web's calls
 * across the link to c5; when it comes back, every route is dropped (a data-plane change) and
 * web's calls return to c2. The change is in c2, whose component (last pass: c2 alone, idle) is
 * small enough for a delta pass, but web's pool in c1, outside it, now calls into it.
 */
function dataplaneReturns(): { parts: TrafficParts; up: Uint8Array } {
  const up = Uint8Array.of(1, 0, 1, 1, 1, 1, 1, 1);
  const cluster = (name: string, region: string) => `  - { name: ${name}, region: ${region}, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }\n`;
  const yaml = chainScenario({ ratePerS: 200, mesh: true })
    .replace('  regions: [ { name: us-east-1 } ]\n', '  regions: [ { name: us-east-1 }, { name: eu-west-1 } ]\n  links:\n    - { between: [us-east-1, eu-west-1], rtt: 80ms }\n')
    .replace('    controlPlane: { managed: { tier: eks-standard } }\n', '    controlPlane: { managed: { tier: eks-standard } }\n' + cluster('c2', 'us-east-1') + cluster('c3', 'us-east-1') + cluster('c4', 'us-east-1') + cluster('c5', 'eu-west-1') + cluster('c6', 'eu-west-1') + cluster('c7', 'eu-west-1') + cluster('c8', 'eu-west-1'));
  const parts = trafficParts(yaml, 0, (c) => up[c] === 1);
  parts.pods.ready[parts.group('web', 0)] = 6;
  parts.pods.ready[parts.group('api', 1)] = 6;
  parts.pods.ready[parts.group('api', 4)] = 6;
  parts.pods.ready[parts.group('db', 1)] = 3;
  parts.pods.ready[parts.group('db', 4)] = 3;
  return { parts, up };
}

function flowOnce(parts: TrafficParts, up: Uint8Array): { offered: number[]; tally: ReturnType<typeof emptyTally> } {
  const { services, network, flow, routes, group } = parts;
  routes.beginEvaluation(parts.sim.now);
  const entry = new Float64Array(services.serviceCount * network.clusterCount);
  entry[group('web', 0)] = 200;
  const tally = emptyTally();
  flow.fleetPass([0, 1, 2, 3, 4, 5, 6, 7], entry, [services.indexByName.get('web')!], up, tally);
  return { offered: Array.from(flow.offeredPerS), tally };
}

describe('a delta pass after every route was dropped', () => {
  it('checks where every busy pool outside it calls, and passes over the whole fleet when one moved', () => {
    const { parts, up } = dataplaneReturns();
    const api = parts.group('api', 1);
    const before = flowOnce(parts, up);
    expect(before.offered[api]).toBe(0);
    up[1] = 1;
    parts.routes.invalidateAll();
    const after = flowOnce(parts, up);
    // web's calls (1.5 per request) go to api in c2 again, none across the link.
    expect(after.offered[api]).toBeCloseTo(300, 9);
    expect(after.offered[parts.group('api', 4)]).toBe(0);

    const full = dataplaneReturns();
    incremental.deltaPasses = false;
    try {
      flowOnce(full.parts, full.up);
      full.up[1] = 1;
      full.parts.routes.invalidateAll();
      expect(flowOnce(full.parts, full.up)).toEqual(after);
    } finally {
      incremental.deltaPasses = true;
    }
  });
});
