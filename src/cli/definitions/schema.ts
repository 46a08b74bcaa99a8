import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { refuseShortOutput } from '../outputFormat.js';

export function registerSchema(program: Command): void {
  const command = program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: yaml-language-server)')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--force', 'replace an existing --out file, or write where a symbolic link points')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim schema --out scenario.schema.json\n  then start a scenario with:  # yaml-language-server: $schema=./scenario.schema.json\n',
    )
    .action(lazy(async () => (await import('../commands/schema.js')).schemaAction));
  refuseShortOutput(command);
}
