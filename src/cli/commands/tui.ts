import { UserError } from '../exitCodes.js';
import { resolveScenarioPath } from '../scenarioSource.js';
import { checkReportDirFlag } from './run.js';

interface TuiCliOptions {
  replications?: number;
  reportDir: string;
  worker: boolean;
}

/** `fleetsim tui [FILE]`: the terminal UI (React and ink load here, only for this command). */
export async function tuiAction(file: string | undefined, opts: TuiCliOptions) {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError('fleetsim tui needs an interactive terminal (stdin and stdout must be a TTY); use "fleetsim run" in scripts');
  // "e" (export) writes there: say now, not after an hour of what-ifs, that it cannot.
  checkReportDirFlag(opts.reportDir);
  // ink draws nothing until exit when it believes it runs under CI (is-in-ci reads these at
  // import). A TTY on both ends means a person is watching, so those variables do not apply.
  for (const k of Object.keys(process.env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete process.env[k];
  // Loaded lazily: React and ink are only needed by this command.
  const { loadForTui } = await import('../../tui/load.js');
  const { startTui } = await import('../../tui/start.js');
  let scenario = null;
  if (file !== undefined) {
    // A file the UI can re-read and save beside: a path, or a bundled scenario's packaged file.
    const loaded = loadForTui(resolveScenarioPath(file, 'the TUI reads its keys from standard input; give a file or a bundled scenario name'));
    if (typeof loaded === 'string') throw new UserError(loaded);
    scenario = loaded;
  }
  await startTui({ scenario, reportDir: opts.reportDir, worker: opts.worker, ...(opts.replications !== undefined ? { replications: opts.replications } : {}) });
}
