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

/**
 * The image's user: "node" in the node base image is uid and gid 1000 (the Dockerfile's USER node).
 * Named here as numbers because runAsNonRoot can only be verified by the kubelet for a numeric user.
 */
export const IMAGE_UID = 1000;
export const IMAGE_GID = 1000;

/**
 * Every pod runs as the image's non-root user. fsGroup makes the kubelet give the results volume
 * to that group (group-writable, setgid), so a freshly provisioned volume that only root could
 * write is writable by the shards and the merge; runAsNonRoot makes the kubelet refuse to start
 * an image that would run as root after all.
 */
export const POD_SECURITY_CONTEXT = { runAsNonRoot: true, runAsUser: IMAGE_UID, runAsGroup: IMAGE_GID, fsGroup: IMAGE_GID } as const;

/** Options Kubernetes would refuse (or a cluster could not run); `flag` names the CLI option when one is to blame. */
export class K8sJobInputError extends RangeError {
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
    this.name = 'K8sJobInputError';
  }
}

/**
 * The API server refuses a ConfigMap whose keys and values together exceed 1 MiB (the same bound
 * as a Secret's, so that objects fit in etcd's request limit): `kubectl apply` would fail after the
 * manifests looked fine, so fleetsim refuses first.
 */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;
/** A ConfigMap key: letters, digits, "-", "_", "."; at most 253 characters; not "." or "..", nor starting with "..". */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIGMAP_KEY_MAX = 253;

/**
 * A valid ConfigMap key (and file name under /scenario) for a scenario file name: other characters
 * become "-", the name is shortened from the middle of its stem to keep the extension, and "." / ".."
 * prefixes get "scenario". The pods read the file under this name, so the two always agree.
 */
export function configMapKey(fileName: string): string {
  let key = fileName.replace(/[^-._a-zA-Z0-9]+/g, '-');
  if (key.startsWith('..') || key === '.' || key === '') key = `scenario${key === '.' ? '' : key}`;
  if (key.length > CONFIGMAP_KEY_MAX) {
    const dot = key.lastIndexOf('.');
    const ext = dot > 0 && key.length - dot <= 16 ? key.slice(dot) : '';
    key = key.slice(0, CONFIGMAP_KEY_MAX - ext.length) + ext;
  }
  return key;
}

/** True when Kubernetes accepts `key` as a ConfigMap key. */
export function isConfigMapKey(key: string): boolean {
  return key.length <= CONFIGMAP_KEY_MAX && CONFIGMAP_KEY.test(key) && key !== '.' && key !== '..' && !key.startsWith('..');
}

/** A resource quantity as Kubernetes parses it ("500m", "2", "1Gi", "1e3"), not negative. */
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?\d+)?$/;
/** A DNS-1123 label (namespace) and subdomain (storage class). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kubernetes refuses an Indexed Job with more completions than this. */
export const MAX_INDEXED_COMPLETIONS = 100_000;

function checkOptions(o: K8sJobOptions): void {
  if (!Number.isInteger(o.shards) || o.shards < 1 || o.shards > MAX_INDEXED_COMPLETIONS) {
    throw new K8sJobInputError(`shards must be an integer from 1 to ${MAX_INDEXED_COMPLETIONS} (the Indexed Job limit), got ${o.shards}`, '--shards');
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.name) || o.name.length > 52) {
    throw new K8sJobInputError(`"${o.name}" is not a valid name: lower-case letters, digits and "-", at most 52 characters (suffixes are added)`, '--name');
  }
  if (o.namespace !== undefined && (!DNS_LABEL.test(o.namespace) || o.namespace.length > 63)) {
    throw new K8sJobInputError(`"${o.namespace}" is not a valid namespace: lower-case letters, digits and "-", at most 63 characters`, '--namespace');
  }
  if (o.storageClass !== undefined && (!DNS_SUBDOMAIN.test(o.storageClass) || o.storageClass.length > 253)) {
    throw new K8sJobInputError(`"${o.storageClass}" is not a valid storage class name`, '--storage-class');
  }
  // An image reference is printable ASCII without spaces (registry/name:tag@digest); the registry checks the rest.
  if (!/^[\x21-\x7e]+$/.test(o.image)) throw new K8sJobInputError(`"${o.image}" is not an image reference`, '--image');
  if (o.command.length === 0 || o.command.every((c) => c === '')) throw new K8sJobInputError('the command is empty', '--command');
  for (const [flag, q] of [['--cpu', o.cpu], ['--memory', o.memory], ['--storage', o.storage]] as const) {
    if (!QUANTITY.test(q)) throw new K8sJobInputError(`"${q}" is not a Kubernetes quantity such as 500m, 2, 512Mi or 1Gi`, flag);
  }
  const keyBytes = Buffer.byteLength(configMapKey(o.scenarioFile), 'utf8');
  const size = keyBytes + Buffer.byteLength(o.scenarioText, 'utf8');
  if (size > CONFIGMAP_MAX_BYTES) {
    throw new K8sJobInputError(
      `the scenario ${o.scenarioFile} is ${size} bytes (${(size / CONFIGMAP_MAX_BYTES).toFixed(2)} MiB) with its key, over the ${CONFIGMAP_MAX_BYTES}-byte (1 MiB) limit of a Kubernetes ConfigMap; ` +
        'shorten it (comments, repeated blocks via YAML anchors) or bake it into the image',
    );
  }
}

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

/**
 * Throws K8sJobInputError (a RangeError) for options the cluster would refuse.
 * Long because it is four Kubernetes objects written out as literals, read side by side with the
 * YAML they become; the shared parts (labels, volumes, mounts, resources) are already named above them.
 */
export function k8sJobManifests(o: K8sJobOptions): K8sManifests {
  checkOptions(o);
  const key = configMapKey(o.scenarioFile);
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
  const scenarioPath = `${SCENARIO_DIR}/${key}`;

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
          securityContext: { ...POD_SECURITY_CONTEXT },
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
          securityContext: { ...POD_SECURITY_CONTEXT },
          containers: [{ name: 'merge', image: o.image, command: ['/bin/sh', '-c', mergeScript], env: [{ name: 'CI', value: 'true' }], resources: { requests: { cpu: '250m', memory: o.memory }, limits: { memory: o.memory } }, volumeMounts: mounts }],
          volumes,
        },
      },
    },
  };
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('-scenario'), data: { [key]: o.scenarioText } },
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
