import { aggregate } from '../../run/aggregate.js';
import { checkedCostSetup, scenarioInfo, type RunContext } from '../../run/context.js';
import { prepareScenario, replicate, serializeSummary } from '../../run/pipeline.js';
import { chooseShowcase } from '../../run/showcase.js';
import type { ReplicationSummary } from '../../run/types.js';
import { applyWhatIfs, describeWhatIf, type WhatIf } from '../whatIf.js';
import { checkDocumentWhatIfs, isDocumentWhatIf, textWithDocumentWhatIfs } from '../docWhatIf.js';
import { buildReplay } from './replay.js';
import type { SimJob, SimOutcome } from './types.js';
import { rareStratumReplications } from '../../run/rareStratum.js';

/**
 * The scenario with the what-ifs applied, resolved like `fleetsim run` resolves it. The scenario
 * description and hash name the what-ifs, so an exported report says what was changed.
 */
export function prepareWhatIf(text: string, fileName: string, whatIfs: readonly WhatIf[]): RunContext {
  // Instance types and meshes are written into the file and parsed with it (docWhatIf.ts); the rest on top.
  const rest = whatIfs.filter((w) => !isDocumentWhatIf(w));
  const p = prepareScenario(textWithDocumentWhatIfs(text, whatIfs), fileName, (s) => {
    checkDocumentWhatIfs(s, whatIfs);
    return applyWhatIfs(s, rest);
  });
  const changed = whatIfs.length > 0;
  const hashed = changed ? `${text}\n# what-ifs: ${JSON.stringify(whatIfs)}\n` : text;
  const base = scenarioInfo(p, hashed);
  const description = changed ? `${base.description}${base.description ? ' ' : ''}[what-if: ${whatIfs.map(describeWhatIf).join('; ')}]`.trim() : base.description;
  return { ...p, info: { ...base, description }, cost: checkedCostSetup(p) };
}

/**
 * One what-if run: every replication of every design (the run pipeline, so the numbers are the ones
 * `fleetsim run` would print for the same scenario), aggregated with run/aggregate.ts, plus a replay
 * of the showcase fault. Synchronous: the UI calls it inside a worker thread.
 */
export function runJob(job: SimJob, onProgress: (done: number, total: number) => void, now: () => number = Date.now): SimOutcome {
  const started = now();
  const ctx = prepareWhatIf(job.text, job.fileName, job.whatIfs);
  const plain = ctx.scenario.run.replications;
  const showcase = chooseShowcase(ctx, plain);
  // The plain replications, then the rare-stratum ones `fleetsim run` adds (docs/run.md, "Rare faults").
  const replications = [...Array.from({ length: plain }, (_, r) => r), ...rareStratumReplications(ctx, plain)];
  const total = replications.length;
  const summaries: ReplicationSummary[] = [];
  onProgress(0, total);
  for (const r of replications) {
    // Through JSON as the run pool does, so the numbers match `fleetsim run` bit for bit.
    summaries.push(JSON.parse(serializeSummary(replicate(ctx, r, ctx.cost, showcase))) as ReplicationSummary);
    onProgress(summaries.length, total);
  }
  const results = aggregate({ info: ctx.info, summaries, stopping: null, createdAt: new Date(now()).toISOString() });
  const replay = showcase ? buildReplay(ctx, showcase) : null;
  return { results, replay, elapsedMs: now() - started };
}
