import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../src/engine/stats/logHistogram.js';
import type { ReplicationResult } from '../../src/model/replication/replication.js';
import type { TrafficOutcome } from '../../src/model/traffic/types.js';
import { aggregate } from '../../src/run/aggregate.js';
import { runScenario } from '../../src/run/runner.js';
import { hasTimeoutPolicy, summarizeDesign } from '../../src/run/summarize.js';
import type { TrafficSummary } from '../../src/run/types.js';
import { chainScenario } from '../model/traffic/fixture.js';
import { designSummary, FIXED_TIME, INFO, replication, traffic } from './fixture.js';

/** The issue-16 outputs of a traffic outcome reach the summaries and results only where they apply. */

const h = new LogHistogram();
h.add(0.05, 10);
const outcome = (extra: Partial<TrafficOutcome>): TrafficOutcome => ({
  requests: 100,
  failedRequests: 3,
  availability: 0.97,
  failedBy: { unroutable: 0, deadEndpoint: 1, shed: 0, noReplica: 0, impaired: 0, timeout: 2 },
  sloViolationMinutes: 0,
  errorBudgetUsedRatio: 0,
  latency: { p50S: 0.05, p95S: 0.05, p99S: 0.05, meanS: 0.05, histogram: h.toJSON() },
  byUserRegion: [],
  bytes: { interZoneBytes: 0, interRegionBytes: 0, internetEgressBytes: 0, byCluster: [] },
  clusters: [],
  residencyViolations: 0,
  ...extra,
});

const result = (t: TrafficOutcome): ReplicationResult =>
  ({ design: 'd', replication: 0, horizonS: 1000, warmupS: 0, services: [], clusters: [], faults: [], autoscaledNodes: 0, pools: [], events: 0, etcdEpisodes: 0, traffic: t }) as unknown as ReplicationResult;

const queue = { edge: 'store→sync', cluster: 'bos', messages: 100, droppedMessages: 4, maxBacklogMessages: 30, maxAgeS: 12, meanAgeS: 3 };
const breakdown = {
  mean: [{ service: 'web', networkMs: 30, queueingMs: 1, serviceMs: 20, retriesMs: 0 }],
  p99: [{ service: 'web', networkMs: 30, queueingMs: 9, serviceMs: 80, retriesMs: 25 }],
};

describe('replication summaries of the new traffic outputs', () => {
  it('carry failedBy.timeout only when the run has a timeout policy', () => {
    const without = summarizeDesign(result(outcome({})));
    expect(without.traffic!.failedBy).not.toHaveProperty('timeout');
    expect(Object.keys(without.traffic!)).not.toContain('asyncQueues');
    expect(Object.keys(without.traffic!)).not.toContain('latencyBreakdown');
    const timed = summarizeDesign(result(outcome({})), { timeouts: true });
    expect(timed.traffic!.failedBy.timeout).toBe(2);
  });

  it('carry async queues, overload and the breakdown when the model set them, JSON-safe', () => {
    const s = summarizeDesign(result(outcome({ asyncQueues: [queue], overload: { overloadedS: 60, stormS: 20, maxBacklogRequests: 500 }, latencyBreakdown: breakdown })));
    expect(s.traffic!.asyncQueues).toEqual([queue]);
    expect(s.traffic!.overload).toEqual({ overloadedS: 60, stormS: 20, maxBacklogRequests: 500 });
    expect(s.traffic!.latencyBreakdown).toEqual(breakdown);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('a timeout policy is a per-try or overall timeout of the hops, of an override or of the users', () => {
    const policy = { attempts: 3, retryOn: ['deadEndpoint' as const], budgetRatio: undefined, perTryTimeoutS: undefined, timeoutS: undefined, backoff: { baseS: 0.025, maxS: 0.25 }, avoidPreviousHosts: 'all' as const };
    expect(hasTimeoutPolicy({ retries: undefined, clientRetries: undefined })).toBe(false);
    expect(hasTimeoutPolicy({ retries: { ...policy, services: [] }, clientRetries: undefined })).toBe(false);
    expect(hasTimeoutPolicy({ retries: { ...policy, perTryTimeoutS: 0.1, services: [] }, clientRetries: undefined })).toBe(true);
    expect(hasTimeoutPolicy({ retries: { ...policy, services: [{ service: 'api', policy: { ...policy, timeoutS: 1 } }] }, clientRetries: undefined })).toBe(true);
    expect(hasTimeoutPolicy({ retries: undefined, clientRetries: { ...policy, timeoutS: 2 } })).toBe(true);
  });
});

describe('results of the new traffic outputs', () => {
  const withExtras = (t: TrafficSummary, extra: Partial<TrafficSummary>): TrafficSummary => ({ ...t, ...extra });

  it('average failedBy.timeout, queues (0 where a replication has none), overload and the breakdown over replications', () => {
    const t = traffic(0.99, 0.1);
    const reps = [
      replication(0, [
        designSummary('a', 0.99, { traffic: withExtras(t, { failedBy: { ...t.failedBy, timeout: 4 }, asyncQueues: [queue], overload: { overloadedS: 10, stormS: 0, maxBacklogRequests: 100 }, latencyBreakdown: breakdown }) }),
        designSummary('b', 0.99, { traffic: withExtras(t, { failedBy: { ...t.failedBy, timeout: 0 } }) }),
      ]),
      replication(1, [
        designSummary('a', 0.98, {
          traffic: withExtras(t, {
            failedBy: { ...t.failedBy, timeout: 8 },
            asyncQueues: [],
            overload: { overloadedS: 30, stormS: 10, maxBacklogRequests: 300 },
            latencyBreakdown: { mean: [{ ...breakdown.mean[0], networkMs: 50 }, { service: 'api', networkMs: 1, queueingMs: 2, serviceMs: 3, retriesMs: 4 }], p99: breakdown.p99 },
          }),
        }),
        designSummary('b', 0.99, { traffic: withExtras(t, { failedBy: { ...t.failedBy, timeout: 0 } }) }),
      ]),
    ];
    const r = aggregate({ info: INFO, summaries: reps, stopping: null, createdAt: FIXED_TIME });
    const [a, b] = r.designs;
    expect(a.traffic!.failedBy.timeout).toBe(6);
    expect(b.traffic!.failedBy.timeout).toBe(0);
    expect(a.traffic!.asyncQueues).toHaveLength(1);
    const q = a.traffic!.asyncQueues![0];
    expect(q.edge).toBe('store→sync');
    expect(q.cluster).toBe('bos');
    expect(q.messages.mean).toBe(50); // 100 and 0
    expect(q.maxAgeS.mean).toBe(6);
    expect(b.traffic).not.toHaveProperty('asyncQueues');
    expect(a.traffic!.overload!.overloadedS.mean).toBe(20);
    expect(a.traffic!.overload!.stormS.upper).toBeGreaterThan(a.traffic!.overload!.stormS.mean!);
    const mean = a.latencyBreakdown!.mean;
    expect(mean.map((x) => x.service)).toEqual(['web', 'api']);
    expect(mean[0].networkMs.mean).toBe(40);
    expect(mean[1].retriesMs.mean).toBe(2); // 0 in the replication that never entered api
    expect(a.latencyBreakdown!.p99[0].retriesMs.mean).toBe(25);
    expect(b).not.toHaveProperty('latencyBreakdown');
  });

  it('without the new outputs, the results keep their form', () => {
    const t = traffic(0.99, 0.1);
    const r = aggregate({ info: INFO, summaries: [replication(0, [designSummary('a', 0.99, { traffic: t }), designSummary('b', 0.99, { traffic: t })])], stopping: null, createdAt: FIXED_TIME });
    expect(Object.keys(r.designs[0].traffic!.failedBy)).toEqual(['unroutable', 'deadEndpoint', 'shed', 'noReplica', 'impaired']);
    expect(Object.keys(r.designs[0].traffic!)).toEqual(['requests', 'failedRequests', 'failedBy', 'sloViolationMinutes', 'errorBudgetUsedRatio', 'residencyViolations', 'bytes', 'peakUtilization', 'byUserRegion', 'errorBudgetBurn', 'minutesOutsideSlo']);
    expect(r.designs[0]).not.toHaveProperty('latencyBreakdown');
  });

  it('a scenario with a per-try timeout reports failedBy.timeout for every design, one without none', async () => {
    const base = chainScenario({ ratePerS: 200, horizon: '10m' });
    const timed = base
      .replace('traffic: { ingress: { dns: {} } }', 'traffic: { ingress: { dns: {} }, retries: { attempts: 2, retryOn: [timeout], perTryTimeout: 40ms } }')
      .replace('designs:\n', 'designs:\n  - name: plain\n    placement: { default: { replicaScheduling: duplicated } }\n    traffic: { ingress: { dns: {} } }\n');
    for (const [text, expectTimeout] of [[base, false], [timed, true]] as const) {
      const out = await runScenario({ text, fileName: 'chain.yaml', workers: 0, overrides: { replications: 2 } });
      const r = aggregate({ info: out.ctx.info, summaries: out.summaries, stopping: out.stopping, createdAt: FIXED_TIME });
      for (const d of r.designs) {
        if (!expectTimeout) expect(d.traffic!.failedBy).not.toHaveProperty('timeout');
        // web's 20 ms (exponential) and its 1.5 api calls often pass 40 ms twice in a row: some requests time out; none without a timeout.
        else if (d.name === 'plain') expect(d.traffic!.failedBy.timeout).toBe(0);
        else expect(d.traffic!.failedBy.timeout).toBeGreaterThan(0);
      }
    }
    expect(readFileSync('docs/results-schema.md', 'utf8')).toContain('failedBy.timeout');
  });
});
