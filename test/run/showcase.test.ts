import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/context.js';
import { replicate } from '../../src/run/pipeline.js';
import { chooseShowcase, runShowcase } from '../../src/run/showcase.js';
import { singleCluster } from '../model/runtime/fixture.js';

const DAY = 86_400;
// A scripted zone outage on day 3 at 05:00 for one hour, among stochastic node failures.
const yaml = singleCluster({
  nodes: 6,
  replicas: 6,
  faults: '  scripted:\n    - { at: 2d5h, kind: zone, target: us-east-1a, for: 1h }\n  stochastic:\n    nodes: { mtbf: { exponential: { mean: 5d } }, mttr: { exponential: { mean: 1h } } }',
  run: '  horizon: 4d\n  replications: 3\n  seed: showcase',
});

describe('showcase fault timeline', () => {
  const ctx = prepareRun(yaml, 'showcase.yaml');

  it('picks the scripted fault over stochastic ones, with a window around it', () => {
    const plan = chooseShowcase(ctx, 3)!;
    expect(plan).toMatchObject({ replication: 0, kind: 'zone', target: 'us-east-1a', source: 'scripted', startS: 2 * DAY + 5 * 3600, endS: 2 * DAY + 6 * 3600 });
    expect(plan.windowStartS).toBeLessThan(plan.startS);
    expect(plan.windowEndS).toBeGreaterThan(plan.endS);
    expect((plan.windowEndS - plan.windowStartS) / plan.stepS).toBeCloseTo(400, 6);
  });

  it('replays the drop and the recovery the full run measured for that fault', () => {
    const plan = chooseShowcase(ctx, 3)!;
    const full = replicate(ctx, plan.replication, ctx.cost, plan);
    const record = full.designs[0].faults.find((f) => f.source === 'scripted')!;
    const show = full.showcase!;
    expect(show).toEqual(runShowcase(ctx, plan)); // deterministic
    const d = show.designs[0];
    expect(d.tS[0]).toBeGreaterThanOrEqual(plan.windowStartS - plan.startS - 1e-6);
    expect(d.tS[1] - d.tS[0]).toBeCloseTo(plan.stepS, 6);
    // Before the fault every replica is ready (the replay starts at the midnight before).
    const before = d.readyCapacity.filter((_, k) => d.tS[k] < 0);
    expect(before.length).toBeGreaterThan(10);
    expect(new Set(before)).toEqual(new Set([1]));
    // Right after it, capacity is down by the pods the zone took, as the full run recorded.
    const k0 = d.tS.findIndex((t) => t >= 0);
    expect(d.readyCapacity[k0]).toBeCloseTo(1 - record.podsLost / 6, 10);
    expect(record.podsLost).toBeGreaterThan(0);
    // Back to full capacity when the full run says (pod start-up draws differ: allow a step + 30 s).
    const back = d.tS.find((t, k) => t > 0 && d.readyCapacity[k] === 1)!;
    expect(Math.abs(back - record.recoveryS!)).toBeLessThan(plan.stepS + 30);
    // The traffic model's success ratio: perfect before, and dead endpoints fail requests until the
    // zone's nodes are marked NotReady (about 40 s): the success ratio dips within the first minute,
    // by about the share of endpoints lost, and is back to 1 before capacity is.
    const ok = d.successRatio!;
    expect(ok).toHaveLength(d.tS.length);
    expect(Math.min(...ok.filter((_, k) => d.tS[k] < 0).map((x) => x ?? 1))).toBeGreaterThan(0.999);
    const firstMinute = ok.filter((_, k) => d.tS[k] >= 0 && d.tS[k] <= 60).map((x) => x ?? 1);
    expect(Math.min(...firstMinute)).toBeCloseTo(1 - record.podsLost / 6, 1);
    expect(ok[d.tS.findIndex((t) => t >= 120)]).toBeGreaterThan(0.999);
  });

  it('is absent when no fault starts in the horizon', () => {
    const quiet = prepareRun(singleCluster({ nodes: 3, replicas: 3 }), 'quiet.yaml');
    expect(chooseShowcase(quiet, 1)).toBeNull();
  });
});
