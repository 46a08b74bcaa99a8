import { readFileSync } from 'node:fs';
import { runScenario, type RunRequest } from '../../src/run/runner.js';
import { aggregate } from '../../src/run/aggregate.js';
import type { Results } from '../../src/run/results.js';
import { LogHistogram } from '../../src/engine/stats/logHistogram.js';
import type { DesignReplicationSummary, ReplicationSummary, ScenarioInfo, TrafficSummary } from '../../src/run/types.js';

export const DEFAULT_SCENARIO = 'scenarios/default.yaml';
export const defaultText = () => readFileSync(DEFAULT_SCENARIO, 'utf8');
export const FIXED_TIME = '2025-01-01T00:00:00.000Z';

/** Run and aggregate with a fixed timestamp, so two results compare as strings. */
export async function runAndAggregate(req: Omit<RunRequest, 'text' | 'fileName'> & { text?: string; fileName?: string }): Promise<Results> {
  const out = await runScenario({ text: req.text ?? defaultText(), fileName: req.fileName ?? DEFAULT_SCENARIO, ...req });
  return aggregate({ info: out.ctx.info, summaries: out.summaries, stopping: out.stopping, createdAt: FIXED_TIME });
}

export const INFO: ScenarioInfo = {
  name: 'synthetic',
  description: 'hand-made summaries',
  file: 'synthetic.yaml',
  sha256: '0'.repeat(64),
  seed: '1',
  horizonS: 86_400,
  warmupS: 0,
  slo: { availabilityRatio: 0.999, latency: [{ percentile: 99, maxS: 0.2, userRegion: null }] },
  designs: [
    { name: 'a', description: 'first' },
    { name: 'b', description: 'second' },
  ],
  userRegions: ['eu', 'us'],
  clusters: ['c1', 'c2'],
};

export function designSummary(design: string, availability: number, extra: Partial<DesignReplicationSummary> = {}): DesignReplicationSummary {
  return {
    design,
    availability,
    readyCapacity: availability,
    services: [{ name: 's', readyRatio: availability, zeroReadyS: 0, blackholeRatio: 0, minReady: 1 }],
    apiWritableRatio: [1, 1],
    traffic: null,
    faults: [],
    autoscaledNodes: 0,
    ...extra,
  };
}

export function replication(r: number, designs: DesignReplicationSummary[]): ReplicationSummary {
  return { replication: r, designs, showcase: null };
}

/** A traffic summary whose every region sees latencies uniform on (0, scaleS]. */
export function traffic(availability: number, scaleS: number): TrafficSummary {
  const h = new LogHistogram();
  for (let i = 1; i <= 200; i++) h.add((i / 200) * scaleS);
  const state = h.toJSON();
  const latency = { p50S: h.quantile(0.5), p95S: h.quantile(0.95), p99S: h.quantile(0.99), meanS: scaleS / 2, histogram: state };
  return {
    requests: 1000,
    failedRequests: 1000 * (1 - availability),
    failedBy: { unroutable: 1, deadEndpoint: 2, shed: 3, noReplica: 4, impaired: 0 },
    sloViolationMinutes: 5,
    errorBudgetUsedRatio: 0.1,
    residencyViolations: 0,
    latency,
    byUserRegion: ['eu', 'us'].map((name) => ({ name, requests: 500, failedRequests: 0, availability, latency })),
    bytes: { interZoneBytes: 1, interRegionBytes: 2, internetEgressBytes: 3 },
    clusters: [{ cluster: 'c1', peakUtilization: 0.5, requestsServed: 1000, logBytes: 10 }],
  };
}

