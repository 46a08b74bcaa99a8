import { describe, expect, it } from 'vitest';
import { bothModes, expectAgreement, fixture } from './requestLevel/agreement.js';

/**
 * The fluid model against the request level during a brownout (request-path rule 1): a served attempt
 * takes the added latency, then fails `impaired` with the pool's error ratio e; retried on `impaired`
 * with k attempts, a request fails with e^k (one hop, no calls), a closed form worked here.
 */
describe('fluid vs request level: a brownout with impaired failures retried', () => {
  const { fluid, requests } = bothModes(fixture('requests-impaired'), 0);
  it('availability (0.1 pp) and p50 (10%) agree; impaired failures match rate × fault time × e^k within 10%', () => {
    const expected = 250 * 600 * 0.3 ** 3; // 250/s for the 10-min fault, e = 0.3, k = 3
    expect(requests.failedBy.impaired).toBeGreaterThan(0);
    expect(Math.abs(requests.failedBy.impaired - expected) / expected).toBeLessThan(0.1);
    expect(requests.attempts.retries).toBeGreaterThan(250 * 600 * 0.3 * 0.9);
    expectAgreement(fluid, requests);
  });
});
