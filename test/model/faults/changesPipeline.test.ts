import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designFaultSchedules, prepareScenario, simulateDesign } from '../../../src/run/pipeline.js';

/**
 * End to end: the fixture's bad deploys (every one bad, 100% errors on web) simulated with traffic
 * under an all-at-once design and a waves design that place the same pods. Requests failed by the
 * impairment are checked against arithmetic done here: users are spread evenly over the four
 * clusters (the fluid model sends each region's users to its two nearby clusters alike), the rate
 * is flat (no diurnal profile), so a bad change costs rate × (share of clusters hit) × (D + R).
 */

const FIXTURE = 'test/fixtures/changes-waves.yaml';
const RATE_PER_S = 400;
const ROLLBACK_S = 600;
// SLO 99.95%, the Workbook's fast alert 14.4× over 1 h: D = 3600 × 14.4 × 0.0005 / share.
const detectionS = (share: number) => (3600 * 14.4 * 0.0005) / share;

describe('a waves rollout against all at once, same bad changes, simulated with traffic', () => {
  const p = prepareScenario(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  const schedules = designFaultSchedules(p, 0);
  const results = schedules.map((s, i) => simulateDesign(p, i, s, 0));
  const badChanges = (i: number) => new Set(schedules[i].filter((e) => e.kind === 'badChange').map((e) => e.endS)).size;

  it('both designs face the same bad changes', () => {
    expect(badChanges(0)).toBeGreaterThan(2);
    expect(badChanges(0)).toBe(badChanges(1));
  });

  it('all at once: every request fails for D + R per bad change (D = 25.92 s); waves: the canary\'s quarter for D + R (D = 103.68 s), relative error < 1e-6', () => {
    const n = badChanges(0);
    const [all, waves] = results.map((r) => r.traffic!.failedBy.impaired);
    expect(all / (n * RATE_PER_S * 1 * (detectionS(1) + ROLLBACK_S)) - 1).toBeCloseTo(0, 6);
    expect(waves / (n * RATE_PER_S * 0.25 * (detectionS(0.25) + ROLLBACK_S)) - 1).toBeCloseTo(0, 6);
  });

  it('waves lose fewer user-minutes: failed requests / rate, and nothing but the impairment fails', () => {
    const lostMin = results.map((r) => r.traffic!.failedRequests / RATE_PER_S / 60);
    expect(lostMin[1]).toBeLessThan(0.3 * lostMin[0]);
    for (const r of results) expect(r.traffic!.failedRequests).toBeCloseTo(r.traffic!.failedBy.impaired, 3);
  });

  it('fault records carry the stream as origin, one per cluster hit', () => {
    const records = results.map((r) => r.faults.filter((f) => f.kind === 'badChange'));
    expect(records[0].length).toBe(4 * badChanges(0));
    expect(records[1].length).toBe(badChanges(1));
    for (const f of [...records[0], ...records[1]]) expect(f.origin).toBe('web-deploys');
  });
});
