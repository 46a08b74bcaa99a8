import { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import { Welford } from '../../engine/stats/welford.js';
import { LogHistogram } from '../../engine/stats/logHistogram.js';
import type { MmcParams } from './erlangC.js';

/**
 * An M/M/c queue simulated request by request on the engine: the reference the closed forms are
 * checked against, and the engine's throughput benchmark. Two event types, no allocation per
 * customer: waiting customers' arrival times sit in a growable ring buffer.
 */
export interface MmcRunOptions extends MmcParams {
  seed: string | number;
  replication: number;
  /** Customers whose arrival precedes this many arrivals are not measured (warm-up). */
  warmupCustomers: number;
  /** Measured customers; the run stops once this many have started service. */
  customers: number;
}

export interface MmcRunResult {
  customers: number;
  /** Fraction of measured customers that found every server busy. */
  pWait: number;
  meanWaitS: number;
  meanResponseS: number;
  waits: Welford;
  waitHistogram: LogHistogram;
  events: number;
  simulatedS: number;
}

/**
 * Simulate the queue until `customers` measured customers have started service.
 * Long because the two handlers share the queue's state (ring buffer, busy servers, counters) as
 * locals of one closure, and this loop is the engine's M/M/c throughput benchmark
 * (bench/suites/mmc.ts): splitting it would move those locals into an object every event reads
 * through, on the path whose figure must not get worse.
 */
export function runMmc(opts: MmcRunOptions): MmcRunResult {
  const { arrivalRatePerS: lambda, serviceRatePerS: mu, servers } = opts;
  if (!(lambda > 0 && mu > 0 && Number.isInteger(servers) && servers >= 1)) {
    throw new RangeError('M/M/c needs arrival rate > 0, service rate > 0 and an integer number of servers >= 1');
  }
  const sim = new Simulator(servers + 16);
  const arrivals = createStream(opts.seed, opts.replication, 'mmc/arrivals');
  const service = createStream(opts.seed, opts.replication, 'mmc/service');
  const meanInterarrivalS = 1 / lambda;
  const meanServiceS = 1 / mu;

  let queue = new Float64Array(1024); // arrival times of waiting customers (ring)
  let head = 0;
  let length = 0;
  let busy = 0;
  let arrived = 0;
  let measured = 0;
  let waited = 0;
  const target = opts.customers;
  const warmup = opts.warmupCustomers;
  const waits = new Welford();
  const waitHistogram = new LogHistogram({ minValue: 1e-9, maxValue: 1e9 });
  // A sum in a Float64Array: a double in a closure variable is boxed anew at every update.
  const responseSum = new Float64Array(1);

  // The handlers pass no double through a call V8 may leave un-inlined (it would be boxed: an
  // allocation per event): the uniform and the service time go through `scratch`, and arrivals
  // are drawn and scheduled in one engine call (afterExp). Times are identical to after()'s.
  const scratch = new Float64Array(1);
  // Service time is drawn when service starts, so draw order is fixed by the event order alone.
  const startService = (arrivalIndex: number, waitS: number): void => {
    service.nextInto(scratch, 0);
    const serviceS = -meanServiceS * Math.log(1 - scratch[0]);
    if (arrivalIndex >= warmup) {
      measured++;
      if (waitS > 0) waited++;
      waits.add(waitS);
      waitHistogram.add(waitS);
      responseSum[0] += waitS + serviceS;
      if (measured >= target) sim.stop();
    }
    scratch[0] = serviceS;
    sim.afterFrom(scratch, 0, DEPARTURE, 0);
  };

  let queueIndexBase = 0; // arrival index of the customer at the queue head
  const ARRIVAL = sim.register('arrival', () => {
    const index = arrived++;
    if (busy < servers) {
      busy++;
      startService(index, 0);
    } else {
      if (length === queue.length) {
        const next = new Float64Array(queue.length * 2);
        for (let i = 0; i < length; i++) next[i] = queue[(head + i) % queue.length];
        queue = next;
        head = 0;
      }
      if (length === 0) queueIndexBase = index;
      queue[(head + length) % queue.length] = sim.now;
      length++;
    }
    sim.afterExp(0, meanInterarrivalS, arrivals, ARRIVAL, 0);
  });
  const DEPARTURE = sim.register('departure', () => {
    if (length > 0) {
      const arrivedAtS = queue[head];
      head = (head + 1) % queue.length;
      length--;
      const index = queueIndexBase++;
      startService(index, sim.now - arrivedAtS);
    } else {
      busy--;
    }
  });

  sim.after(-meanInterarrivalS * Math.log(1 - arrivals.next()), ARRIVAL, 0);
  const result = sim.run();
  return {
    customers: measured,
    pWait: measured > 0 ? waited / measured : Number.NaN,
    meanWaitS: waits.mean,
    meanResponseS: measured > 0 ? responseSum[0] / measured : Number.NaN,
    waits,
    waitHistogram,
    events: result.events,
    simulatedS: sim.now,
  };
}
