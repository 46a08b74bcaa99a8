import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { aggregate } from '../../run/aggregate.js';
import { RunInputError } from '../../run/context.js';
import { combinePartials, parsePartial, PARTIAL_SCHEMA } from '../../run/shard.js';
import { combinePlanPartials, isPlanPartial, parsePlanPartial, PlanInputError } from '../../plan/index.js';
import { UserError } from '../exitCodes.js';
import { checkChart, printPlan } from './plan.js';
import { OUTPUT_FORMATS, checkOutput, finish } from './run.js';

interface MergeOptions {
  output: string;
  reportDir: string;
  report: boolean;
  gate?: string | boolean;
  chart?: string;
  force: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the partial results of "fleetsim run --shard i/n" into the result of one run (same results.json, same report), or of "fleetsim plan --search grid --shard i/n" into the plan of one grid run')
    .argument('<files...>', 'partial results files, one per shard')
    .option('--output <format>', `what to print: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .option('--report-dir <dir>', 'where report folders go', 'reports')
    .option('--no-report', 'do not write a report folder')
    .option('--gate [design]', 'exit with code 3 unless the design (default: any design) meets the scenario\'s SLO with 95% confidence')
    .addOption(new Option('--chart <file>', 'plan shards: write the cost–availability frontier chart (.svg, or .json for the vega-lite spec)'))
    .option('--force', 'replace an existing --chart file', false)
    .addHelpText(
      'after',
      `
Examples:
  for i in 0 1 2; do fleetsim run scenarios/default.yaml --shard $i/3 --output json > shard-$i.json; done
  fleetsim merge shard-0.json shard-1.json shard-2.json
  fleetsim merge shard-*.json --output json --no-report > results.json
  for i in 0 1 2; do fleetsim plan scenarios/default.yaml --search grid --shard $i/3 > plan-shard-$i.json; done
  fleetsim merge plan-shard-*.json --chart frontier.svg

Exit codes: 0 ok, 1 runtime error, 2 bad input (unreadable, foreign or incomplete shards), 3 SLO not met (with --gate; for plan shards: nothing meets the SLO).
`,
    )
    .action(async (files: string[], opts: MergeOptions) => {
      const output = checkOutput(opts.output);
      const texts = files.map((name) => {
        try {
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
    });
}

/** Plan shards ("fleetsim plan --shard"): every file must be one; printed as "fleetsim plan" prints. */
async function mergePlan(texts: readonly { name: string; text: string }[], jsons: readonly unknown[], opts: MergeOptions): Promise<void> {
  const plan = texts.find((_, i) => isPlanPartial(jsons[i]))!;
  const otherAt = jsons.findIndex((j) => !isPlanPartial(j));
  if (otherAt >= 0) {
    const other = (jsons[otherAt] as { schema?: unknown } | undefined)?.schema === PARTIAL_SCHEMA ? 'a run shard ("fleetsim run --shard")' : 'not a plan shard';
    throw new UserError(`${plan.name} is a plan shard ("fleetsim plan --shard") but ${texts[otherAt].name} is ${other}; merge the shards of one command at a time`);
  }
  if (opts.output !== 'table' && opts.output !== 'json') throw new UserError(`plan shards merge into a plan, printed as table or json, not ${opts.output}`);
  if (opts.gate !== undefined) throw new UserError('--gate is for run shards; a merged plan exits 3 when no configuration meets the SLO, as "fleetsim plan" does');
  if (opts.chart !== undefined) checkChart(opts.chart, opts.force);
  const report = guarded(() => combinePlanPartials(texts.map(({ name }, i) => ({ name, partial: parsePlanPartial(jsons[i], name) }))));
  await printPlan(report, { output: opts.output, rows: 20, journalPath: '', force: opts.force, ...(opts.chart !== undefined ? { chart: opts.chart } : {}) });
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
