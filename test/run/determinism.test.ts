import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { prepareRun } from '../../src/run/context.js';
import { replicate, serializeSummary } from '../../src/run/pipeline.js';
import { runScenario } from '../../src/run/runner.js';
import { chooseShowcase } from '../../src/run/showcase.js';
import { combinePartials, parsePartial, partialResults } from '../../src/run/shard.js';
import { resultsJson } from '../../src/report/write.js';
import { RARE_STRATUM_REPLICATIONS, rareStratumIndices } from '../../src/run/rareStratum.js';
import { DEFAULT_SCENARIO, FIXED_TIME, defaultText, runAndAggregate } from './fixture.js';

// The default scenario shortened to 60 days: the same code paths, a quarter of the time.
const overrides = { horizonS: 60 * 86_400, replications: 6 };
// None of the six has a region outage (0.1 a year): the run adds the whole rare stratum, −1…−M.
const RARE = rareStratumIndices(RARE_STRATUM_REPLICATIONS);

describe('same seed, same results.json, however the work is split', () => {
  it('in this thread, with 1 worker and with 2 workers', async () => {
    const inThread = resultsJson(await runAndAggregate({ overrides, workers: 0 }));
    const one = resultsJson(await runAndAggregate({ overrides, workers: 1 }));
    const two = resultsJson(await runAndAggregate({ overrides, workers: 2 }));
    // The default layout of a large run: one worker, and this thread taking jobs beside it.
    const helped = resultsJson(await runAndAggregate({ overrides, layout: { workers: 1, helpHere: true } }));
    expect(one).toBe(inThread);
    expect(two).toBe(one);
    expect(helped).toBe(one);
    // Not trivially equal: the run measured something and picked a fault to show.
    const parsed = JSON.parse(two);
    expect(parsed.run.replications).toBe(6);
    expect(parsed.designs.map((d: { name: string }) => d.name)).toEqual(['replicated', 'segmented', 'active-active']);
    // The default scenario's datastore is in what must match (issue 17: stores hold their own timers and streams).
    expect(parsed.designs.map((d: { datastores: { name: string }[] }) => d.datastores.map((x) => x.name))).toEqual([['cart-db'], ['cart-db'], ['cart-db']]);
    // Region outages are rare here: the rare-stratum replications (−1, −2, …) are in what must match too.
    expect(parsed.run.rareFaults.stratified).toBe(true);
    expect(parsed.run.rareFaults.conditioned.map((c: { replication: number }) => c.replication)).toEqual(RARE);
  });

  it('with retries in every design (their latency computed and its estimates shared by the replications of a thread), in this thread and with 2 workers', async () => {
    const text = defaultText().replaceAll('        dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s }\n', '        dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s }\n      retries: { attempts: 3, retryOn: [deadEndpoint, shed], avoidPreviousHosts: all, budget: 20% }\n');
    expect(text.match(/retries: \{ attempts: 3/g)?.length).toBe(3);
    const short = { horizonS: 30 * 86_400, replications: 4 };
    const inThread = resultsJson(await runAndAggregate({ text, overrides: short, workers: 0 }));
    const two = resultsJson(await runAndAggregate({ text, overrides: short, workers: 2 }));
    expect(two).toBe(inThread);
    expect(inThread).not.toBe(resultsJson(await runAndAggregate({ overrides: short, workers: 0 })));
  });

  it('per-(replication, design) jobs assemble to exactly what whole replications give (the TUI\'s path)', async () => {
    const ctx = prepareRun(defaultText(), DEFAULT_SCENARIO, overrides);
    const showcase = chooseShowcase(ctx, overrides.replications);
    expect(showcase).not.toBeNull();
    const out = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides, layout: { workers: 1, helpHere: true } });
    // The plain replications and the rare stratum's (−1, −2, …), each simulated whole in this thread.
    expect(out.summaries.map((s) => s.replication)).toEqual([...Array.from({ length: overrides.replications }, (_, r) => r), ...RARE]);
    const whole = out.summaries.map((s) => JSON.parse(serializeSummary(replicate(ctx, s.replication, ctx.cost, showcase))));
    expect(JSON.stringify(out.summaries)).toBe(JSON.stringify(whole));
    // The showcase replay is split by design too, and lands in its replication only.
    expect(out.summaries.filter((s) => s.showcase !== null).map((s) => s.replication)).toEqual([showcase!.replication]);
    expect(out.summaries[showcase!.replication].showcase!.designs.map((d) => d.design)).toEqual(['replicated', 'segmented', 'active-active']);
  });

  it('3 shards written to JSON and merged equal one run', async () => {
    const single = resultsJson(await runAndAggregate({ overrides, workers: 0 }));
    const files = [];
    for (let i = 0; i < 3; i++) {
      const out = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides, workers: 0, shard: { index: i, count: 3 } });
      expect(out.summaries.map((s) => s.replication)).toEqual([i, i + 3, ...RARE.filter((r) => (-r - 1) % 3 === i)]);
      files.push({ name: `shard-${i}.json`, partial: parsePartial(JSON.stringify(partialResults(out.ctx.info, out.replications, { index: i, count: 3 }, out.summaries)), `shard-${i}.json`) });
    }
    // Merge order must not matter either.
    const { scenario, summaries } = combinePartials([files[2], files[0], files[1]]);
    const merged = resultsJson(aggregate({ info: scenario, summaries, stopping: null, createdAt: FIXED_TIME }));
    expect(merged).toBe(single);
  });

  it('a different seed gives different results (the check above can fail)', async () => {
    const a = await runAndAggregate({ overrides, workers: 0 });
    const b = await runAndAggregate({ overrides: { ...overrides, seed: 'other' }, workers: 0 });
    expect(resultsJson(b)).not.toBe(resultsJson(a));
    expect(b.replications.map((r) => r.designs[0].readyCapacity)).not.toEqual(a.replications.map((r) => r.designs[0].readyCapacity));
  });
});
