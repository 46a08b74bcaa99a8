import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputPathError, writeFileAtomic } from '../../report/atomicFile.js';
import { EXIT_RUNTIME_ERROR, UserError } from '../exitCodes.js';
import { packageRoot } from '../scenarioSource.js';

/** The starter scenario shipped with the package (scenarios/templates/, outside the bundled names). */
export function starterTemplatePath(): string {
  return join(packageRoot(), 'scenarios', 'templates', 'starter.yaml');
}

export function starterTemplate(): string {
  try {
    return readFileSync(starterTemplatePath(), 'utf8');
  } catch (err) {
    throw new UserError(`the starter template is missing from the installed package (${starterTemplatePath()}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); reinstall fleetsim`, EXIT_RUNTIME_ERROR);
  }
}

/** `fleetsim init [FILE]`: write the starter scenario, never over an existing file without --force. */
export function initAction(file: string, opts: { force: boolean; stdout: boolean }): void {
  const text = starterTemplate();
  if (opts.stdout) {
    process.stdout.write(text);
    return;
  }
  try {
    // Atomic: an interrupted init leaves no half-written scenario that check would then reject.
    writeFileAtomic(file, text, { force: opts.force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`${err.message}${err.message.endsWith('--force to replace it') ? ' (or name another file: fleetsim init other.yaml)' : ''}`);
    throw err;
  }
  process.stderr.write(`fleetsim: wrote ${file}\nNext: fleetsim check ${file}    # validate it and see each design's sized fleet\n      fleetsim run ${file}      # simulate both designs for a year and compare them\n`);
}
