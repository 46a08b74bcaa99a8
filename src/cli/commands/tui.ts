import type { Command } from 'commander';
import { UserError } from '../exitCodes.js';
import { MAX_REPLICATIONS, intInRange } from '../options.js';
import { checkReportDirFlag } from './run.js';

interface TuiCliOptions {
  replications?: number;
  reportDir: string;
  worker: boolean;
}

export function registerTui(program: Command): void {
  program
    .command('tui')
    .description('interactive what-ifs in the terminal: change knobs, inject faults, re-run, replay a fault')
    .argument('[file]', 'scenario YAML file (default: pick one from the bundled scenarios and this folder)')
    .option('--replications <n>', `replications per run, 1 to ${MAX_REPLICATIONS} (default: the scenario's run.replications)`, intInRange(1, MAX_REPLICATIONS))
    .option('--report-dir <dir>', 'where "e" (export) writes report folders', 'reports')
    .option('--no-worker', 'simulate in the UI thread (the UI freezes while a run lasts)')
    .addHelpText(
      'after',
      `
Examples:
  fleetsim tui scenarios/default.yaml
  fleetsim tui scenarios/default.yaml --replications 3
  fleetsim tui            # pick a scenario

Keys: ? help, 1-6 panels, j/k/arrows move, h/l change, r re-run, c cancel, e export, q quit.
Colour follows NO_COLOR (https://no-color.org).
`,
    )
    .action(async (file: string | undefined, opts: TuiCliOptions) => {
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
        const loaded = loadForTui(file);
        if (typeof loaded === 'string') throw new UserError(loaded);
        scenario = loaded;
      }
      await startTui({ scenario, reportDir: opts.reportDir, worker: opts.worker, ...(opts.replications !== undefined ? { replications: opts.replications } : {}) });
    });
}
