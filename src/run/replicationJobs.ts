import type { CostUsage, PriceCatalogData } from '../cost/index.js';
import { PriceCatalog } from '../cost/index.js';
import type { RunContext } from './context.js';
import { replicateDesign, runShowcase, type CostInputs, type ResolvedScenario } from './pipeline.js';
import type { DesignReplicationSummary, ReplicationSummary, ShowcasePlan, ShowcaseSummary } from './types.js';

/**
 * A run's unit of parallel work: one design of one replication, or one design's replay of the
 * showcase fault. Three designs × 10 replications are 30 jobs, which two threads share evenly;
 * whole replications (10 jobs, the showcase one twice as long) left one thread idle at the end.
 */
export interface RunJob {
  readonly replication: number;
  readonly design: number;
  /** The showcase replay of this design (its replication is the plan's), not the replication itself. */
  readonly showcase: boolean;
}

/** The prepared scenario as plain data: what a worker is sent once (structured clone), instead of re-preparing it. */
export interface PortableRun {
  readonly resolved: ResolvedScenario;
  readonly catalog: PriceCatalogData;
  readonly usage: CostUsage;
  readonly showcase: ShowcasePlan | null;
}

/**
 * The resolved scenario holds only plain objects, arrays, Maps and typed arrays (structured clone
 * keeps them, and their sharing: a design without its own infrastructure still shares the
 * scenario's fleet object); the price catalog is a class and travels as its data.
 */
export function portableRun(ctx: RunContext, showcase: ShowcasePlan | null): PortableRun {
  const { scenario, fleet, designs, views } = ctx;
  return { resolved: { scenario, fleet, designs, views }, catalog: ctx.cost.catalog.toData(), usage: ctx.cost.usage, showcase };
}

/** A thread's job handler: each result is JSON, so every thread's answer makes the same trip. */
export function runJobHandler(p: ResolvedScenario, cost: CostInputs, showcase: ShowcasePlan | null): (job: RunJob) => string {
  return (job) => {
    if (!job.showcase) return JSON.stringify(replicateDesign(p, job.replication, job.design, cost));
    if (showcase === null || showcase.replication !== job.replication) throw new RangeError(`no showcase in replication ${job.replication}`);
    return JSON.stringify(runShowcase(p, showcase, job.design).designs[0]);
  };
}

/** The handler of a worker, from what it was sent. */
export function portableJobHandler(init: PortableRun): (job: RunJob) => string {
  return runJobHandler(init.resolved, { catalog: PriceCatalog.of(init.catalog), usage: init.usage }, init.showcase);
}

/** The jobs of some replications: the showcase replays first (they are among the longest), then replication by replication. */
export function runJobs(replications: readonly number[], designs: number, showcase: ShowcasePlan | null): RunJob[] {
  const jobs: RunJob[] = [];
  if (showcase !== null && replications.includes(showcase.replication)) {
    for (let d = 0; d < designs; d++) jobs.push({ replication: showcase.replication, design: d, showcase: true });
  }
  for (const replication of replications) for (let d = 0; d < designs; d++) jobs.push({ replication, design: d, showcase: false });
  return jobs;
}

/**
 * The replication summaries from their jobs' JSON, in the order of `replications`: the same
 * objects a whole replication's JSON would parse to (replicate()'s shape and key order).
 */
export function assembleSummaries(replications: readonly number[], jobs: readonly RunJob[], results: readonly string[], showcase: ShowcasePlan | null, rareOutagesOf: (replication: number) => number | undefined = () => undefined): ReplicationSummary[] {
  const designs = new Map<number, DesignReplicationSummary[]>();
  const replays: ShowcaseSummary['designs'][number][] = [];
  jobs.forEach((job, i) => {
    const parsed: unknown = JSON.parse(results[i]);
    if (job.showcase) replays[job.design] = parsed as ShowcaseSummary['designs'][number];
    else {
      let list = designs.get(job.replication);
      if (list === undefined) designs.set(job.replication, (list = []));
      list[job.design] = parsed as DesignReplicationSummary;
    }
  });
  return replications.map((replication) => {
    const rare = rareOutagesOf(replication);
    return {
    replication,
    ...(rare !== undefined ? { rareOutages: rare } : {}),
    designs: designs.get(replication) ?? [],
    // Through JSON as the worker's replays were: the plan object compares equal to a whole replication's trip.
    showcase: showcase !== null && showcase.replication === replication ? { plan: JSON.parse(JSON.stringify(showcase)) as ShowcasePlan, designs: replays } : null,
    };
  });
}
