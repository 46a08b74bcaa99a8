import { quantityValue } from './snapshot.js';
import type { Obj, Workload } from './manifestWorkloads.js';

/**
 * What a service's manifests say about its size, and what fleetsim assumes where they say nothing.
 * Requests decide scheduling; a container with only a limit gets a request equal to it (as the API
 * server defaults it), so limits stand in for missing requests.
 */
export interface PodSize {
  cpuMillicores: number | undefined;
  memoryBytes: number | undefined;
  /** Which containers' figures came from limits. */
  fromLimits: string[];
}

export function podSize(containers: readonly Obj[]): PodSize {
  let cpu: number | undefined;
  let mem: number | undefined;
  const fromLimits: string[] = [];
  for (const c of containers) {
    const req = (c?.resources?.requests ?? {}) as Obj;
    const lim = (c?.resources?.limits ?? {}) as Obj;
    // A quantity is a string or a number; anything else in the file counts as absent.
    const q = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? quantityValue(v) : Number.NaN);
    const pick = (k: 'cpu' | 'memory') => {
      const r = q(req[k]);
      if (!Number.isNaN(r) && r >= 0) return r;
      const l = q(lim[k]);
      if (!Number.isNaN(l) && l >= 0) fromLimits.push(`${String(c.name ?? '?')} ${k}`);
      return l >= 0 ? l : Number.NaN;
    };
    const cv = pick('cpu');
    const mv = pick('memory');
    if (!Number.isNaN(cv)) cpu = (cpu ?? 0) + cv * 1000;
    if (!Number.isNaN(mv)) mem = (mem ?? 0) + mv;
  }
  return { cpuMillicores: cpu === undefined ? undefined : Math.ceil(cpu - 1e-9), memoryBytes: mem === undefined ? undefined : Math.ceil(mem), fromLimits };
}

/**
 * Requests a pod serves at once per requested core. The scenario's HPA reads "all slots busy" as
 * "the CPU request used" (docs/autoscaling.md), so slots per core is the number of requests in flight
 * that keep one core busy: typical RPC services spend most of a request waiting (network, downstream,
 * I/O), about 1/16 of a core each.
 */
export const SLOTS_PER_CORE = 16;
const MAX_SLOTS = 1024;

export function concurrencyFor(cpuMillicores: number | undefined): number {
  if (cpuMillicores === undefined) return 1;
  return Math.min(MAX_SLOTS, Math.max(1, Math.round((cpuMillicores / 1000) * SLOTS_PER_CORE)));
}

/** Images of datastores and brokers: fast per request, no downstream calls. */
const DATASTORE_IMAGE = /(^|[/:])(redis|valkey|keydb|memcached|postgres|postgresql|mysql|mariadb|mongo|mongodb|cassandra|scylla|etcd|elasticsearch|opensearch|rabbitmq|kafka|nats|spanner-emulator|cockroach)([:@/-]|$)/i;

export type ServiceRole = 'datastore' | 'caller' | 'leaf';

export function roleOf(w: Workload, callsOthers: boolean): ServiceRole {
  if (w.containers.some((c) => DATASTORE_IMAGE.test(String(c.image ?? '')))) return 'datastore';
  return callsOthers ? 'caller' : 'leaf';
}

/** Own work per request (downstream calls excluded) by role: assumptions, stated in the notes. */
export const SERVICE_TIME_BY_ROLE: Record<ServiceRole, Record<string, unknown>> = {
  datastore: { lognormal: { median: '1ms', p99: '8ms' } },
  caller: { lognormal: { median: '5ms', p99: '40ms' } },
  leaf: { lognormal: { median: '3ms', p99: '25ms' } },
};
