import { describe, expect, it } from 'vitest';
import { SharedIdleWaits } from '../../../src/model/traffic/idleWaits.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { TrafficRates } from '../../../src/model/traffic/rates.js';
import { chainScenario } from './fixture.js';
import { trafficParts } from './parts.js';

describe('SharedIdleWaits', () => {
  it("gives an idle pool the waits of its group's last busy pool, read from the flow that computed them", () => {
    const parts = trafficParts(chainScenario({ ratePerS: 100, mesh: true }));
    const { services, network, state, routes, deadEndpoints } = parts;
    const a = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(1, network.clusterCount));
    const b = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(1, network.clusterCount));
    const shared = new SharedIdleWaits(a.pools.length);
    expect(shared.stamp[1]).toBe(0);
    a.pools[1].pWait = 0.25;
    a.pools[1].waitRatePerS = 40;
    a.pools[1].utilization = 0.7;
    const first = shared.record(1, a);
    expect(first).toBeGreaterThan(0);
    expect(shared.everBusy).toEqual([1]);
    // The owner computes it busy again: its pool holds the new waits, read when an idle pool asks.
    a.pools[1].pWait = 0.5;
    const second = shared.record(1, a);
    expect(second).toBeGreaterThan(first);
    expect(shared.everBusy).toEqual([1]);
    shared.restore(1, b.pools[1]);
    expect([b.pools[1].pWait, b.pools[1].waitRatePerS, b.pools[1].utilization]).toEqual([0.5, 40, 0.7]);
  });
});
