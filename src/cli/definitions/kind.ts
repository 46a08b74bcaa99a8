import type { Command } from 'commander';
import { parseIntOption } from '../options.js';
import { lazy } from './lazy.js';

export function registerKind(program: Command): void {
  const kind = program.command('kind').description('kind clusters shaped like a scenario, for `fleetsim validate kube`');
  kind
    .command('config')
    .argument('<scenario>', 'scenario file')
    .description('write one kind cluster config per simulated cluster (workers labelled with zones) and print the commands to create them')
    .option('-d, --dir <dir>', 'output folder', 'kind')
    .option('--max-workers <n>', 'workers per kind cluster at most (each is a container)', parseIntOption, 3)
    .option('--prefix <prefix>', 'kind cluster name prefix', 'fleetsim-')
    .option('--image <image>', 'kindest/node image, e.g. kindest/node:v1.31.4')
    .option('--force', 'overwrite existing files', false)
    .action(lazy(async () => (await import('../commands/kind.js')).kindConfigAction));
}
