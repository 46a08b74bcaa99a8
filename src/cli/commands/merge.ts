import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { aggregate } from '../../run/aggregate.js';
import { RunInputError } from '../../run/context.js';
import { combinePartials, parsePartial } from '../../run/shard.js';
import { UserError } from '../exitCodes.js';
import { OUTPUT_FORMATS, checkOutput, finish } from './run.js';

interface MergeOptions {
  output: string;
  reportDir: string;
  report: boolean;
  gate?: string | boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the partial results of "fleetsim run --shard i/n" into the result of one run (same results.json, same report)')
    .argument('<files...>', 'partial results files, one per shard')
    .option('--output <format>', `what to print: ${OUTPUT_FORMATS.join(', ')}`, 'table')
    .option('--report-dir <dir>', 'where report folders go', 'reports')
    .option('--no-report', 'do not write a report folder')
    .option('--gate [design]', 'exit with code 3 unless the design (default: any design) meets the scenario\'s SLO with 95% confidence')
    .addHelpText(
      'after',
      `
Examples:
  for i in 0 1 2; do fleetsim run scenarios/default.yaml --shard $i/3 --output json > shard-$i.json; done
  fleetsim merge shard-0.json shard-1.json shard-2.json
  fleetsim merge shard-*.json --output json --no-report > results.json

Exit codes: 0 ok, 1 runtime error, 2 bad input (unreadable, foreign or incomplete shards), 3 SLO not met (with --gate).
`,
    )
    .action(async (files: string[], opts: MergeOptions) => {
      const output = checkOutput(opts.output);
      const partials = files.map((name) => {
        let text: string;
        try {
          text = readFileSync(name, 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new UserError(`${name}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})`);
        }
        return { name, partial: guarded(() => parsePartial(text, name)) };
      });
      const { scenario, summaries } = guarded(() => combinePartials(partials));
      const results = aggregate({ info: scenario, summaries, stopping: null, createdAt: new Date().toISOString() });
      await finish(results, { output, report: opts.report, reportDir: opts.reportDir, gate: opts.gate });
    });
}

function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RunInputError) throw new UserError(err.message);
    throw err;
  }
}
