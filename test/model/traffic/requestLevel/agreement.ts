import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { TrafficOutcome } from '../../../../src/model/traffic/types.js';
import type { RequestLevelSummary } from '../../../../src/model/traffic/requestLevel.js';
import { runTraffic } from '../fixture.js';
import { runRequests, world } from './harness.js';

export function fixture(name: string): ReturnType<typeof world> {
  return world(readFileSync(fileURLToPath(new URL(`../../../fixtures/${name}.yaml`, import.meta.url)), 'utf8'));
}

/** Both modes on one design and replication: the fluid outcome and the request level's summary. */
export function bothModes(w: ReturnType<typeof world>, design: number, replication = 0): { fluid: TrafficOutcome; requests: RequestLevelSummary } {
  return { fluid: runTraffic(w, design, replication, 'fluid').traffic!, requests: runRequests(w, design, replication).requests };
}

/** The tolerances: availability within `pp` percentage points (0.1), p50 and p99 within `rel` (10%). */
export function expectAgreement(fluid: TrafficOutcome, requests: RequestLevelSummary, opts: { pp?: number; rel?: number; p99?: boolean } = {}): void {
  const pp = opts.pp ?? 0.1;
  const rel = opts.rel ?? 0.1;
  expect(Math.abs(fluid.availability - requests.availability) * 100).toBeLessThan(pp);
  if (requests.availability > 0) {
    const p50 = requests.latency.quantile(0.5);
    expect(Math.abs(fluid.latency.p50S - p50) / p50).toBeLessThan(rel);
    if (opts.p99 !== false) {
      const p99 = requests.latency.quantile(0.99);
      expect(Math.abs(fluid.latency.p99S - p99) / p99).toBeLessThan(rel);
    }
  }
}
