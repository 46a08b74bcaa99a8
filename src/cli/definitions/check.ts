import type { Command } from 'commander';
import type { CheckOptions } from '../commands/check.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate a scenario file and summarize it (exit code 2 on errors)')
    .argument('<file>', 'scenario YAML file, a bundled scenario\'s name (default), or - for standard input')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .option('--strict', 'treat warnings (overload, unreachable callees, single pods, faults past the horizon) as errors: exit code 2')
    .addHelpText('after', '\nExamples:\n  fleetsim check scenarios/default.yaml\n  fleetsim check my.yaml --strict\n  fleetsim check my.yaml -o json | jq .errors\n  helm template … | fleetsim import manifests - --clusters a,b | fleetsim check -\n')
    .action(
      lazy(async () => {
        const check = await import('../commands/check.js');
        // The placement and data-flow sections need the fleet model: loaded once the file is valid.
        const installReports = async () => {
          const [{ renderPlacement }, { designDataFlows }, { checkWarnings }] = await Promise.all([import('../placementReport.js'), import('../dataFlowReport.js'), import('../scenarioWarningsReport.js')]);
          check.setPlacementReport(renderPlacement);
          check.setDataFlowReport(designDataFlows);
          check.setScenarioWarnings(checkWarnings);
        };
        return (file: string, opts: CheckOptions) => check.checkAction(file, opts, installReports);
      }),
    );
}
