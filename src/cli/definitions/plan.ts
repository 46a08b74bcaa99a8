import type { Command } from 'commander';
import { parseIntOption } from '../options.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('capacity planning: search the knobs of the scenario\'s plan section for the cheapest configuration that meets the SLO at 95% confidence')
    .argument('<file>', 'scenario YAML file with a plan section, a bundled scenario\'s name (default), or - for standard input')
    .option('--search <how>', 'grid, adaptive (bisection on monotone knobs + racing on replications), or auto (grid up to plan.gridLimit points)')
    .option('--workers <n>', 'worker threads (default: chosen from the plan\'s size, in this thread for small plans, at most one per core: docs/plan.md; 0 = in this thread)', parseIntOption)
    .option('--max-replications <n>', 'replications per point at most (default: plan.replications.max)', parseIntOption)
    .option('--horizon <duration>', 'simulated time per replication (default: plan.horizon, else run.horizon)')
    // md (plan/markdown.ts, printPlan) waits for test/cli/completion.test.ts to list it: see docs/plan.md.
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml', 'md']), outputFormat(['table', 'json', 'yaml', 'md']), 'table')
    .option('--chart <file>', 'write the cost–availability frontier chart: .svg, or .json for the vega-lite spec')
    .option('--catalog <file>', 'price catalog file (replaces pricing.catalog)')
    .option('--journal <file>', 'where finished points are kept so an interrupted plan resumes (default: .fleetsim/plan-<scenario>.jsonl)')
    .option('--fresh', 'ignore the journal and start over', false)
    .option('--rows <n>', 'points listed in the table', parseIntOption, 20)
    .option('--force', 'replace an existing --chart file', false)
    .option('--strict', 'treat warnings (an optimum on the edge of a knob\'s range) as errors: exit code 2, after the plan is printed', false)
    .option('--shard <i/n>', 'grid search only: evaluate the points p with p mod n = i and print a plan shard file (JSON) for "fleetsim merge"')
    .addHelpText(
      'after',
      `
Examples:
  fleetsim plan scenarios/default.yaml
  fleetsim plan scenarios/default.yaml --search grid --workers 4 --chart frontier.svg
  fleetsim plan scenarios/default.yaml --output json > plan.json
  fleetsim plan scenarios/default.yaml --search grid --shard 0/3 > plan-shard-0.json   # then: fleetsim merge plan-shard-*.json

Ctrl-C stops after the jobs in flight; finished points are kept in the journal and the next run resumes.
Exit codes: 0 optimum found, 1 runtime error, 2 bad input (or warnings with --strict), 3 no configuration meets the SLO, 130 interrupted.
`,
    )
    .action(lazy(async () => (await import('../commands/plan.js')).planAction));
}
