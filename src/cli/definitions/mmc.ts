import type { Command } from 'commander';
import { parseIntOption, parsePositiveNumber } from '../options.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerMmc(program: Command): void {
  program
    .command('mmc')
    .description('simulate M/M/c queues request by request and compare with Erlang C (the engine self-check)')
    .option('--lambda <rate>', 'arrival rate per second (with --mu and --servers: one queue)', parsePositiveNumber)
    .option('--mu <rate>', 'service rate per server per second', parsePositiveNumber)
    .option('--servers <c>', 'number of servers', parseIntOption)
    .option('--customers <n>', 'measured customers per replication', parseIntOption, 200_000)
    .option('--replications <n>', 'replications per queue', parseIntOption, 10)
    .option('--seed <seed>', 'random seed', '1')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText('after', '\nExamples:\n  fleetsim mmc\n  fleetsim mmc --lambda 95 --mu 1 --servers 100 --replications 20\n')
    .action(lazy(async () => (await import('../commands/mmc.js')).mmcAction));
}
