import { generateFaultSchedule } from '../model/faults/schedule.js';
import { runReplication } from '../model/runtime/replication.js';
import { monthlyCost } from '../cost/model.js';
import type { RunContext } from './context.js';
import { runShowcase } from './showcase.js';
import { summarizeDesign } from './summarize.js';
import type { ReplicationSummary, ShowcasePlan } from './types.js';

/**
 * One replication of every design: the faults are drawn once and replayed against each design
 * (common random numbers). Deterministic in (scenario, seed, replication) alone.
 */
export function simulateReplication(ctx: RunContext, replication: number, showcase: ShowcasePlan | null): ReplicationSummary {
  const { scenario, fleet } = ctx;
  const { horizonS, warmupS, seed } = scenario.run;
  const faults = generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS, seed, replication });
  const designs = scenario.designs.map((design, i) => {
    const result = runReplication({ fleet, clusters: scenario.clusters, design, resolved: ctx.designs[i], faults, seed, replication, horizonS, warmupS, scenario });
    const cost = monthlyCost({ scenario, fleet, resolved: ctx.designs[i], observation: result, catalog: ctx.cost.catalog, usage: ctx.cost.usage });
    return { ...summarizeDesign(result), cost };
  });
  const summary: ReplicationSummary = { replication, designs, showcase: showcase !== null && showcase.replication === replication ? runShowcase(ctx, showcase) : null };
  return summary;
}

/**
 * The summary as it will look after a trip through JSON (a shard file, a worker message): running
 * every summary through this makes an in-process run, a pooled run and a merged run compare equal.
 */
export function serializeSummary(s: ReplicationSummary): string {
  return JSON.stringify(s);
}
