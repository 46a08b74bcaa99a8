import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/commands/run.js';
import type { DatastoreResult, Results } from '../../src/run/results.js';
import { cli } from '../cli/harness.js';

/**
 * `fleetsim run` on the two-region state fixture (test/fixtures/datastores-two-regions.yaml: 30 days ×
 * 2 replications, a scripted loss of the primary's zone and a transatlantic partition): results.json
 * carries each design's stores with figures checked against what the scenario implies, not against
 * the model's own numbers.
 */
const FIXTURE = 'test/fixtures/datastores-two-regions.yaml';

describe('fleetsim run with datastores', () => {
  it('gives designs[].datastores, their cost lines and the State section', async () => {
    const run = await cli('run', FIXTURE, '--output', 'json', '--no-report', '--workers', '0');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as Results;
    const store = (design: string, name: string): DatastoreResult => r.designs.find((d) => d.name === design)!.datastores!.find((s) => s.name === name)!;
    for (const d of r.designs) expect(d.datastores!.map((s) => s.name)).toEqual(['cart-db', 'payments', 'session-cache']);

    const cart = store('primary-reads', 'cart-db');
    // The primary is in Dublin; N. Virginia's writers (~40% of the writes) are 70 ms of RTT away from it,
    // so the commit p99 is at least that round trip; no commit beats the local one (median 2 ms).
    expect(cart.commitLatencyMs.p99.mean!).toBeGreaterThanOrEqual(70);
    expect(cart.commitLatencyMs.p50.mean!).toBeGreaterThanOrEqual(2);
    // The scripted loss of eu-west-1a (1 h) fails the primary over in every replication: RTO at least
    // detection + promotion + reconnect (30 + 10 + 5 s), well under the outage.
    expect(cart.failovers.count).toBeGreaterThanOrEqual(2);
    expect(cart.rtoS.p50!).toBeGreaterThanOrEqual(45);
    expect(cart.rtoS.max!).toBeLessThan(3600);
    expect(cart.writeAvailability.mean!).toBeGreaterThan(0.99);
    expect(cart.writeAvailability.mean!).toBeLessThan(1);
    // Replication bytes, worked from the scenario: web at 500/s on average sends 0.4 cart calls each,
    // 0.3 writes per call: 60 writes/s × 2 KiB to each of 2 replicas = 245 760 B/s, 6.46e11 B a month
    // (730 h); half of it to the replica across the Atlantic.
    const perMonth = 60 * 2048 * 2 * 730 * 3600;
    expect(cart.replicationBytesPerMonth.total.mean! / perMonth).toBeCloseTo(1, 1);
    expect(cart.replicationBytesPerMonth.interRegion.mean! / (perMonth / 2)).toBeCloseTo(1, 1);
    // Reads from the nearest member survive the partition that cuts N. Virginia from the primary.
    expect(store('nearest-reads', 'cart-db').readAvailability.mean!).toBeGreaterThanOrEqual(cart.readAvailability.mean!);

    const lines = r.designs[0].cost!.lines;
    const members = lines.find((l) => l.item === 'datastore members: cart-db')!;
    // 3 members × 730 h × $0.25.
    expect(members.monthlyUsd).toBeCloseTo(547.5, 6);
    const repl = lines.find((l) => l.item === 'datastore replication: cart-db eu-west-1 → us-east-1')!;
    expect(repl.monthlyUsd).toBeCloseTo((cart.replicationBytesPerMonth.interRegion.mean! / 1e9) * 0.02, 6);

    const text = renderText(r);
    expect(text).toMatch(/State: primary-reads:\n/);
    expect(text).toMatch(/cart-db \(primaryReplica\)/);
  }, 60_000);
});
