import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { faultsOf, world } from './fixture.js';
import { runWithUpgrades } from './upgradeRig.js';

const text = readFileSync(fileURLToPath(new URL('../../fixtures/upgrade-surge.yaml', import.meta.url)), 'utf8');

describe('test/fixtures/upgrade-surge.yaml: a scripted upgrade with surge and two budgets', () => {
  it('every node is replaced within the hour, no pod is lost, users never leave the SLO', () => {
    const w = world(text);
    const faults = faultsOf(w, 0, 6 * 3600);
    expect(faults.map((f) => [f.kind, f.startS, f.endS])).toEqual([['upgrade', 7200, 10800]]);
    const r = runWithUpgrades(w, faults, 6 * 3600);
    const f = r.faults[0];
    expect(f.podsLost).toBe(0);
    expect(f.usersOutS).toBe(0);
    // web (6 replicas, maxUnavailable 1) never below 5; catalog (8, minAvailable 75%) never below 6.
    expect(r.services.map((s) => s.minReady)).toEqual([5, 6]);
    expect(r.services.every((s) => s.zeroReadyS === 0)).toBe(true);
    // Node-hours: four nodes all along, plus a fifth (the surge node) for part of the upgrade.
    expect(r.pools[0].nodeHours).toBeGreaterThan(4 * 6);
    expect(r.pools[0].nodeHours).toBeLessThan(4 * 6 + 1);
    expect(r.pools[0].peakNodes).toBe(5);
  });
});
