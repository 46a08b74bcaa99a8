import { describe, expect, it } from 'vitest';
import { bothModes, expectAgreement, fixture } from './requestLevel/agreement.js';

/**
 * The fluid model against the request level with retries and timeouts (issue 16 semantics §1–§2):
 * availability within 0.1 pp, p50 and p99 within 10%, and the failure causes alike.
 */
describe('fluid vs request level: retries during a node failure (dead endpoints and per-try timeouts retried, backoff)', () => {
  const { fluid, requests } = bothModes(fixture('requests-retries-node'), 0);
  it('availability, p50 and p99 agree; dead-endpoint failures within 10%', () => {
    expect(fluid.failedBy.deadEndpoint).toBeGreaterThan(1000); // the node failure matters
    expectAgreement(fluid, requests);
    expect(Math.abs(requests.failedBy.deadEndpoint - fluid.failedBy.deadEndpoint) / fluid.failedBy.deadEndpoint).toBeLessThan(0.1);
    expect(requests.attempts.retries).toBeGreaterThan(0);
  });
});

describe('fluid vs request level: per-try timeouts with a heavy-tailed service time', () => {
  const { fluid, requests } = bothModes(fixture('requests-timeouts'), 0);
  it('availability, p50 and p99 agree; timeouts are the failures, within 20% of each other', () => {
    // api's lognormal tail times out ~7% of attempts (about 55,000 per-try timeouts); what fails is the rare third one.
    expect(requests.attempts.perTryTimeouts).toBeGreaterThan(0.05 * requests.attempts.attempts * 0.5);
    expectAgreement(fluid, requests);
    expect(requests.failedBy.timeout).toBe(requests.failedRequests);
    expect(Math.abs(requests.failedBy.timeout - fluid.failedBy.timeout) / fluid.failedBy.timeout).toBeLessThan(0.2);
  });
});
