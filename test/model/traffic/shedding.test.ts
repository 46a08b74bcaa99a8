import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { finiteQueue, MAX_UTILIZATION, type FiniteQueue } from '../../../src/model/traffic/pool.js';
import { DEFAULT_SHEDDING, resolveShedding } from '../../../src/scenario/shedding.js';
import { onePoolScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';

const fq = (): FiniteQueue => ({ blocking: 0, pWait: 0, meanWaitS: 0 });

/**
 * The M/M/c/K queue by brute force: the birth–death chain's stationary weights p_n ∝ a^n/n! (n ≤ c),
 * a^c/c! (a/c)^(n−c) (c < n ≤ K), normalised by summing all of them, then blocking p_K, the admitted
 * arrivals' chance to wait Σ_{c≤n<K} p_n / (1 − p_K), and the mean wait L_q / (λ (1 − p_K)).
 */
function bruteForce(lambda: number, mu: number, c: number, queue: number) {
  const a = lambda / mu;
  const K = c + queue;
  const w: number[] = [1];
  for (let n = 1; n <= K; n++) w.push((w[n - 1] * a) / Math.min(n, c));
  const z = w.reduce((x, y) => x + y, 0);
  const p = w.map((x) => x / z);
  const blocking = p[K];
  let waiting = 0;
  let lq = 0;
  for (let n = c; n <= K; n++) {
    if (n < K) waiting += p[n];
    lq += (n - c) * p[n];
  }
  return { blocking, pWait: waiting / (1 - blocking), meanWaitS: lq / (lambda * (1 - blocking)) };
}

describe('the finite queue (queueLength shedding) in closed form', () => {
  it('M/M/1/K: blocking (1 − ρ)ρ^K / (1 − ρ^(K+1)) (the textbook form), for ρ below and above 1', () => {
    for (const [lambda, mu, queue] of [[8, 10, 4], [12, 10, 4], [10, 10, 6]] as const) {
      const K = 1 + queue;
      const rho = lambda / mu;
      const exact = rho === 1 ? 1 / (K + 1) : ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
      expect(finiteQueue(lambda, 1, queue, 1 / mu, fq()).blocking).toBeCloseTo(exact, 12);
    }
  });

  it('M/M/c/K against the chain summed term by term: blocking, P(wait), mean wait', () => {
    for (const [lambda, c, queue] of [[25, 3, 5], [40, 3, 5], [180, 10, 20], [260, 10, 40], [200, 10, 0]] as const) {
      const got = finiteQueue(lambda, c, queue, 1 / 20, fq());
      const want = bruteForce(lambda, 20, c, queue);
      expect(got.blocking).toBeCloseTo(want.blocking, 12);
      expect(got.pWait).toBeCloseTo(want.pWait, 12);
      expect(got.meanWaitS).toBeCloseTo(want.meanWaitS, 12);
    }
  });

  it('a long queue (100 000 slots) past capacity neither overflows nor loses the balance: blocking → 1 − c/a', () => {
    const got = finiteQueue(300, 10, 100_000, 1 / 20, fq());
    // Far past capacity the servers are always busy: admitted = cμ, so blocking = 1 − 200/300.
    expect(got.blocking).toBeCloseTo(1 / 3, 9);
    expect(Number.isFinite(got.meanWaitS)).toBe(true);
    // Nearly every admitted arrival waits behind a full queue: ≈ 100 000 / 200 s.
    expect(got.meanWaitS / 500).toBeCloseTo(1, 3);
  });
});

const onePool = (ratePerS: number, traffic: string) => onePoolScenario({ ratePerS, traffic });

function flowOf(lambda: number, traffic: string) {
  const parts = trafficParts(onePool(lambda, traffic));
  parts.flow.poolBacklogs.configure(parts.world.scenario.designs[0].traffic.shedding, 0);
  const g = parts.group('api', 0);
  parts.pods.ready[g] = 5;
  const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
  entry[g] = lambda;
  const tally = emptyTally();
  parts.flow.begin([0], entry, [parts.services.indexByName.get('api')!]);
  parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
  parts.flow.backward([0]);
  return { parts, g, tally };
}

describe('shedding policies in the load flow (10 servers at 20/s each)', () => {
  it('the default is the utilization policy at fleetsim\'s 95%', () => {
    expect(DEFAULT_SHEDDING).toEqual({ policy: 'utilization', maxUtilization: MAX_UTILIZATION });
    expect(resolveShedding(undefined)).toBe(DEFAULT_SHEDDING);
  });

  it('utilization 80%: 250/s offered, 160/s admitted, the rest shed', () => {
    const { parts, g, tally } = flowOf(250, ', shedding: { policy: utilization, maxUtilization: 80% }');
    expect(parts.flow.pools[g].admittedPerS).toBeCloseTo(160, 9);
    expect(tally.shed).toBeCloseTo(90, 9);
    expect(parts.flow.successRatio[g]).toBeCloseTo(160 / 250, 12);
  });

  it('queueLength 2 per pod (10 slots), 180/s: the M/M/10/20 queue sheds p_K and nothing more', () => {
    const { parts, g, tally } = flowOf(180, ', shedding: { policy: queueLength, maxQueuedPerPod: 2 }');
    const want = bruteForce(180, 20, 10, 10);
    expect(tally.shed).toBeCloseTo(180 * want.blocking, 9);
    expect(parts.flow.successRatio[g]).toBeCloseTo(1 - want.blocking, 12);
    const pool = parts.flow.pools[g];
    expect(pool.pWait / pool.waitRatePerS).toBeCloseTo(want.meanWaitS, 9);
    expect(parts.flow.poolBacklogs.backlogOf(g)).toBe(0);
  });

  it('none, 190/s (95% busy): nothing is shed, the wait is Erlang C\'s', () => {
    const { parts, g, tally } = flowOf(190, ', shedding: { policy: none }');
    expect(tally.shed).toBe(0);
    expect(parts.flow.successRatio[g]).toBe(1);
    expect(parts.flow.pools[g].utilization).toBeCloseTo(0.95, 12);
  });

  it('a run under queueLength reports its (empty) overload; one under the default carries none', () => {
    const queued = runTraffic(world(onePool(150, ', shedding: { policy: queueLength }')), 0, 0).traffic!;
    expect(queued.overload).toEqual({ overloadedS: 0, stormS: 0, maxBacklogRequests: 0 });
    expect(runTraffic(world(onePool(150, '')), 0, 0).traffic!.overload).toBeUndefined();
  });
});
