import type { Command } from 'commander';
import { checkOutputFile, OutputPathError, writeFileAtomic } from '../../report/atomicFile.js';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { UserError } from '../exitCodes.js';

/** `fleetsim schema`: the scenario JSON Schema, for yaml-language-server and other editors. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors: yaml-language-server)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--force', 'replace an existing --out file, or write where a symbolic link points')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim schema -o scenario.schema.json\n  then start a scenario with:  # yaml-language-server: $schema=./scenario.schema.json\n',
    )
    .action((opts: { out?: string; force?: boolean }) => {
      const force = opts.force === true;
      try {
        // Refuse a bad --out (a link, an existing file, a missing folder) before any work is done.
        if (opts.out !== undefined) checkOutputFile(opts.out, { force });
        const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
        if (opts.out === undefined) {
          process.stdout.write(text);
          return;
        }
        writeFileAtomic(opts.out, text, { force });
      } catch (err) {
        if (err instanceof OutputPathError) throw new UserError(`--out ${err.message}`);
        if (opts.out !== undefined && (err as NodeJS.ErrnoException).code !== undefined) {
          throw new UserError(`cannot write ${opts.out}: ${(err as Error).message}`);
        }
        throw err;
      }
    });
}
