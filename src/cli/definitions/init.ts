import type { Command } from 'commander';
import { lazy } from './lazy.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a commented starter scenario (three clusters in two regions; a replicated and a segmented design) to edit')
    .argument('[file]', 'where to write it', 'fleetsim.yaml')
    .option('--force', 'replace an existing file', false)
    .option('--stdout', 'print it instead of writing a file', false)
    .addHelpText(
      'after',
      `
Examples:
  fleetsim init                 # writes fleetsim.yaml
  fleetsim init shop.yaml && fleetsim check shop.yaml && fleetsim run shop.yaml

Exit codes: 0 written, 2 the file exists (add --force) or its folder cannot be written.
`,
    )
    .action(lazy(async () => (await import('../commands/init.js')).initAction));
}
