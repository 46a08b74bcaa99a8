import type { Command } from 'commander';
import { lazy } from './lazy.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate a scenario file and summarize it (exit code 2 on errors)')
    .argument('<file>', 'scenario YAML file')
    .option('--output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  fleetsim check scenarios/default.yaml\n  fleetsim check my.yaml --output json | jq .errors\n')
    .action(
      lazy(async () => {
        // The placement and data-flow sections need the fleet model: installed here, where check runs.
        const [check, { renderPlacement }, { designDataFlows }] = await Promise.all([import('../commands/check.js'), import('../placementReport.js'), import('../dataFlowReport.js')]);
        check.setPlacementReport(renderPlacement);
        check.setDataFlowReport(designDataFlows);
        return check.checkAction;
      }),
    );
}
