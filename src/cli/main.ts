#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_RUNTIME_ERROR, UserError } from './exitCodes.js';
import { terminalSafe } from '../report/terminalText.js';
import { registerMmc } from './definitions/mmc.js';
import { registerEtcd } from './definitions/etcd.js';
import { registerCheck } from './definitions/check.js';
import { registerSchema } from './definitions/schema.js';
import { registerRun } from './definitions/run.js';
import { registerMerge } from './definitions/merge.js';
import { registerK8sJob } from './definitions/k8sJob.js';
import { registerValidate } from './definitions/validate.js';
import { registerImport } from './definitions/import.js';
import { registerKind } from './definitions/kind.js';
import { registerLive } from './definitions/live.js';
import { registerPlan } from './definitions/plan.js';
import { registerTui } from './definitions/tui.js';
import { registerIncidents } from './definitions/incidents.js';
import { registerPrices } from './definitions/prices.js';
import { registerInit } from './definitions/init.js';
import { registerDiff } from './definitions/diff.js';
import { registerCompletion } from './definitions/completion.js';

/**
 * Build the command tree. Each command's definition (options, help, examples) is in
 * definitions/<name>.ts and loads nothing heavy; its action is in commands/<name>.ts, imported
 * only when the command runs, so `fleetsim --help` or `fleetsim check` never load vega, ink or the
 * Kubernetes client (test/cli/startup.test.ts).
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fleetsim')
    .description('Discrete-event simulator of multi-cluster Kubernetes fleets')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // commander quotes the offending argument in its errors; set before the subcommands, which copy it.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalSafe(text)) })
    .exitOverride();
  registerMmc(program);
  registerEtcd(program);
  registerCheck(program);
  registerSchema(program);
  registerRun(program);
  registerMerge(program);
  registerK8sJob(program);
  registerValidate(program);
  registerImport(program);
  registerKind(program);
  registerLive(program);
  registerPlan(program);
  registerTui(program);
  registerIncidents(program);
  registerPrices(program);
  registerInit(program);
  registerDiff(program);
  registerCompletion(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (help, version, or a usage error).
      return err.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    // Messages quote the scenario and the command line (names, values): never raw control characters.
    if (err instanceof UserError) {
      process.stderr.write(`fleetsim: ${terminalSafe(err.message)}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fleetsim: internal error: ${terminalSafe(message)}\n`);
    if (process.env.FLEETSIM_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    else process.stderr.write('(set FLEETSIM_DEBUG=1 for a stack trace, and please report it)\n');
    return EXIT_RUNTIME_ERROR;
  }
}

// Run only when this file is the program (also through npm's bin symlink), not when imported by tests.
function invokedDirectly(): boolean {
  if (process.argv[1] === undefined) return false;
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  // A closed pipe (`fleetsim … | head`) is not an error: stop quietly, as Unix tools do. Any other
  // failure to print (a full disk behind `> file`) is one line and exit 1, not a stack trace.
  for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      if (stream === process.stdout) {
        try {
          process.stderr.write(`fleetsim: cannot write to ${name}: ${terminalSafe(err.code ?? err.message)}\n`);
        } catch {
          /* stderr is gone too */
        }
      }
      process.exit(EXIT_RUNTIME_ERROR);
    });
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
