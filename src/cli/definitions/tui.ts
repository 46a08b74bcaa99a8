import type { Command } from 'commander';
import { MAX_REPLICATIONS, intInRange } from '../options.js';
import { lazy } from './lazy.js';

export function registerTui(program: Command): void {
  program
    .command('tui')
    .description('interactive what-ifs in the terminal: change knobs, inject faults, re-run, replay a fault')
    .argument('[file]', 'scenario YAML file or a bundled scenario\'s name, e.g. default (default: pick one from the bundled scenarios and this folder)')
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
    .action(lazy(async () => (await import('../commands/tui.js')).tuiAction));
}
