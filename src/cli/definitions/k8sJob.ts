import type { Command } from 'commander';
import { MAX_INDEXED_COMPLETIONS } from '../../run/k8sJob.js';
import { MAX_REPLICATIONS, intInRange } from '../options.js';
import { lazy } from './lazy.js';
import { outputFormat } from '../outputFormat.js';

/** A pod with more worker threads than this is a typo; the run in the pod clamps to its cores anyway. */
const MAX_WORKERS_PER_POD = 256;

export function registerK8sJob(program: Command): void {
  program
    .command('k8s-job')
    .description('print Kubernetes manifests that run the scenario\'s shards as an Indexed Job and merge them into a report')
    .argument('<file>', 'scenario YAML file, a bundled scenario\'s name, or - for standard input (shipped to the cluster in a ConfigMap)')
    .requiredOption('--shards <n>', `number of shards (pods), 1 to ${MAX_INDEXED_COMPLETIONS}`, intInRange(1, MAX_INDEXED_COMPLETIONS))
    .requiredOption('--image <image>', 'container image with fleetsim installed')
    .option('--name <name>', 'name prefix of the objects (default: fleetsim-<scenario name>)')
    .option('--namespace <ns>', 'namespace of the objects (default: none, i.e. kubectl\'s current one)')
    .option('--command <cmd>', 'how to invoke fleetsim in the image', 'fleetsim')
    .option('--replications <n>', `replications of the whole run, 1 to ${MAX_REPLICATIONS} (default: the scenario's)`, intInRange(1, MAX_REPLICATIONS))
    .option('--seed <seed>', 'random seed (default: the scenario\'s)')
    .option('--workers-per-pod <n>', 'worker threads in each shard pod', intInRange(1, MAX_WORKERS_PER_POD), 1)
    .option('--cpu <quantity>', 'CPU request per shard pod', '1')
    .option('--memory <quantity>', 'memory request and limit per pod', '1Gi')
    .option('--storage <quantity>', 'size of the shared results volume (ReadWriteMany)', '1Gi')
    .option('--storage-class <name>', 'storage class of the results volume (must support ReadWriteMany)')
    .option('--deadline <duration>', 'activeDeadlineSeconds of both Jobs', '6h')
    .option('-o, --output <format>', 'yaml (documents separated by ---) or json (a v1 List)', outputFormat(['yaml', 'json']), 'yaml')
    .addHelpText(
      'after',
      `
Examples:
  fleetsim k8s-job scenarios/default.yaml --shards 10 --image ghcr.io/acme/fleetsim:0.1.0 | kubectl apply -f -
  fleetsim k8s-job big.yaml --shards 20 --replications 400 --image registry/fleetsim:0.1.0 --storage-class efs-sc
  kubectl logs job/fleetsim-two-regions-merge   # the summary; the report is on the volume under /results/reports

The shard pods run: fleetsim run /scenario/FILE --shard $JOB_COMPLETION_INDEX/N --output json > /results/shard-$JOB_COMPLETION_INDEX.json
The merge Job waits for all N files, then runs: fleetsim merge /results/shard-*.json --report-dir /results/reports --output md
`,
    )
    .action(lazy(async () => (await import('../commands/k8sJob.js')).k8sJobAction));
}
