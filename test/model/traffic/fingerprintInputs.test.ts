import { describe, expect, it } from 'vitest';
import { FingerprintInputs } from '../../../src/model/traffic/fingerprintInputs.js';
import { TrafficImpairments } from '../../../src/model/traffic/impairments.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { TrafficRates } from '../../../src/model/traffic/rates.js';
import { chainScenario } from './fixture.js';
import { trafficParts } from './parts.js';

describe('FingerprintInputs.useFlow', () => {
  it('moves the epoch when a pool some walk read has another key in the flow now watched, and only then', () => {
    const parts = trafficParts(chainScenario({ ratePerS: 100, mesh: true }));
    const { services, network, state, routes, deadEndpoints } = parts;
    const impairments = new TrafficImpairments(services.indexByName, network.clusterCount);
    const a = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(1, network.clusterCount), impairments);
    const b = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(1, network.clusterCount), impairments);
    const watch = new FingerprintInputs(a, routes, network, impairments, services.serviceCount);
    const read = parts.group('api', 0);
    const unread = parts.group('db', 0);
    for (const flow of [a, b]) {
      flow.pools[read].pWait = 0.1;
      flow.pools[read].waitRatePerS = 50;
    }
    // A walk reads the pool (the key addWaits adds), with a and then with b watched.
    const walk = () => watch.readPool(read, Math.round(0.1 * 400), Math.round(Math.log(50) * 100), 0);
    walk();
    const start = watch.epoch;
    // b was never watched: no keys, so the read pool counts as changed; the walk that follows stores
    // b's key (and moves the epoch again, as a pool read the first time does).
    watch.useFlow(b);
    expect(watch.epoch).toBe(start + 1);
    walk();
    const known = watch.epoch;
    walk();
    expect(watch.epoch).toBe(known);
    // Equal keys both ways: nothing moves, whatever an unread pool holds.
    b.pools[unread].pWait = 0.9;
    markWritten(b, unread);
    watch.useFlow(a);
    watch.useFlow(b);
    watch.useFlow(a);
    expect(watch.epoch).toBe(known);
    // b's read pool now differs (as if its hour's pass had written it): switching to b moves the epoch.
    b.pools[read].pWait = 0.3;
    markWritten(b, read);
    watch.useFlow(b);
    expect(watch.epoch).toBe(known + 1);
  });
});

/** List `group` as written by `flow` (what poolAt does for every pool it writes). */
function markWritten(flow: LoadFlow, group: number): void {
  const f = flow as unknown as { writtenMark: Int32Array; written: Int32Array; writtenCount: number; writtenEpoch: number };
  f.writtenMark[group] = f.writtenEpoch;
  f.written[f.writtenCount++] = group;
}
