import type { V1ConfigMap, V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';

/**
 * Manifests that run a scenario's shards on a Kubernetes cluster: the scenario in a ConfigMap, a
 * shared volume for the shard files, an Indexed Job whose pod k runs `--shard k/N` (Kubernetes sets
 * JOB_COMPLETION_INDEX), and a merge Job that waits for all N files, then merges them into a report
 * on the same volume. Shard files are written under a temporary name and renamed, so the merge
 * never reads half a file.
 */
export interface K8sJobOptions {
  /** Scenario file name (no folder) and its text. */
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly shards: number;
  readonly image: string;
  readonly name: string;
  readonly namespace?: string;
  /** How to invoke fleetsim in the image, e.g. ["fleetsim"] or ["node", "/app/dist/src/cli/main.js"]. */
  readonly command: readonly string[];
  /** Extra arguments for every shard's `fleetsim run`, e.g. ["--replications", "100"]. */
  readonly runArgs: readonly string[];
  readonly workersPerPod: number;
  readonly cpu: string;
  readonly memory: string;
  readonly storage: string;
  readonly storageClass?: string;
  readonly deadlineS: number;
}

const RESULTS = '/results';
const SCENARIO_DIR = '/scenario';

/** POSIX shell single-quoting: the argument reaches fleetsim exactly as given. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface K8sManifests {
  readonly configMap: V1ConfigMap;
  readonly volumeClaim: V1PersistentVolumeClaim;
  readonly shardJob: V1Job;
  readonly mergeJob: V1Job;
}

export function k8sJobManifests(o: K8sJobOptions): K8sManifests {
  if (!Number.isInteger(o.shards) || o.shards < 1) throw new RangeError(`shards must be a positive integer, got ${o.shards}`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.name) || o.name.length > 52) {
    throw new RangeError(`"${o.name}" is not a valid name: lower-case letters, digits and "-", at most 52 characters (suffixes are added)`);
  }
  const labels = { 'app.kubernetes.io/name': 'fleetsim', 'app.kubernetes.io/instance': o.name };
  const meta = (suffix: string) => ({ name: `${o.name}${suffix}`, labels, ...(o.namespace ? { namespace: o.namespace } : {}) });
  const fleetsim = o.command.map(shellQuote).join(' ');
  const volumes = [
    { name: 'scenario', configMap: { name: `${o.name}-scenario` } },
    { name: 'results', persistentVolumeClaim: { claimName: `${o.name}-results` } },
  ];
  const mounts = [
    { name: 'scenario', mountPath: SCENARIO_DIR, readOnly: true },
    { name: 'results', mountPath: RESULTS },
  ];
  const resources = { requests: { cpu: o.cpu, memory: o.memory }, limits: { memory: o.memory } };
  const scenarioPath = `${SCENARIO_DIR}/${o.scenarioFile}`;

  const shardScript = [
    'set -eu',
    `out=${RESULTS}/shard-$JOB_COMPLETION_INDEX.json`,
    `${fleetsim} run ${shellQuote(scenarioPath)} --shard "$JOB_COMPLETION_INDEX/${o.shards}" --output json --workers ${o.workersPerPod} ${o.runArgs.map(shellQuote).join(' ')} > "$out.tmp"`.replace(/ +>/, ' >'),
    'mv "$out.tmp" "$out"',
  ].join('\n');
  const mergeScript = [
    'set -eu',
    `until [ "$(ls ${RESULTS}/shard-*.json 2>/dev/null | wc -l)" -ge ${o.shards} ]; do sleep 10; done`,
    `${fleetsim} merge ${RESULTS}/shard-*.json --report-dir ${RESULTS}/reports --output md`,
  ].join('\n');

  const shardJob: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('-shards'),
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.shards,
      backoffLimit: 2 * o.shards,
      activeDeadlineSeconds: o.deadlineS,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'shard' } },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'fleetsim', image: o.image, command: ['/bin/sh', '-c', shardScript], env: [{ name: 'CI', value: 'true' }], resources, volumeMounts: mounts }],
          volumes,
        },
      },
    },
  };
  const mergeJob: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('-merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 2,
      activeDeadlineSeconds: o.deadlineS,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'merge' } },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'merge', image: o.image, command: ['/bin/sh', '-c', mergeScript], env: [{ name: 'CI', value: 'true' }], resources: { requests: { cpu: '250m', memory: o.memory }, limits: { memory: o.memory } }, volumeMounts: mounts }],
          volumes,
        },
      },
    },
  };
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('-scenario'), data: { [o.scenarioFile]: o.scenarioText } },
    volumeClaim: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('-results'),
      // Shard pods may land on different nodes: the volume must be writable from all of them.
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: o.storage } }, ...(o.storageClass ? { storageClassName: o.storageClass } : {}) },
    },
    shardJob,
    mergeJob,
  };
}

/** In apply order. */
export function manifestList(m: K8sManifests): readonly object[] {
  return [m.configMap, m.volumeClaim, m.shardJob, m.mergeJob];
}
