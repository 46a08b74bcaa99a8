import type { Command } from 'commander';
import { lazy } from './lazy.js';

export function registerImport(program: Command): void {
  const imp = program.command('import').description('write scenarios from real clusters or manifests');

  imp
    .command('kube')
    .description('read nodes, Deployments and StatefulSets from clusters (kubeconfig contexts) and write a scenario')
    .requiredOption('--context <name>', 'kubeconfig context, one per cluster (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--name <name>', 'scenario name', 'imported')
    .option('--include-system', 'also import kube-system and other system namespaces', false)
    .option('--service-time <duration>', 'service time written for every service (the API does not know it)', '5ms')
    .option('--unknown-rtt <duration>', 'RTT between regions of unknown location (e.g. kind clusters)', '1ms')
    .option('--request-timeout <duration>', 'give up on one API request after', '10s')
    .option('-o, --out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite the output file', false)
    .addHelpText('after', '\nExample:\n  fleetsim import kube --context prod-us --context prod-eu -o fleet.yaml && fleetsim check fleet.yaml\n')
    .action(lazy(async () => (await import('../commands/import.js')).importKubeAction));

  imp
    .command('manifests')
    .argument('<dir>', 'folder of YAML: Deployments, StatefulSets, Services, Karmada PropagationPolicy/OverridePolicy; one design per sub-folder of policies')
    .description('read Kubernetes and Karmada manifests into a workload and designs (merged into --base for a complete scenario)')
    .option('--base <scenario>', 'a scenario whose fleet, users, faults and run settings to keep; its workload and designs are replaced')
    .option('--service-time <duration>', 'service time written for every service (manifests do not say)', '5ms')
    .option('-o, --out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite the output file', false)
    .addHelpText('after', '\nExample:\n  fleetsim import manifests deploy/ --base fleet.yaml -o shop.yaml && fleetsim run shop.yaml\n')
    .action(lazy(async () => (await import('../commands/import.js')).importManifestsAction));
}
