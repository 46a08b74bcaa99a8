import { describe, expect, it } from 'vitest';
import { MODEL_PENDING_REASON, modelPredictions } from '../../../src/live/proxy/modelHook.js';

/**
 * Pins that the proxy experiments are NOT yet compared with fleetsim's model, so nobody reads the
 * report as if they were. When the model reads designs[].traffic.retries and modelHook.ts returns
 * predictions, this test fails on purpose: replace it with the comparison (run.model against
 * run.measured, with stated tolerances) in test/live/proxy/realProxy.test.ts.
 */
describe('model hook for validate proxy', () => {
  it('returns no prediction and says why, until the model has retries', () => {
    const r = modelPredictions({ backends: 4, dead: 1, concurrency: 4, serviceMs: 10, ratePerS: 250, attempts: 2, queueTimeoutMs: 250 });
    expect(r.predictions).toEqual([]);
    expect(r.pendingReason).toBe(MODEL_PENDING_REASON);
    expect(r.pendingReason).toMatch(/designs\[\]\.traffic\.retries/);
  });
});
