import { resolveFleet } from '../../model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../model/placement/resolveDesigns.js';
import { aggregate } from '../../run/aggregate.js';
import { RunInputError, scenarioInfo, type RunContext, checkedCostSetup } from '../../run/context.js';
import { serializeSummary, simulateReplication } from '../../run/replicate.js';
import { chooseShowcase } from '../../run/showcase.js';
import type { ReplicationSummary } from '../../run/types.js';
import { formatError, parseScenario } from '../../scenario/index.js';
import { applyWhatIfs, describeWhatIf, type WhatIf } from '../whatIf.js';
import { buildReplay } from './replay.js';
import type { SimJob, SimOutcome } from './types.js';

/**
 * The scenario with the what-ifs applied, resolved like `fleetsim run` resolves it. The scenario
 * description and hash name the what-ifs, so an exported report says what was changed.
 */
export function prepareWhatIf(text: string, fileName: string, whatIfs: readonly WhatIf[]): RunContext {
  const loaded = parseScenario(text, fileName);
  if (!loaded.ok) throw new RunInputError(loaded.errors.map(formatError).join('\n'));
  const scenario = applyWhatIfs(loaded.scenario, whatIfs);
  const fleet = resolveFleet(scenario);
  const designs = resolveDesigns(scenario, fleet);
  const changed = whatIfs.length > 0;
  const hashed = changed ? `${text}\n# what-ifs: ${JSON.stringify(whatIfs)}\n` : text;
  const base = scenarioInfo(scenario, hashed);
  const description = changed ? `${base.description}${base.description ? ' ' : ''}[what-if: ${whatIfs.map(describeWhatIf).join('; ')}]`.trim() : base.description;
  return { scenario, fleet, designs, info: { ...base, description }, cost: checkedCostSetup(scenario, fleet, designs) };
}

/**
 * One what-if run: every replication of every design (run/replicate.ts, so the numbers are the ones
 * `fleetsim run` would print for the same scenario), aggregated with run/aggregate.ts, plus a replay
 * of the showcase fault. Synchronous: the UI calls it inside a worker thread.
 */
export function runJob(job: SimJob, onProgress: (done: number, total: number) => void, now: () => number = Date.now): SimOutcome {
  const started = now();
  const ctx = prepareWhatIf(job.text, job.fileName, job.whatIfs);
  const total = ctx.scenario.run.replications;
  const showcase = chooseShowcase(ctx, total);
  const summaries: ReplicationSummary[] = [];
  onProgress(0, total);
  for (let r = 0; r < total; r++) {
    // Through JSON as the run pool does, so the numbers match `fleetsim run` bit for bit.
    summaries.push(JSON.parse(serializeSummary(simulateReplication(ctx, r, showcase))) as ReplicationSummary);
    onProgress(r + 1, total);
  }
  const results = aggregate({ info: ctx.info, summaries, stopping: null, createdAt: new Date(now()).toISOString() });
  const replay = showcase ? buildReplay(ctx, showcase) : null;
  return { results, replay, elapsedMs: now() - started };
}
