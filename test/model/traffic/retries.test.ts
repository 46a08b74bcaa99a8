import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { attemptsPerRequest, hopRetry, poolRetryOutcome, retriedShare, type PoolRetryOutcome } from '../../../src/model/traffic/retryModel.js';
import type { AvoidPreviousHosts } from '../../../src/scenario/specs/retries.js';
import { chainScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';

const policy = (attempts: number, budgetRatio?: number, impaired = false, avoidPreviousHosts: AvoidPreviousHosts = 'none') =>
  hopRetry({ attempts, retryOn: impaired ? ['deadEndpoint', 'impaired'] : ['deadEndpoint'], budgetRatio, avoidPreviousHosts, perTryTimeoutS: undefined, timeoutS: undefined, backoff: { baseS: 0.025, maxS: 0.25 } })!;
const outcome = (): PoolRetryOutcome => ({ amplification: 0, liveAmplification: 0, success: 0, deadEndpoint: 0, shed: 0, impaired: 0 });

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

describe('which designs take the retry paths (hopRetry)', () => {
  const base = { attempts: 1, retryOn: ['deadEndpoint'] as const, budgetRatio: undefined, avoidPreviousHosts: 'all' as const, perTryTimeoutS: undefined, timeoutS: undefined, backoff: { baseS: 0.025, maxS: 0.25 } };
  it('a policy that changes nothing is no policy: the load flow keeps the path it had without one', () => {
    expect(hopRetry(undefined)).toBeUndefined();
    expect(hopRetry({ ...base, services: [] })).toBeUndefined();
    expect(hopRetry({ ...base, attempts: 3, retryOn: [], services: [] })).toBeUndefined();
    expect(hopRetry({ ...base, services: [{ service: 'api', policy: { ...base } }] })).toBeUndefined();
  });

  it('a timeout, or an override that retries, is a policy; only timeouts and retried timeouts or sheds are extended', () => {
    expect(hopRetry({ ...base, perTryTimeoutS: 1, services: [] })?.extended).toBe(true);
    expect(hopRetry({ ...base, attempts: 3, retryOn: ['shed'], services: [] })?.extended).toBe(true);
    expect(hopRetry({ ...base, attempts: 3, services: [] })?.extended).toBe(false);
    const withOverride = hopRetry({ ...base, services: [{ service: 'api', policy: { ...base, attempts: 2 } }] });
    expect(withOverride?.attempts).toBe(1);
    expect(withOverride?.overrides.get('api')?.attempts).toBe(2);
  });
});

describe('retries that avoid previous hosts, in closed form (2 of 4 endpoints dead, 3 attempts)', () => {
  // Worked by hand: q = 2/4 for the first attempt.
  // none: 1 − (1/2)³ = 0.875. last (HAProxy redispatch): r = (2 − 1)/(4 − 1) = 1/3, 1 − (1/2)(1/3)² = 17/18.
  // all (Envoy previous_hosts): attempts 2 and 3 meet 1/3 and (2 − 2)/(4 − 2) = 0, so 1.
  it('success 0.875 (none), 17/18 (last), 1 (all); attempts 1.75, 5/3, 5/3; live pods see 1 attempt per success', () => {
    const none = poolRetryOutcome(policy(3, undefined, false, 'none'), 0.5, 0, 0, outcome(), 4);
    const last = poolRetryOutcome(policy(3, undefined, false, 'last'), 0.5, 0, 0, outcome(), 4);
    const all = poolRetryOutcome(policy(3, undefined, false, 'all'), 0.5, 0, 0, outcome(), 4);
    expect(none.success).toBeCloseTo(0.875, 12);
    expect(last.success).toBeCloseTo(17 / 18, 12);
    expect(all.success).toBeCloseTo(1, 12);
    expect(none.amplification).toBeCloseTo(1.75, 12);
    expect(last.amplification).toBeCloseTo(1 + 0.5 + 0.5 / 3, 12);
    expect(all.amplification).toBeCloseTo(1 + 0.5 + 0.5 / 3, 12);
    // Without shedding or errors every attempt that reaches a live pod succeeds.
    for (const o of [none, last, all]) {
      expect(o.liveAmplification).toBeCloseTo(o.success, 12);
      expect(o.success + o.deadEndpoint + o.shed + o.impaired).toBeCloseTo(1, 12);
    }
    expect(last.deadEndpoint).toBeCloseTo(1 / 18, 12);
  });

  it('one of four dead, two attempts: any avoidance recovers every request (r = 0), independent ones 1 − 1/16', () => {
    expect(poolRetryOutcome(policy(2, undefined, false, 'last'), 0.25, 0, 0, outcome(), 4).success).toBeCloseTo(1, 12);
    expect(poolRetryOutcome(policy(2, undefined, false, 'all'), 0.25, 0, 0, outcome(), 4).success).toBeCloseTo(1, 12);
    expect(poolRetryOutcome(policy(2, undefined, false, 'none'), 0.25, 0, 0, outcome(), 4).success).toBeCloseTo(15 / 16, 12);
  });

  it('a 20% budget with redispatch: the retry chance a solves 1 + a/2 + a²/6 = 1.25', () => {
    const o = poolRetryOutcome(policy(3, 0.2, false, 'last'), 0.5, 0, 0, outcome(), 4);
    const a = (-0.5 + Math.sqrt(0.25 + (4 / 6) * 0.25)) / (2 / 6);
    expect(o.amplification).toBeCloseTo(1.25, 9);
    expect(o.success).toBeCloseTo(0.5 + 0.5 * a * (2 / 3) + 0.5 * a * (1 / 3) * a * (2 / 3), 9);
    expect(o.success + o.deadEndpoint).toBeCloseTo(1, 12);
  });

  it('once every endpoint was tried, Envoy picks any host again: the share falls back to d/n', () => {
    // 2 of 2 dead, 3 attempts with all: attempt 2 meets (2 − 1)/(2 − 1) = 1, attempt 3 d/n = 1.
    expect(poolRetryOutcome(policy(3, undefined, false, 'all'), 1, 0, 0, outcome(), 2).success).toBe(0);
  });
});

describe('retries in the fluid load flow', () => {
  it('default avoidance (all): one dead api endpoint of 7, retried once, recovers every call; the live pods take them all', () => {
    const { parts, tally } = chainWithDeadApi(', retries: { attempts: 3 }');
    const { flow, group } = parts;
    expect(tally.deadEndpoint).toBeCloseTo(0, 9);
    expect(flow.pools[group('api', 0)].offeredPerS).toBeCloseTo(450, 9);
    expect(flow.successRatio[group('web', 0)]).toBeCloseTo(1, 12);
  });

  it('a dead endpoint (q = 1/7) retried 3 times without avoidance: calls fail with q³, the live pods take the retries', () => {
    const { parts, tally } = chainWithDeadApi(', retries: { attempts: 3, avoidPreviousHosts: none }');
    const { flow, group } = parts;
    const q = 1 / 7;
    const s = 1 - q ** 3;
    // 450 api calls/s, each making (1 − q³)/(1 − q) attempts, of which a share 1 − q reaches a live pod.
    expect(flow.pools[group('api', 0)].offeredPerS).toBeCloseTo(450 * s, 9);
    expect(tally.deadEndpoint).toBeCloseTo(450 * q ** 3, 9);
    expect(flow.offeredPerS[group('db', 0)]).toBeCloseTo(450 * s * 0.5, 9);
    expect(flow.successRatio[group('web', 0)]).toBeCloseTo(s * (0.5 + 0.5 * s), 12);
  });

  it('a per-service override: the design retries nothing, calls into api follow api\'s policy (the same numbers as a design-wide one)', () => {
    const { parts, tally } = chainWithDeadApi(', retries: { attempts: 1, services: [ { service: api, attempts: 3, avoidPreviousHosts: none } ] }');
    const { flow, group } = parts;
    const q = 1 / 7;
    const s = 1 - q ** 3;
    expect(flow.retryByService.map((r) => r?.attempts)).toEqual([1, 3, 1]);
    expect(flow.pools[group('api', 0)].offeredPerS).toBeCloseTo(450 * s, 9);
    expect(tally.deadEndpoint).toBeCloseTo(450 * q ** 3, 9);
    expect(flow.successRatio[group('web', 0)]).toBeCloseTo(s * (0.5 + 0.5 * s), 12);
  });

  it('an override that turns retries off for api: its calls fail 1/7 although the design retries', () => {
    const { parts, tally } = chainWithDeadApi(', retries: { attempts: 3, avoidPreviousHosts: none, services: [ { service: api, attempts: 1 } ] }');
    expect(tally.deadEndpoint).toBeCloseTo(450 / 7, 9);
    const q = 6 / 7;
    expect(parts.flow.successRatio[parts.group('web', 0)]).toBeCloseTo(q * (0.5 + 0.5 * q), 12);
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
  for (const avoid of ['last', 'all'] as const) {
    it(`a 10% budget (cap 1.11 attempts per request, below the ~1.2 that a sixth of dead endpoints needs), avoidPreviousHosts ${avoid}: the modes within 0.1 pp, between no retries and unbudgeted ones`, () => {
      const budgeted = world(withRetries(`, retries: { attempts: 3, budget: 10%, avoidPreviousHosts: ${avoid} }`));
      const fluid = runTraffic(budgeted, 0, 0, 'fluid').traffic!;
      const requests = runTraffic(budgeted, 0, 0, 'requests').traffic!;
      const none = runTraffic(world(base), 0, 0, 'fluid').traffic!;
      const free = runTraffic(world(withRetries(`, retries: { attempts: 3, avoidPreviousHosts: ${avoid} }`)), 0, 0, 'fluid').traffic!;
      expect(Math.abs(fluid.availability - requests.availability)).toBeLessThan(0.001);
      expect(fluid.availability).toBeGreaterThan(none.availability);
      expect(fluid.availability).toBeLessThan(free.availability);
    });
  }
});
