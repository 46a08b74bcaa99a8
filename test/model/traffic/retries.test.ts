import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { attemptsPerRequest, hopRetry, poolRetryOutcome, retriedShare, type PoolRetryOutcome } from '../../../src/model/traffic/retryModel.js';
import { chainScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';

const policy = (attempts: number, budgetRatio?: number, impaired = false) =>
  hopRetry({ attempts, retryOn: impaired ? ['deadEndpoint', 'impaired'] : ['deadEndpoint'], budgetRatio, heldConcurrency: false })!;
const outcome = (): PoolRetryOutcome => ({ amplification: 0, success: 0, deadEndpoint: 0, shed: 0, impaired: 0 });

describe('retries in closed form (retryModel)', () => {
  it('k attempts at failure probability q: success 1 − q^k, attempts (1 − q^k)/(1 − q)', () => {
    for (const [q, k] of [[0.1, 3], [1 / 7, 3], [0.5, 2], [0.9, 5]] as const) {
      const o = poolRetryOutcome(policy(k), q, 0, 0, outcome());
      // Worked independently: 1 + q + … + q^(k−1) summed term by term.
      let sum = 0;
      for (let i = 0; i < k; i++) sum += q ** i;
      expect(o.amplification).toBeCloseTo(sum, 12);
      expect(o.success).toBeCloseTo(1 - q ** k, 12);
      expect(o.deadEndpoint).toBeCloseTo(q ** k, 12);
      expect(o.success + o.deadEndpoint + o.shed + o.impaired).toBeCloseTo(1, 12);
    }
    expect(attemptsPerRequest(1, 3)).toBe(3);
  });

  it('a retry budget b caps attempts per request at 1/(1 − b) and fails what it does not retry', () => {
    const retry = policy(3, 0.2);
    const o = poolRetryOutcome(retry, 0.5, 0, 0, outcome());
    expect(o.amplification).toBeCloseTo(1.25, 9); // unbudgeted: 1.75
    expect(o.success).toBeCloseTo(0.5 * 1.25, 9);
    expect(o.deadEndpoint).toBeCloseTo(1 - 0.625, 9);
    // Below the cap the budget changes nothing.
    expect(retriedShare(0.1, retry)).toBe(0.1);
  });

  it('shed attempts are not retried; impaired ones are when asked, and outcomes still sum to 1', () => {
    const o = poolRetryOutcome(policy(3, undefined, true), 0.1, 0.2, 0.3, outcome());
    const q = 0.1 + 0.9 * 0.8 * 0.3;
    expect(o.amplification).toBeCloseTo((1 - q ** 3) / (1 - q), 12);
    expect(o.shed).toBeCloseTo(0.9 * 0.2 * o.amplification, 12);
    expect(o.success + o.deadEndpoint + o.shed + o.impaired).toBeCloseTo(1, 12);
  });
});

/** web (6 pods × 4) → api (1.5 calls, 6 pods × 4) → db (0.5 calls), one api endpoint dead but listed. */
function chainWithDeadApi(retries: string) {
  const yaml = chainScenario({ ratePerS: 600 }).replace('traffic: { ingress: { dns: {} } }', `traffic: { ingress: { dns: {} }${retries} }`);
  const parts = trafficParts(yaml);
  const { pods, group, deadEndpoints } = parts;
  for (const [name, ready] of [['web', 6], ['api', 6], ['db', 3]] as const) pods.ready[group(name, 0)] = ready;
  pods.lost[group('api', 0)] = 1;
  deadEndpoints.groupChanged(group('api', 0));
  const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
  entry[group('web', 0)] = 300;
  const tally = emptyTally();
  parts.flow.begin([0], entry, [parts.services.indexByName.get('web')!]);
  parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
  parts.flow.backward([0]);
  return { parts, tally };
}

describe('retries in the fluid load flow', () => {
  it('a dead endpoint (q = 1/7) retried 3 times: calls fail with q³, the live pods take the retries', () => {
    const { parts, tally } = chainWithDeadApi(', retries: { attempts: 3 }');
    const { flow, group } = parts;
    const q = 1 / 7;
    const s = 1 - q ** 3;
    // 450 api calls/s, each making (1 − q³)/(1 − q) attempts, of which a share 1 − q reaches a live pod.
    expect(flow.pools[group('api', 0)].offeredPerS).toBeCloseTo(450 * s, 9);
    expect(tally.deadEndpoint).toBeCloseTo(450 * q ** 3, 9);
    expect(flow.offeredPerS[group('db', 0)]).toBeCloseTo(450 * s * 0.5, 9);
    expect(flow.successRatio[group('web', 0)]).toBeCloseTo(s * (0.5 + 0.5 * s), 12);
  });

  it('without a retries block the same flow fails 1/7 of api calls', () => {
    const { parts, tally } = chainWithDeadApi('');
    expect(tally.deadEndpoint).toBeCloseTo(450 / 7, 9);
    const q = 6 / 7;
    expect(parts.flow.successRatio[parts.group('web', 0)]).toBeCloseTo(q * (0.5 + 0.5 * q), 12);
  });
});

describe('fluid model vs request-level simulation, with retries during a node failure', () => {
  const text = readFileSync(fileURLToPath(new URL('../../fixtures/retries-node-failure.yaml', import.meta.url)), 'utf8');
  const w = world(text);
  it('availability within 0.1 pp, p50 and p99 within 10%; retries remove most dead-endpoint failures', () => {
    const plain = runTraffic(w, 0, 0, 'fluid').traffic!;
    const fluid = runTraffic(w, 1, 0, 'fluid').traffic!;
    const requests = runTraffic(w, 1, 0, 'requests').traffic!;
    expect(plain.failedBy.deadEndpoint).toBeGreaterThan(0); // the fault matters without retries
    // Dead shares here are at most a few percent, so q³ ≪ q: fewer than a tenth of the failures remain.
    expect(fluid.failedBy.deadEndpoint).toBeLessThan(plain.failedBy.deadEndpoint / 10);
    expect(fluid.availability).toBeGreaterThan(plain.availability);
    expect(Math.abs(fluid.availability - requests.availability)).toBeLessThan(0.001);
    expect(Math.abs(fluid.latency.p50S - requests.latency.p50S) / requests.latency.p50S).toBeLessThan(0.1);
    expect(Math.abs(fluid.latency.p99S - requests.latency.p99S) / requests.latency.p99S).toBeLessThan(0.1);
  });
});

describe('retries with a mesh and a binding budget', () => {
  const base = chainScenario({ ratePerS: 250, mesh: true, faults: '  scripted:\n    - { at: 20m, kind: node, target: c1/pool/0, for: 1h }' });
  const withRetries = (block: string) => base.replace('mesh: { localityOrder: [zone, region, any] } }', `mesh: { localityOrder: [zone, region, any] }${block} }`);
  it('a 10% budget (cap 1.11 attempts per request, below the ~1.2 that a sixth of dead endpoints needs) keeps the modes within 0.1 pp and lands between no retries and unbudgeted ones', () => {
    const budgeted = world(withRetries(', retries: { attempts: 3, budget: 10% }'));
    const fluid = runTraffic(budgeted, 0, 0, 'fluid').traffic!;
    const requests = runTraffic(budgeted, 0, 0, 'requests').traffic!;
    const none = runTraffic(world(base), 0, 0, 'fluid').traffic!;
    const free = runTraffic(world(withRetries(', retries: { attempts: 3 }')), 0, 0, 'fluid').traffic!;
    expect(Math.abs(fluid.availability - requests.availability)).toBeLessThan(0.001);
    expect(fluid.availability).toBeGreaterThan(none.availability);
    expect(fluid.availability).toBeLessThan(free.availability);
  });
});
