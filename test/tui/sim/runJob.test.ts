import { describe, expect, it } from 'vitest';
import { aggregate } from '../../../src/run/aggregate.js';
import { runScenario } from '../../../src/run/runner.js';
import { runJob } from '../../../src/tui/sim/runJob.js';
import type { WhatIf } from '../../../src/tui/whatIf.js';
import { scenarioText } from '../fixture.js';

const text = scenarioText('fixtures/two-regions-fixed.yaml', { horizon: '60d', replications: 3 });
const zoneAt20d: WhatIf = { kind: 'fault', fault: { atS: 20 * 86_400, forS: 2 * 3600, target: { kind: 'region', region: 'eu-west-1' } } };

describe('runJob (what the worker runs)', () => {
  it('gives the numbers `fleetsim run` gives for the same scenario', async () => {
    const progress: [number, number][] = [];
    const mine = runJob({ id: 1, text, fileName: 'default.yaml', whatIfs: [] }, (d, t) => progress.push([d, t]));
    const outcome = await runScenario({ text, fileName: 'default.yaml', workers: 0 });
    const theirs = aggregate({ info: outcome.ctx.info, summaries: outcome.summaries, stopping: null, createdAt: mine.results.createdAt });
    expect(mine.results).toEqual(theirs);
    // Three plain replications, then the rare-stratum ones (region outages are rare here; docs/run.md).
    const total = outcome.summaries.length;
    expect(total).toBeGreaterThan(3);
    expect(progress).toEqual(Array.from({ length: total + 1 }, (_, i) => [i, total]));
  });

  it('applies what-ifs, names them in the results, and replays the injected fault', () => {
    const out = runJob({ id: 2, text, fileName: 'default.yaml', whatIfs: [{ kind: 'replicas', service: 'web', replicas: 2 }, zoneAt20d] }, () => {});
    expect(out.results.scenario.description).toContain('[what-if: web replicas = 2; kill region eu-west-1 at 20d for 2h]');
    const replay = out.replay!;
    // Scripted faults come first when choosing what to replay.
    expect(replay.focus).toMatchObject({ kind: 'region', target: 'eu-west-1', source: 'scripted', startS: 20 * 86_400, endS: 20 * 86_400 + 7200 });
    expect(replay.tS.length).toBeGreaterThan(100);
    expect(replay.tS[0]).toBeLessThan(replay.focus.startS);
    expect(replay.tS.at(-1)!).toBeGreaterThan(replay.focus.endS);
    const mid = replay.tS.findIndex((t) => t >= replay.focus.startS + 3600);
    const just = replay.tS.findIndex((t) => t >= replay.focus.startS + 60);
    for (const d of replay.designs) {
      expect(d.readyCapacity).toHaveLength(replay.tS.length);
      expect(d.readyCapacity[0]).toBe(1);
      // A minute in, eu-west-1's half of the pods is gone under either design.
      expect(d.readyCapacity[just]).toBeLessThanOrEqual(0.5 + 1e-9);
      const whats = d.events.filter((e) => e.fault === 'region eu-west-1').map((e) => e.what);
      expect(whats[0]).toBe('failed');
      expect(whats).toContain('cleared');
    }
    const [replicated, activeActive] = replay.designs;
    // An hour in: replicated still runs on us-east-1's copy alone (half the pods it requires) while
    // active-active has failed over (Karmada toleration 300 s) and rebuilt full capacity in us-east-1.
    expect(replicated.readyCapacity[mid]).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(activeActive.readyCapacity[mid]).toBe(1);
    expect(activeActive.events.some((e) => e.what === 'failed over')).toBe(true);
    // The what-if made the run different from the file's.
    expect(out.results.scenario.sha256).not.toBe(runJob({ id: 3, text, fileName: 'default.yaml', whatIfs: [] }, () => {}).results.scenario.sha256);
  });

  it('is deterministic: same job, same results (apart from the timestamp)', () => {
    const job = { id: 4, text, fileName: 'default.yaml', whatIfs: [zoneAt20d] };
    const clock = () => 0;
    expect(runJob(job, () => {}, clock)).toEqual(runJob(job, () => {}, clock));
  });
});
