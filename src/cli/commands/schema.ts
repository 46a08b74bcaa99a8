import { checkOutputFile, OutputPathError, writeFileAtomic } from '../../report/atomicFile.js';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { UserError } from '../exitCodes.js';

/** `fleetsim schema`: the scenario JSON Schema, for yaml-language-server and other editors. */
export function schemaAction(opts: { out?: string; force?: boolean }) {
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
}
