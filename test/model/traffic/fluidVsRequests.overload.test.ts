import { describe, expect, it } from 'vitest';
import { bothModes, expectAgreement, fixture } from './requestLevel/agreement.js';

/**
 * The fluid model against the request level under shedding and overload (semantics §4–§5).
 */
describe('fluid vs request level: queueLength shedding near saturation (95% busy, 2 waiting per pod)', () => {
  const w = fixture('requests-queue-length');
  const runs = [0, 1].map((rep) => bothModes(w, 0, rep));
  it('availability within 0.1 pp over two replications (the shed share is the M/M/c/K p_K ≈ 5.1%), p50 and p99 within 10%', () => {
    // Blocking near saturation comes in long bursts: one 9-minute run's shed share moves ±0.1 pp.
    const mean = (f: (r: (typeof runs)[number]) => number) => (f(runs[0]) + f(runs[1])) / 2;
    expect(1 - mean((r) => r.fluid.availability)).toBeGreaterThan(0.04);
    expect(Math.abs(mean((r) => r.fluid.availability) - mean((r) => r.requests.availability)) * 100).toBeLessThan(0.1);
    for (const { fluid, requests } of runs) {
      expectAgreement(fluid, requests, { pp: 0.2 });
      expect(requests.failedBy.shed).toBe(requests.failedRequests);
    }
  });
});

describe('fluid vs request level: a metastable retry storm (lost pods, per-try timeout 1 s, 3 attempts, no budget)', () => {
  const w = fixture('requests-storm');
  const storm = bothModes(w, 0);
  const once = bothModes(w, 1);
  const bucket = (s: typeof storm.requests, fromS: number, toS: number) => s.goodput.slice(fromS / s.goodputBucketS, toS / s.goodputBucketS).reduce((a, b) => a + b, 0) / (toS - fromS);

  it('the storm outlives its trigger in both modes: after the pods return (8 min) goodput stays ~0 to the horizon', () => {
    expect(bucket(storm.requests, 240, 300)).toBeGreaterThan(140); // before the trigger: the 150/s are served
    expect(bucket(storm.requests, 600, 900)).toBeLessThan(1.5); // the request level: ≤ 1% of 150/s
    expect(storm.fluid.overload!.stormS).toBeGreaterThan(300); // the fluid model: storm seconds past the trigger
    // Most of the horizon after the trigger is lost: availability ≈ 4 of 14 measured minutes.
    expect(storm.requests.availability).toBeLessThan(0.4);
  });

  it('with one attempt both recover once the pods are back (goodput back to the offered 150/s)', () => {
    expect(bucket(once.requests, 600, 900)).toBeGreaterThan(140);
    expect(once.fluid.overload!.stormS).toBeLessThan(60);
  });

  it('availability within 0.1 pp on the mean of twelve replications of a sharper trigger (4 of 10 nodes lost); failures by cause within 5%', () => {
    // With 3 of 10 nodes lost the queue grows at only m = 10/s, so the request level's backlog, a random
    // walk of variance rate σ² ≈ 290/s, crosses the timeout's level h ≈ 130 at a time of sd
    // √(σ²h/m³) ≈ 6 s: ±0.7 pp per replication (0.12 pp per second of 150/s over the 14 measured
    // minutes), so four replications' mean moves ±0.4 pp (measured over 16: storm +0.02 ± 0.10 pp, one
    // attempt −0.05 ± 0.19 pp; the 0.25 pp once seen on four was this noise). With 4 nodes lost, m = 30/s
    // and that sd is ≈ 1 s: per replication ±0.19 pp (storm) and ±0.25 pp (one attempt), on twelve
    // ±0.06 pp (measured: storm −0.08, one attempt +0.02).
    const sharp = fixture('requests-storm-sharp');
    for (const design of [0, 1]) {
      const runs = Array.from({ length: 12 }, (_, rep) => bothModes(sharp, design, rep));
      const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
      expect(Math.abs(mean((r) => r.fluid.availability) - mean((r) => r.requests.availability)) * 100).toBeLessThan(0.1);
      const { fluid, requests } = runs[0];
      for (const cause of ['timeout', 'shed'] as const) {
        if (fluid.failedBy[cause] > 500) expect(Math.abs(requests.failedBy[cause] - fluid.failedBy[cause]) / fluid.failedBy[cause]).toBeLessThan(0.05);
      }
    }
  });
});
