import { basename } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { LIMITS, formatDuration, parseDuration, parseScenario } from '../../scenario/index.js';
import { resolveScenarioArg } from '../scenarioSource.js';
import { K8sJobInputError, k8sJobManifests, manifestList } from '../../run/k8sJob.js';
import { UserError } from '../exitCodes.js';
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

/** `fleetsim k8s-job FILE`: the manifests of an Indexed Job that runs the shards, and of the merge Job. */
export async function k8sJobAction(file: string, opts: K8sJobCliOptions) {
  if (opts.output !== 'yaml' && opts.output !== 'json') throw new UserError(`--output must be yaml or json, got "${opts.output}"`);
  const source = resolveScenarioArg(file);
  const loaded = parseScenario(source.text, source.name);
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
      // A ConfigMap key is a file name: standard input becomes scenario.yaml.
      scenarioFile: source.path !== undefined ? basename(source.path) : 'scenario.yaml',
      scenarioText: source.text,
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
}
