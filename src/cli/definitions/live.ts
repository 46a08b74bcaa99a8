import type { Command } from 'commander';
import { parseIntOption } from '../options.js';
import { formatHelp, outputFormat } from '../outputFormat.js';
import { lazy } from './lazy.js';

export function registerLive(program: Command): void {
  const live = program.command('live').description('real Kubernetes control planes on 127.0.0.1 without Docker, to point fleetsim import kube, kubectl or a multi-cluster controller at');
  live
    .command('up')
    .description(
      'start member clusters (each: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK nodes in its own region\'s zones and a Deployment), write one kubeconfig with a context per member, and keep them running until Ctrl-C (or --for)',
    )
    .option('--members <n>', 'member clusters', parseIntOption, 3)
    .option('--nodes <n>', 'KWOK nodes per member', parseIntOption, 3)
    .option('--zones <n>', 'zones per member', parseIntOption, 3)
    .option('--replicas <n>', 'replicas of a Deployment "web" in each member (0: none)', parseIntOption, 6)
    .option('--for <duration>', 'stop after this long (default: run until Ctrl-C)')
    .option('--kube-bin <dir>', 'folder with the built programs (default $FLEETSIM_KUBE_BIN or ~/.cache/fleetsim/kube-bin/<version>)')
    .option('--tmp-dir <dir>', 'parent of the run folders (default: the OS temp dir)')
    .option('-o, --output <format>', formatHelp(['table', 'json']), outputFormat(['table', 'json']), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim live up\n  fleetsim live up --members 2 --nodes 5 --zones 2 --for 10m\n' +
        '  fleetsim import kube --kubeconfig <printed path> --context fleetsim-member-1 --context fleetsim-member-2 --out fleet.yaml\n' +
        '\nThe programs come from scripts/kube/build.sh (docs/live.md). Exit codes: 0 stopped after --for, 130 stopped by Ctrl-C (everything cleaned up either way), 2 bad input or programs missing, 1 failure.\n',
    )
    .action(lazy(async () => (await import('../commands/live.js')).liveUpAction));
}
