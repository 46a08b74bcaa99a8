import type { Command } from 'commander';
import { parseIntOption } from '../options.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerEtcd(program: Command): void {
  program
    .command('etcd')
    .argument('[scenario]', 'scenario file: take members, placement and settings from a self-managed cluster (with --cluster)')
    .description('leader-crash what-if for an etcd cluster: distribution of time to a new leader and of write unavailability')
    .option('--cluster <name>', 'with a scenario: the cluster whose etcd to simulate')
    .option('--members <n>', 'number of members (default 3)', parseIntOption)
    .option('--zones <list>', 'members by zone, comma-separated (one member per entry), e.g. us-east-1a,us-east-1b,us-east-1c')
    .option('--rtt-ms <rtt>', 'one RTT for every pair, or a matrix "0,70,140;70,0,90;140,90,0" (ms)')
    .option('--heartbeat <duration>', 'heartbeat interval (default 100ms)')
    .option('--election-timeout <durations>', 'election timeout (default 1000ms); several, comma-separated, to compare')
    .option('--pre-vote', 'enable pre-vote (the etcd 3.5+ default; overrides a scenario)', true)
    .option('--no-pre-vote', 'disable pre-vote (etcd 3.4 default)')
    .option('--check-quorum', 'enable check-quorum (the default; overrides a scenario)', true)
    .option('--no-check-quorum', 'disable check-quorum (etcd always enables it)')
    .option('--fsync <duration>', 'fdatasync before a vote or append ack', '1ms')
    .option('--jitter <duration>', 'extra one-way message delay, uniform in [0, jitter)', '0ms')
    .option('--leader <member>', 'member leading before the crash (1-based) or random', 'random')
    .option('--trials <n>', 'leader crashes to simulate (at most 1,000,000)', parseIntOption, 1000)
    .option('--seed <seed>', 'random seed', '1')
    .option('--bins <n>', 'histogram bins (at most 1000)', parseIntOption, 12)
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim etcd\n  fleetsim etcd --zones us-east-1a,us-east-1b,us-east-1c\n' +
        '  fleetsim etcd --rtt-ms "0,70,140;70,0,90;140,90,0" --election-timeout 1000ms,2000ms,3000ms\n' +
        '  fleetsim etcd scenario.yaml --cluster eu-1\n',
    )
    .action(lazy(async () => (await import('../commands/etcd.js')).etcdAction));
}
