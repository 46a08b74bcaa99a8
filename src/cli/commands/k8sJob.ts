import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { LIMITS, formatDuration, loadScenario, parseDuration } from '../../scenario/index.js';
import { K8sJobInputError, MAX_INDEXED_COMPLETIONS, k8sJobManifests, manifestList } from '../../run/k8sJob.js';
import { UserError } from '../exitCodes.js';
import { MAX_REPLICATIONS, intInRange } from '../options.js';

/** A pod with more worker threads than this is a typo; the run in the pod clamps to its cores anyway. */
const MAX_WORKERS_PER_POD = 256;
import { renderErrors } from './check.js';

interface K8sJobCliOptions {
  shards: number;
  image: string;
  name?: string;
  namespace?: string;
  command: string;
  replications?: number;
  seed?: string;
  workersPerPod: number;
  cpu: string;
  memory: string;
  storage: string;
  storageClass?: string;
  deadline: string;
  output: string;
}

export function registerK8sJob(program: Command): void {
  program
    .command('k8s-job')
    .description('print Kubernetes manifests that run the scenario\'s shards as an Indexed Job and merge them into a report')
    .argument('<file>', 'scenario YAML file (shipped to the cluster in a ConfigMap)')
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
    .option('--output <format>', 'yaml (documents separated by ---) or json (a v1 List)', 'yaml')
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
    .action(async (file: string, opts: K8sJobCliOptions) => {
      if (opts.output !== 'yaml' && opts.output !== 'json') throw new UserError(`--output must be yaml or json, got "${opts.output}"`);
      const loaded = loadScenario(file);
      if (!loaded.ok) throw new UserError(renderErrors(loaded.errors).trimEnd());
      const replications = opts.replications ?? loaded.scenario.run.replications;
      if (replications < opts.shards) throw new UserError(`--shards ${opts.shards} is more than the ${replications} replications: some pods would have nothing to do`);
      const deadline = parseDuration(opts.deadline);
      // Wall-clock time, not simulated time: bounded like any duration in a scenario (LIMITS.durationS).
      if (!deadline.ok || !(deadline.value >= 1) || deadline.value > LIMITS.durationS) throw new UserError(`--deadline: expected a duration from 1s to ${formatDuration(LIMITS.durationS)} such as 6h, got "${opts.deadline}"`);
      const name = opts.name ?? `fleetsim-${loaded.scenario.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 52).replace(/-+$/, '');
      const runArgs: string[] = [];
      if (opts.replications !== undefined) runArgs.push('--replications', String(opts.replications));
      if (opts.seed !== undefined) runArgs.push('--seed', opts.seed);
      let manifests;
      try {
        manifests = k8sJobManifests({
          scenarioFile: basename(file),
          scenarioText: readFileSync(file, 'utf8'),
          shards: opts.shards,
          image: opts.image,
          name,
          ...(opts.namespace ? { namespace: opts.namespace } : {}),
          command: opts.command.trim().split(/\s+/),
          runArgs,
          workersPerPod: opts.workersPerPod,
          cpu: opts.cpu,
          memory: opts.memory,
          storage: opts.storage,
          ...(opts.storageClass ? { storageClass: opts.storageClass } : {}),
          deadlineS: Math.ceil(deadline.value),
        });
      } catch (err) {
        if (err instanceof K8sJobInputError) throw new UserError(err.flag ? `${err.flag}: ${err.message}` : err.message);
        throw err;
      }
      const objects = manifestList(manifests);
      // Loaded here, not at start-up: the Kubernetes client is large and only this command needs it.
      const { validateManifest } = await import('../../run/k8sValidate.js');
      for (const o of objects) {
        const problems = validateManifest(o);
        if (problems.length > 0) throw new Error(`generated manifest fails validation: ${problems.join('; ')}`);
      }
      if (opts.output === 'json') process.stdout.write(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2) + '\n');
      else process.stdout.write(objects.map((o) => toYaml(o, { lineWidth: 0 })).join('---\n'));
    });
}
