import { readFileSync } from 'node:fs';
import { aggregate } from '../../run/aggregate.js';
import { RunInputError } from '../../run/context.js';
import { combinePartials, parsePartial, PARTIAL_SCHEMA } from '../../run/shard.js';
import { combinePlanPartials, isPlanPartial, parsePlanPartial, PlanInputError } from '../../plan/index.js';
import { UserError } from '../exitCodes.js';
import { readStdinText, STDIN_NAME } from '../scenarioSource.js';
import { checkChart, printPlan } from './plan.js';
import { finish } from './run.js';
import type { OutputFormat } from '../options.js';

interface MergeOptions {
  output: string;
  reportDir: string;
  report: boolean;
  gate?: string | boolean;
  chart?: string;
  force: boolean;
}

/** `fleetsim merge FILES...`: the result of one run (or one grid plan) from its shards. */
export async function mergeAction(files: string[], opts: MergeOptions) {
  // The definition's -o parser (outputFormat.ts) refused anything else before the action ran.
  const output = opts.output as OutputFormat;
  const texts = files.map((name) => {
    try {
      // "-" is one shard on standard input (e.g. piped from kubectl cp or curl), read once.
      if (name === '-') return { name: STDIN_NAME, text: readStdinOnce() };
      return { name, text: readFileSync(name, 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(`${name}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})`);
    }
  });
  const jsons = texts.map(({ text }) => peekJson(text));
  if (jsons.some(isPlanPartial)) return mergePlan(texts, jsons, opts);
  if (opts.chart !== undefined) throw new UserError('--chart is for plan shards; a merged run writes its charts into the report folder');
  const partials = texts.map(({ name, text }) => ({ name, partial: guarded(() => parsePartial(text, name)) }));
  const { scenario, summaries } = guarded(() => combinePartials(partials));
  const results = aggregate({ info: scenario, summaries, stopping: null, createdAt: new Date().toISOString() });
  await finish(results, { output, report: opts.report, reportDir: opts.reportDir, gate: opts.gate });
}

/** Plan shards ("fleetsim plan --shard"): every file must be one; printed as "fleetsim plan" prints. */
async function mergePlan(texts: readonly { name: string; text: string }[], jsons: readonly unknown[], opts: MergeOptions): Promise<void> {
  const plan = texts.find((_, i) => isPlanPartial(jsons[i]))!;
  const otherAt = jsons.findIndex((j) => !isPlanPartial(j));
  if (otherAt >= 0) {
    const other = (jsons[otherAt] as { schema?: unknown } | undefined)?.schema === PARTIAL_SCHEMA ? 'a run shard ("fleetsim run --shard")' : 'not a plan shard';
    throw new UserError(`${plan.name} is a plan shard ("fleetsim plan --shard") but ${texts[otherAt].name} is ${other}; merge the shards of one command at a time`);
  }
  if (opts.output !== 'table' && opts.output !== 'json' && opts.output !== 'yaml') throw new UserError(`plan shards merge into a plan, printed as table, json or yaml, not ${opts.output}`);
  if (opts.gate !== undefined) throw new UserError('--gate is for run shards; a merged plan exits 3 when no configuration meets the SLO, as "fleetsim plan" does');
  if (opts.chart !== undefined) checkChart(opts.chart, opts.force);
  const report = guarded(() => combinePlanPartials(texts.map(({ name }, i) => ({ name, partial: parsePlanPartial(jsons[i], name) }))));
  await printPlan(report, { output: opts.output as 'table' | 'json' | 'yaml', rows: 20, journalPath: '', force: opts.force, ...(opts.chart !== undefined ? { chart: opts.chart } : {}) });
}

let stdinRead = false;
/** Standard input can be read once: "-" given twice is a mistake, said so. */
function readStdinOnce(): string {
  if (stdinRead) throw new UserError('"-" (standard input) is given more than once; it holds one shard');
  stdinRead = true;
  return readStdinText();
}

function peekJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RunInputError || err instanceof PlanInputError) throw new UserError(err.message);
    throw err;
  }
}
