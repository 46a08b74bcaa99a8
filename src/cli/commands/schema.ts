import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { UserError } from '../exitCodes.js';

/** `fleetsim schema`: the scenario JSON Schema, for yaml-language-server and other editors. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: yaml-language-server)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim schema -o scenario.schema.json\n  then start a scenario with:  # yaml-language-server: $schema=./scenario.schema.json\n',
    )
    .action((opts: { out?: string }) => {
      const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
      if (opts.out === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(opts.out, text);
      } catch (err) {
        throw new UserError(`cannot write ${opts.out}: ${(err as Error).message}`);
      }
    });
}
