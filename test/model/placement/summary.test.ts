import { describe, expect, it } from 'vitest';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { summarizeDesign } from '../../../src/model/placement/summary.js';
import { twoRegionScenario } from './scenarioFixture.js';

describe('summarizeDesign', () => {
  it('flattens a placement into rows that add up to the placement’s own totals', () => {
    const scenario = twoRegionScenario();
    const fleet = resolveFleet(scenario, { reservation: { kind: 'none' } });
    const [replicated, segmented] = resolveDesigns(scenario, fleet);
    const s = summarizeDesign(fleet, replicated.placement);
    expect(s.rows).toEqual([
      { service: 'web', cluster: 'eu', region: 'eu-west-1', assigned: 6, placed: 6, pending: 0 },
      { service: 'web', cluster: 'us', region: 'us-east-1', assigned: 6, placed: 4, pending: 2 },
      { service: 'db', cluster: 'eu', region: 'eu-west-1', assigned: 3, placed: 3, pending: 0 },
      { service: 'db', cluster: 'us', region: 'us-east-1', assigned: 3, placed: 3, pending: 0 },
    ]);
    expect(s.rows.reduce((a, r) => a + r.pending, 0)).toBe(s.pendingPods);
    expect(s.notes).toEqual(['web: 2 pods pending in us']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s); // plain data, safe for --output json
    expect(summarizeDesign(fleet, segmented.placement).notes).toEqual(['db: affinity primary: no cluster up and allowed by residency', 'db: using affinity backup']);
  });
});
