import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS } from '../options.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('combine the partial results of "fleetsim run --shard i/n" into the result of one run (same results.json, same report), or of "fleetsim plan --search grid --shard i/n" into the plan of one grid run')
    .argument('<files...>', 'partial results files, one per shard')
    .option('-o, --output <format>', `${formatHelp(OUTPUT_FORMATS)} (plan shards: table, json, yaml)`, outputFormat(OUTPUT_FORMATS), 'table')
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
    .action(lazy(async () => (await import('../commands/merge.js')).mergeAction));
}
