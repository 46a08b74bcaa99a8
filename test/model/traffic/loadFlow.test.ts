import { describe, expect, it } from 'vitest';
import { emptyTally, type IdlePools, type LoadTally } from '../../../src/model/traffic/loadFlow.js';
import { chainScenario } from './fixture.js';
import { trafficParts, type TrafficParts } from './parts.js';

/** web (6 pods × 4) → api (1.5 calls, 6 pods × 4) → db (0.5 calls, 3 pods × 8), in one cluster. */
function chain(mesh: boolean): TrafficParts {
  const parts = trafficParts(chainScenario({ ratePerS: 600, mesh }));
  const { pods, group, deadEndpoints } = parts;
  for (const [name, ready] of [['web', 6], ['api', 6], ['db', 3]] as const) pods.ready[group(name, 0)] = ready;
  // One dead-but-listed api endpoint: 1/7 of api's requests fail (no ejection yet under the mesh).
  pods.ready[group('api', 0)] = 6;
  pods.lost[group('api', 0)] = 1;
  deadEndpoints.groupChanged(group('api', 0));
  return parts;
}

function flowOneCluster(parts: TrafficParts, webPerS: number, idle: IdlePools): LoadTally {
  const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
  const web = parts.services.indexByName.get('web')!;
  entry[parts.group('web', 0)] = webPerS;
  const tally = emptyTally();
  parts.flow.begin([0], entry, [web]);
  parts.flow.forward([0], Uint8Array.of(1), tally, idle);
  parts.flow.backward([0]);
  return tally;
}

describe('the shared load flow', () => {
  it('follows the call graph: each callee is offered what its callers admitted times calls per request', () => {
    const parts = chain(false);
    const tally = flowOneCluster(parts, 300, 'reset');
    const { flow, group } = parts;
    const web = flow.pools[group('web', 0)];
    const api = flow.pools[group('api', 0)];
    expect(flow.offeredPerS[group('web', 0)]).toBe(300);
    expect(web.admittedPerS).toBe(300); // 24 servers at 50/s each: far from saturation
    expect(flow.offeredPerS[group('api', 0)]).toBe(300 * 1.5);
    // A seventh of api's requests go to the dead endpoint; the rest are admitted.
    expect(flow.deadEndpointShare[group('api', 0)]).toBeCloseTo(1 / 7, 15);
    expect(api.offeredPerS).toBeCloseTo((450 * 6) / 7, 9);
    expect(flow.offeredPerS[group('db', 0)]).toBeCloseTo(api.admittedPerS * 0.5, 9);
    expect(tally.deadEndpoint).toBeCloseTo(450 / 7, 9);
    expect(tally.noReplica).toBe(0);
    // Success of a web request: every api call must avoid the dead endpoint: E[(6/7)^N], N ∈ {1, 2}.
    const q = 6 / 7;
    expect(flow.successRatio[group('web', 0)]).toBeCloseTo(q * (0.5 + 0.5 * q), 12);
    expect(parts.rates.servedPerS[0]).toBeCloseTo(300 + api.admittedPerS + flow.pools[group('db', 0)].admittedPerS, 9);
  });

  it('gives a one-cluster mesh fleet exactly the loads and success ratios of the per-cluster path', () => {
    const local = chain(false);
    const mesh = chain(true);
    const localTally = flowOneCluster(local, 450, 'reset');
    const meshTally = flowOneCluster(mesh, 450, 'keepWaits');
    expect(meshTally).toEqual(localTally);
    expect(Array.from(mesh.flow.offeredPerS)).toEqual(Array.from(local.flow.offeredPerS));
    expect(Array.from(mesh.flow.successRatio)).toEqual(Array.from(local.flow.successRatio));
    expect(mesh.flow.pools).toEqual(local.flow.pools);
    expect(Array.from(mesh.rates.interZoneBytesPerS)).toEqual(Array.from(local.rates.interZoneBytesPerS));
    expect(mesh.flow.peakUtilization[0]).toBe(local.flow.peakUtilization[0]);
    expect(localTally.deadEndpoint).toBeGreaterThan(0);
  });

  it('resets an idle pool to what its pods make it, or keeps its waits on the fleet-wide path', () => {
    for (const idle of ['reset', 'keepWaits'] as const) {
      const parts = chain(false);
      flowOneCluster(parts, 1100, idle); // web near saturation: it waits
      const web = parts.flow.pools[parts.group('web', 0)];
      expect(web.pWait).toBeGreaterThan(0);
      const pWaitLoaded = web.pWait;
      flowOneCluster(parts, 0, idle);
      expect(web.admittedPerS).toBe(0);
      expect(web.pWait).toBe(idle === 'reset' ? 0 : pWaitLoaded);
      // Idle api: its dead-endpoint share still counts when reset (a request entering it would meet it).
      expect(parts.flow.successRatio[parts.group('api', 0)]).toBeCloseTo(idle === 'reset' ? 6 / 7 : 1, 12);
    }
  });

  it('counts a pool without ready pods as noReplica, and its callers fail', () => {
    const parts = chain(false);
    parts.pods.ready[parts.group('db', 0)] = 0;
    const tally = flowOneCluster(parts, 300, 'reset');
    expect(tally.noReplica).toBeCloseTo(parts.flow.offeredPerS[parts.group('db', 0)], 12);
    expect(parts.flow.successRatio[parts.group('db', 0)]).toBe(0);
    // An api request fails when it makes its db call (probability 0.5).
    expect(parts.flow.successRatio[parts.group('api', 0)]).toBeCloseTo((6 / 7) * 0.5, 12);
  });
});
