import { describe, expect, it } from 'vitest';
import { bothModes, expectAgreement, fixture } from './requestLevel/agreement.js';

/** The fluid model against the request level with parallel and async calls (semantics §1, §6, §7). */
describe('fluid vs request level: parallel fan-out with held concurrency', () => {
  it('availability, p50 and p99 agree (the slowest of three parallel calls after a sequential one)', () => {
    const { fluid, requests } = bothModes(fixture('parallel-fanout'), 0);
    expectAgreement(fluid, requests);
    expect(requests.availability).toBe(1);
  });
});

describe('fluid vs request level: an async queue backed up by a 30-minute outage of its consumer', () => {
  const { fluid, requests } = bothModes(fixture('async-edge-sync'), 0);
  it("users do not wait for it: availability, p50 and p99 agree", () => {
    expectAgreement(fluid, requests);
  });
  it('messages, max backlog, max and mean age within 5%; nothing dropped in either', () => {
    const f = fluid.asyncQueues![0];
    const r = requests.asyncQueues[0];
    expect(r.edge).toBe(f.edge);
    expect(f.maxBacklogMessages).toBeGreaterThan(30_000); // the queue backed up
    for (const key of ['messages', 'maxBacklogMessages', 'maxAgeS', 'meanAgeS'] as const) expect(Math.abs(r[key] - f[key]) / f[key]).toBeLessThan(0.05);
    expect(r.droppedMessages).toBe(0);
    expect(f.droppedMessages).toBe(0);
  });
});
