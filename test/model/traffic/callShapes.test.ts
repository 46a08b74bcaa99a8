import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTraffic, world } from './fixture.js';

/** test/fixtures/async-edge-sync.yaml: the Boston store calls cloudSync (us-east-1 only) through a queue; us-east-1 fails 1h–1h30m. */
const FIXTURE = readFileSync(new URL('../../fixtures/async-edge-sync.yaml', import.meta.url), 'utf8');
const ASYNC = 'mode: async, queue: { capacity: 1000000, drainRate: 50/s }';
const ARRIVALS_PER_S = 20;
const DRAIN_PER_S = 50;
const HORIZON_S = 4 * 3600;
const OUTAGE_S = 1800;

function run(yaml: string) {
  return runTraffic(world(yaml), 0, 0, 'fluid').traffic!;
}

describe('async calls end to end: an edge store syncing to the cloud through a queue during a cloud region outage', () => {
  it("users do not notice the outage (they would with a synchronous call); the backlog, its age and its drain follow the fluid closed form", () => {
    expect(FIXTURE).toContain(ASYNC);
    const asyncRun = run(FIXTURE);
    const syncRun = run(FIXTURE.replace(ASYNC, 'mode: sequential'));
    // The same outage fails every till request for 30 minutes when the store waits for the sync…
    expect(syncRun.availability).toBeLessThan(1 - (0.9 * OUTAGE_S) / HORIZON_S);
    // …and none when it does not.
    expect(asyncRun.availability).toBe(1);
    expect(asyncRun.failedRequests).toBe(0);
    const queues = asyncRun.asyncQueues!;
    expect(queues).toHaveLength(1);
    const [q] = queues;
    expect(q.edge).toBe('store→cloudSync');
    expect(q.messages).toBeCloseTo(ARRIVALS_PER_S * HORIZON_S, 6);
    expect(q.droppedMessages).toBe(0);
    // Nothing is delivered from the outage's start until cloudSync has ready pods again (T seconds):
    // the first message waits all of it, and the backlog peaks at λT.
    const stalledS = q.maxAgeS;
    expect(stalledS).toBeGreaterThanOrEqual(OUTAGE_S);
    expect(stalledS).toBeLessThan(OUTAGE_S + 120);
    expect(q.maxBacklogMessages).toBeCloseTo(ARRIVALS_PER_S * stalledS, 6);
    // Then the consumers take 50/s against 20/s arriving: it drains at 30/s, in B/30 s. By Little the
    // mean wait is the area of the backlog's triangle (up at λ, down at 50 − λ) over the messages.
    const peak = q.maxBacklogMessages;
    const areaMessageS = (peak * stalledS) / 2 + (peak * (peak / (DRAIN_PER_S - ARRIVALS_PER_S))) / 2;
    expect(q.meanAgeS).toBeCloseTo(areaMessageS / q.messages, 6);
  });

  it('a queue too small for the outage drops the excess: λT − capacity messages, and its oldest message still waits T', () => {
    const small = run(FIXTURE.replace('capacity: 1000000', 'capacity: 10000'));
    expect(small.availability).toBe(1);
    const [q] = small.asyncQueues!;
    expect(q.maxBacklogMessages).toBeCloseTo(10_000, 6);
    expect(q.maxAgeS).toBeGreaterThanOrEqual(OUTAGE_S);
    expect(q.droppedMessages).toBeCloseTo(ARRIVALS_PER_S * q.maxAgeS - 10_000, 6);
  });

  it('without async calls the outcome carries no queues', () => {
    expect(run(FIXTURE.replace(ASYNC, 'mode: sequential')).asyncQueues).toBeUndefined();
  });
});
