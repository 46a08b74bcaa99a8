import type { Command } from 'commander';
import { formatHelp, outputFormat } from '../outputFormat.js';
import { lazy } from './lazy.js';

const FORMATS = ['table', 'json', 'yaml', 'md'] as const;

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two saved results (B − A per design): cost, availability, downtime, p99 overall and per user region, with each side\'s 95% CI and whether the change is significant')
    .argument('<a>', 'results file A (the before): "fleetsim run --output json" or a report\'s results.json; - for standard input')
    .argument('<b>', 'results file B (the after)')
    .option('-o, --output <format>', `${formatHelp(FORMATS)} (md: a compact pull-request comment)`, outputFormat(FORMATS), 'table')
    .option('--fail-on <metric:change>', 'exit 3 when a design changes beyond this (repeatable): availability:-0.01%, cost:+5%, cost:+100, p99:+20ms, downtime:+5', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText(
      'after',
      `
Examples:
  fleetsim run default --no-report -o json > before.json   # edit the scenario, then:
  fleetsim run default --no-report -o json > after.json
  fleetsim diff before.json after.json
  fleetsim diff before.json after.json -o md > comment.md   # a pull-request comment
  fleetsim diff before.json after.json --fail-on availability:-0.01% --fail-on cost:+5%

Significance: Welch's t-test on the per-replication values both files hold (availability, p99);
otherwise whether the two 95% intervals overlap (cost, downtime, p99 per region).
Exit codes: 0 compared, 2 bad input, 3 a --fail-on limit was crossed.
`,
    )
    .action(lazy(async () => (await import('../commands/diff.js')).diffAction));
}
