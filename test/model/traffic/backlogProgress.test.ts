import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designFaultSchedule, prepareScenario, simulateDesign } from '../../../src/run/pipeline.js';

/**
 * Regression: an async queue that drains to a float residue late in a year asked for its next change
 * a few picoseconds ahead, `now + step` rounded back to `now` (doubles are ~2 ns apart at day 160),
 * and the fluid model woke at the same instant forever (found on the bundled edge-stores scenario:
 * the Boston store's outbox draining after its scripted four-hour WAN cut on day 159). The model now
 * steps at least a microsecond. The event count is what would explode; a healthy run of this slice
 * needs a few thousand traffic events (hourly demand changes, the fault's edges, the drain).
 */
describe('a backlog draining late in a long run makes progress', () => {
  it('the edge store outbox after its day-159 WAN cut: the run ends with a bounded number of events', () => {
    const text = readFileSync('scenarios/edge-stores.yaml', 'utf8').replace('horizon: 365d', 'horizon: 161d').replace('replications: 10', 'replications: 1');
    const p = prepareScenario(text, 'edge-stores.yaml');
    const storeLocal = p.scenario.designs.findIndex((d) => d.name === 'store-local');
    const result = simulateDesign(p, storeLocal, designFaultSchedule(p, 0, storeLocal), 0);
    expect(result.events).toBeLessThan(50_000);
    // The outbox did fill during the cut (the async path was exercised) and drained after it.
    const outbox = result.traffic!.asyncQueues!.find((q) => q.edge === 'pos→sync' && q.cluster === 'bos');
    expect(outbox!.maxBacklogMessages).toBeGreaterThan(1000);
  }, 60_000);
});
