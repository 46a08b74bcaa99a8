import type { Command } from 'commander';
import { MAX_REPLICATIONS, MAX_WORKERS_FLAG, OUTPUT_FORMATS, intInRange } from '../options.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('simulate every design of a scenario, print the comparison and a verdict, and write a report folder')
    .argument('<file>', 'scenario YAML file, a bundled scenario\'s name (default), or - for standard input')
    .option('--replications <n>', `replications, 1 to ${MAX_REPLICATIONS} (default: the scenario's run.replications)`, intInRange(1, MAX_REPLICATIONS))
    .option('--seed <seed>', 'random seed (default: the scenario\'s run.seed)')
    .option('--horizon <duration>', 'simulated time per replication, e.g. 30d (default: run.horizon)')
    .option('--workers <n>', 'worker threads (default: chosen from the run\'s size, in this thread for small runs: docs/run.md; at most twice the cores; 0 = in this thread)', intInRange(0, MAX_WORKERS_FLAG))
    .option('-o, --output <format>', formatHelp(OUTPUT_FORMATS), outputFormat(OUTPUT_FORMATS), 'table')
    .option('--report-dir <dir>', 'where report folders go', 'reports')
    .option('--no-report', 'do not write a report folder')
    .option('--target-ci <metric:halfwidth>', 'add replications until every design\'s 95% CI half-width is below this: availability:0.0001, availability:0.01%, capacity:0.001, p99:5ms')
    .option('--max-replications <n>', `cap for --target-ci, 1 to ${MAX_REPLICATIONS}`, intInRange(1, MAX_REPLICATIONS), 200)
    .option('--shard <i/n>', 'run only replications r with r mod n = i and print a partial results file (JSON) for "fleetsim merge"')
    .option('--gate [design]', 'exit with code 3 unless the design (default: any design) meets the scenario\'s SLO with 95% confidence')
    .addHelpText(
      'after',
      `
Examples:
  fleetsim run scenarios/default.yaml
  fleetsim run default                      # a bundled scenario by name, from any folder
  fleetsim run scenarios/default.yaml --replications 30 --workers 4 --output md
  fleetsim run scenarios/default.yaml --target-ci availability:0.0001 --max-replications 200
  fleetsim run scenarios/default.yaml --gate replicated --no-report   # CI: exit 3 if it misses the SLO
  fleetsim run scenarios/default.yaml --shard 0/3 --output json > shard-0.json   # then: fleetsim merge shard-*.json

Exit codes: 0 ok, 1 runtime error, 2 bad input, 3 SLO not met (with --gate).
`,
    )
    .action(lazy(async () => (await import('../commands/run.js')).runAction));
}
