import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerIncidents(program: Command): void {
  program
    .command('incidents')
    .description('list the published incidents a scenario can replay, or show one timeline')
    .argument('[name]', 'an incident of the library: show its timeline')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim incidents\n  fleetsim incidents aws-us-east-1-2025-10-20\n  fleetsim incidents --output json | jq ".[].name"\n\nReplay one in a scenario:\n  faults:\n    incidents:\n      - { name: aws-us-east-1-2025-10-20, at: 30d, regions: { us-east-1: us-1 } }\n',
    )
    .action(lazy(async () => (await import('../commands/incidents.js')).incidentsAction));
}
