import type { Command } from 'commander';
import { lazy } from './lazy.js';
import { refuseShortOutput } from '../outputFormat.js';

export function registerImport(program: Command): void {
  const imp = program.command('import').description('write scenarios from real clusters or manifests');

  const kube = imp
    .command('kube')
    .description('read nodes, Deployments and StatefulSets from clusters (kubeconfig contexts) and write a scenario')
    .requiredOption('--context <name>', 'kubeconfig context, one per cluster (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--name <name>', 'scenario name', 'imported')
    .option('--include-system', 'also import kube-system and other system namespaces', false)
    .option('--service-time <duration>', 'service time written for every service (the API does not know it)', '5ms')
    .option('--unknown-rtt <duration>', 'RTT between regions of unknown location (e.g. kind clusters)', '1ms')
    .option('--request-timeout <duration>', 'give up on one API request after', '10s')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite the output file', false)
    .addHelpText('after', '\nExample:\n  fleetsim import kube --context prod-us --context prod-eu --out fleet.yaml && fleetsim check fleet.yaml\n')
    .action(lazy(async () => (await import('../commands/import.js')).importKubeAction));
  refuseShortOutput(kube);

  const manifests = imp
    .command('manifests')
    .argument('<inputs...>', 'files, folders (their .yaml/.yml, recursively) or - for stdin: Deployments, StatefulSets, Services, ConfigMaps, HPAs, PDBs, Ingresses, Karmada policies; plain, List, Helm-rendered or kustomize output')
    .description('read Kubernetes and Karmada manifests into a workload (call graph from Service names in env vars and flags) and designs; with --clusters or --base, a runnable scenario')
    .option('--clusters <names>', 'write a runnable scenario over these clusters (comma-separated), with a replicated and a segmented design')
    .option('--regions <names>', 'with --clusters: one region for all clusters, or one per cluster in order', 'us-east-1')
    .option('--zones <names>', 'with --clusters: the zones the clusters use (default: all of their region)')
    .option('--instance-type <type>', "with --clusters: the nodes' machine (default: the provider's smallest general-purpose machine the largest pod fits, e.g. m6i.xlarge)")
    .option('--rate <rate>', 'with --clusters: requests per second from the users near each region', '50/s')
    .option('--name <name>', 'with --clusters: scenario name (default: the first input)')
    .option('--base <scenario>', 'a scenario whose fleet, users, faults and run settings to keep; its workload and designs are replaced (designs over its clusters when no Karmada policy gives any)')
    .option('--service-time <duration>', 'one service time for every service (default: by role, see docs/live.md)')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite the output file', false)
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim import manifests k8s/ --clusters eu-1,us-1 --regions eu-west-1,us-east-1 --out shop.yaml && fleetsim run shop.yaml\n  helm template shop ./chart | fleetsim import manifests - --clusters a,b\n  fleetsim import manifests deploy/ --base fleet.yaml --out shop.yaml\n',
    )
    .action(lazy(async () => (await import('../commands/import.js')).importManifestsAction));
  refuseShortOutput(manifests);
}
