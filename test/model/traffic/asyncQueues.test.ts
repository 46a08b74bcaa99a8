import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { FluidQueue } from '../../../src/model/traffic/fluidQueue.js';
import { trafficParts } from './parts.js';

/**
 * The closed form of one FIFO fluid queue, worked by hand. Phase 1 (0–100 s): arrivals λ1 = 10/s,
 * departures μ = 4/s, capacity K = 420. The backlog grows at 6/s and fills at t = 70 s; from then on
 * only μ of the arrivals find room: (10 − 4) × 30 = 180 dropped by t = 100. Phase 2 (from 100 s):
 * arrivals λ2 = 2/s, the backlog drains at 2/s and empties at 100 + 420/2 = 310 s.
 * Ages (cumulative arrivals A(s), departures D(t) = μt while queued): the head at time t arrived at
 * s with A(s) = μt, so while growing its age is t − μt/λ1 = 0.6t (30 s at 50 s, 60 s at 100 s); a
 * message that entered a full queue waits K/μ = 105 s, the longest wait of all. Mean wait (Little):
 * ∫B dt ÷ messages that entered = (420·70/2 + 420·30 + 420·210/2) ÷ (700 + 120 + 420) = 71400/1240 s.
 */
describe('a fluid FIFO queue against its piecewise-linear closed form', () => {
  const phase1 = (q: FluidQueue) => {
    q.arrivalPerS = 10;
    q.departurePerS = 4;
  };

  it('backlog, drops and ages while it grows, fills and drains', () => {
    const q = new FluidQueue(420);
    phase1(q);
    // Empty and unable to keep up: wake once it holds a message, 1/6 s later.
    expect(q.nextChangeInS()).toBeCloseTo(1 / 6, 12);
    q.advance(50);
    expect(q.backlogMessages).toBeCloseTo(300, 9);
    expect(q.headAgeS()).toBeCloseTo(30, 9);
    expect(q.nextChangeInS()).toBeCloseTo(20, 9); // fills at 70 s
    q.advance(20);
    expect(q.backlogMessages).toBeCloseTo(420, 9);
    expect(q.nextChangeInS()).toBe(Number.POSITIVE_INFINITY); // full: nothing changes until the rates do
    q.advance(30);
    expect(q.backlogMessages).toBeCloseTo(420, 9);
    expect(q.droppedMessages).toBeCloseTo(180, 9);
    expect(q.headAgeS()).toBeCloseTo(60, 9);
    q.arrivalPerS = 2;
    expect(q.nextChangeInS()).toBeCloseTo(210, 9); // empties at 310 s
    q.advance(150);
    expect(q.backlogMessages).toBeCloseTo(120, 9);
    // At 250 s the head arrived at s with A(s) = 4 × 250 = 1000, after the full spell: 820 + 2(s − 100) → s = 190.
    expect(q.headAgeS()).toBeCloseTo(60, 9);
    q.advance(60);
    expect(q.backlogMessages).toBe(0);
    q.advance(100); // empty and keeping up: messages pass straight through
    expect(q.backlogMessages).toBe(0);
    expect(q.messages).toBeCloseTo(1000 + 2 * 310, 9);
    expect(q.droppedMessages).toBeCloseTo(180, 9);
    expect(q.maxBacklogMessages).toBeCloseTo(420, 9);
    expect(q.maxAgeS).toBeCloseTo(105, 9);
    expect(q.meanAgeS).toBeCloseTo(71400 / (1240 + 200), 9);
  });

  it('the statistics do not depend on how the time is cut into evaluations', () => {
    const once = new FluidQueue(420);
    phase1(once);
    once.advance(100);
    const cut = new FluidQueue(420);
    phase1(cut);
    for (const dt of [0.1, 7, 12.9, 50, 0, 30]) cut.advance(dt);
    for (const k of ['backlogMessages', 'droppedMessages', 'messages', 'maxBacklogMessages', 'maxAgeS', 'meanAgeS'] as const) expect(cut[k]).toBeCloseTo(once[k], 9);
  });

  it('with nothing departing, every message ages with the outage and the queue fills at the arrival rate', () => {
    const q = new FluidQueue(1000);
    q.arrivalPerS = 5;
    q.departurePerS = 0;
    q.advance(100);
    expect(q.backlogMessages).toBeCloseTo(500, 9);
    expect(q.headAgeS()).toBeCloseTo(100, 9);
    q.advance(300); // full at 200 s; 100 × 5 … 1000, then 5/s dropped for 200 s
    expect(q.droppedMessages).toBeCloseTo(1000, 9);
    expect(q.maxAgeS).toBeCloseTo(400, 9); // the first message is still there
  });

  it('a day that grows and drains the queue, repeated, adds what living it again adds (quiet days)', () => {
    // 100 s "days": 30 s at 10/s in and 4/s out (it grows), then 70 s at 1/s in (it drains and empties).
    const day = (q: FluidQueue) => {
      phase1(q);
      q.advance(30);
      q.arrivalPerS = 1;
      q.advance(70);
    };
    const lived = new FluidQueue(1000);
    const repeated = new FluidQueue(1000);
    day(lived);
    day(repeated);
    expect(repeated.isEmpty()).toBe(true);
    const mark = new Float64Array(2 + FluidQueue.TOTALS);
    repeated.writeTotals(mark, 2);
    for (let d = 0; d < 4; d++) day(lived);
    day(repeated);
    repeated.repeatDay(mark, 2, 3, 100);
    for (const k of ['messages', 'droppedMessages', 'maxBacklogMessages', 'maxAgeS', 'meanAgeS'] as const) expect(repeated[k]).toBeCloseTo(lived[k], 9);
    expect(lived.messages).toBeCloseTo(5 * (300 + 70), 9);
    // A queue holding arrivals is not empty.
    const q = new FluidQueue(1000);
    phase1(q);
    q.advance(1);
    expect(q.isEmpty()).toBe(false);
  });

  it('a reset (end of warm-up) keeps the backlog and restarts the counts', () => {
    const q = new FluidQueue(420);
    phase1(q);
    q.advance(50);
    q.resetStatistics();
    expect(q.messages).toBe(0);
    expect(q.maxBacklogMessages).toBeCloseTo(300, 9);
    q.advance(10);
    expect(q.messages).toBeCloseTo(100, 9);
    expect(q.backlogMessages).toBeCloseTo(360, 9);
  });
});

const SHOP = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: async-shop }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - name: c1
    region: us-east-1
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ]
    controlPlane: { managed: { tier: eks-standard } }
workload:
  services:
    - name: orders
      replicas: 4
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: 8
      serviceTime: { exponential: { mean: 10ms } }
      calls: [ { service: mailer, mode: async, queue: { capacity: 100000, drainRate: 1000/s } } ]
    - name: mailer
      replicas: 1
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: 1
      serviceTime: { exponential: { mean: 10ms } }
  userRegions:
    - { name: users, near: us-east-1, rate: 50/s, entryService: orders, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
faults:
  scripted: []
run: { horizon: 1h, seed: async }
`;

describe('async queues in the load flow', () => {
  /** One evaluation of the flow with `mailers` ready mailer pods; returns the parts. */
  function evaluate(parts: ReturnType<typeof trafficParts>, mailers: number) {
    const { pods, group, flow, services, network } = parts;
    pods.ready[group('orders', 0)] = 4;
    pods.ready[group('mailer', 0)] = mailers;
    const entry = new Float64Array(services.serviceCount * network.clusterCount);
    entry[group('orders', 0)] = 50;
    flow.begin([0], entry, [services.indexByName.get('orders')!]);
    flow.forward([0], Uint8Array.of(1), emptyTally(), 'reset');
    flow.backward([0]);
  }

  it('the caller succeeds whatever the queue; a message the callee cannot take stays queued; a backlog drains at what the callee admits', () => {
    const parts = trafficParts(SHOP);
    const { flow, group } = parts;
    const queues = flow.asyncQueues;
    // The mailer has no ready pod: orders still succeed, and the queue grows at the arrival rate.
    evaluate(parts, 0);
    expect(flow.successRatio[group('orders', 0)]).toBeCloseTo(1, 12);
    expect(queues.active()).toBe(true);
    queues.advance(60);
    const [q] = queues.summary();
    expect(q.edge).toBe('orders→mailer');
    expect(q.maxBacklogMessages).toBeCloseTo(50 * 60, 6);
    expect(q.maxAgeS).toBeCloseTo(60, 6);
    // One mailer pod (one slot of 10 ms: it admits 0.95 × 100 = 95/s): the consumers offer their
    // 1000/s, the pool admits 95/s, the rest stays queued, so the backlog drains at 95 − 50 = 45/s.
    evaluate(parts, 1);
    const mailer = flow.pools[group('mailer', 0)];
    expect(flow.offeredPerS[group('mailer', 0)]).toBeCloseTo(1000, 9);
    expect(mailer.admittedPerS).toBeCloseTo(95, 9);
    expect(queues.nextChangeInS()).toBeCloseTo(3000 / 45, 6);
    queues.advance(3000 / 45);
    expect(queues.nextChangeInS()).toBe(Number.POSITIVE_INFINITY);
    // Empty again: the queue passes the arrivals straight through, the mailer sees 50/s.
    evaluate(parts, 1);
    expect(flow.offeredPerS[group('mailer', 0)]).toBeCloseTo(50, 9);
    queues.advance(60);
    const [after] = queues.summary();
    expect(after.messages).toBeCloseTo(50 * (120 + 3000 / 45), 6);
    expect(after.droppedMessages).toBe(0);
    // FIFO: the first message waited the whole outage; by Little, ∫B dt ÷ messages.
    expect(after.maxAgeS).toBeCloseTo(60, 6);
    expect(after.meanAgeS).toBeCloseTo((3000 * 60) / 2 / after.messages + (3000 * (3000 / 45)) / 2 / after.messages, 6);
  });

  it("a route over several clusters splits the queue's offer by the route's weights; a queued backlog is offered even by an idle caller", () => {
    const parts = trafficParts(SHOP);
    const { services } = parts;
    const queues = parts.flow.asyncQueues;
    const orders = services.indexByName.get('orders')!;
    // Empty: each target gets what the caller routes there.
    expect(queues.delivered(orders, 0, 0, 0, 12.5, 0.25)).toBe(12.5);
    expect(queues.queued(orders, 0, 0)).toBe(false);
    evaluate(parts, 0);
    queues.advance(10);
    expect(queues.queued(orders, 0, 0)).toBe(true);
    // Queued: the consumers' 1000/s split 1 : 3, whatever the caller sends now (nothing, or 50/s).
    expect(queues.delivered(orders, 0, 0, 0, 12.5, 0.25)).toBeCloseTo(250, 12);
    expect(queues.delivered(orders, 0, 0, 1, 37.5, 0.75)).toBeCloseTo(750, 12);
    expect(queues.delivered(orders, 0, 0, 0, 0, 0.25)).toBeCloseTo(250, 12);
  });

  it('without async calls nothing is queued or reported', () => {
    const parts = trafficParts(SHOP.replace(', mode: async, queue: { capacity: 100000, drainRate: 1000/s }', ''));
    evaluate(parts, 1);
    expect(parts.flow.asyncQueues.active()).toBe(false);
    parts.flow.asyncQueues.advance(60);
    expect(parts.flow.asyncQueues.summary()).toEqual([]);
  });
});
