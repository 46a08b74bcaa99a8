import * as z from 'zod';
import { lognormalSpec } from './defaults.js';
import type { DistributionSpec } from './distributionSpec.js';
import { LIMITS } from './limits.js';
import { bytes, distribution, duration, list, name, num, percent } from './schemaPrimitives.js';
import type {
  CacheSpec,
  DatastoreFailoverSpec,
  DatastoreKind,
  DatastoreMemberSpec,
  DatastorePlacementSpec,
  DatastoreSpec,
  FencingPolicy,
  MemberRole,
  ReadPolicy,
  ReplicationMode,
  StatefulSetSpec,
  StoreUseSpec,
} from './specs/datastores.js';
export type {
  CacheSpec,
  DatastoreFailoverSpec,
  DatastoreKind,
  DatastoreMemberSpec,
  DatastorePlacementSpec,
  DatastoreSpec,
  FencingPolicy,
  MemberFailureSpec,
  MemberRole,
  ReadPolicy,
  ReplicationMode,
  StatefulSetSpec,
  StoreUseSpec,
} from './specs/datastores.js';

/**
 * The state section (issue 17, docs/state.md; field reference docs/state-fields.md):
 * workload.datastores (stores described by behaviour: kind, replication, commit and read times,
 * failover), workload.services[].stores (what one request reads and writes), workload.services[].statefulSet
 * (a service that owns volumes) and designs[].datastores (where each design puts each store's members).
 * Binding semantics: /work/notes/issue17-semantics.md. Cross-references: crossRefs/datastores.ts.
 */

export const DATASTORE_KINDS = ['primaryReplica', 'quorum', 'cache'] as const satisfies readonly DatastoreKind[];
export const REPLICATION_MODES = ['async', 'semiSync', 'sync'] as const satisfies readonly ReplicationMode[];
export const MEMBER_ROLES = ['primary', 'syncStandby', 'replica'] as const satisfies readonly MemberRole[];
export const READ_POLICIES = ['primary', 'nearest'] as const satisfies readonly ReadPolicy[];
export const FENCING_POLICIES = ['quorum', 'none'] as const satisfies readonly FencingPolicy[];

/** primaryReplica without `replication`: async, PostgreSQL's and MySQL's default (synchronous_standby_names empty). */
export const DEFAULT_REPLICATION: ReplicationMode = 'async';
/** Assumption: one write ships a row, an index entry and a WAL record header, about 2 KiB. */
export const DEFAULT_WRITE_BYTES = 2048;
/** Assumption: a read returns a row or a small document, about 4 KiB. */
export const DEFAULT_READ_BYTES = 4096;
/** Assumption: a local durable commit on NVMe or EBS gp3 (engine + fsync): median 1 ms, p99 8 ms. */
export const DEFAULT_COMMIT_TIME: DistributionSpec = lognormalSpec(0.001, 0.008);
/** Assumption: a local read mostly from the buffer cache: median 0.5 ms, p99 5 ms. */
export const DEFAULT_READ_TIME: DistributionSpec = lognormalSpec(0.0005, 0.005);
/** MySQL rpl_semi_sync_source_timeout default: 10000 ms (docs/references.md). */
export const DEFAULT_SEMI_SYNC_TIMEOUT_S = 10;
/** Patroni ttl 30 s: the leader lock expires, then the failover starts (docs/references.md). */
export const DEFAULT_DETECTION_S = 30;
/** Quorum stores: etcd's election timeout, 1000 ms (docs/references.md, "etcd"). */
export const DEFAULT_QUORUM_DETECTION_S = 1;
/** Assumption: Patroni promotes a replica within one loop_wait (10 s). */
export const DEFAULT_PROMOTION_S = 10;
/** Quorum stores: the elected leader serves at once (the election is the detection). */
export const DEFAULT_QUORUM_PROMOTION_S = 0;
/** Assumption: connection pools notice the broken connection and reconnect to the new primary within ~5 s. */
export const DEFAULT_RECONNECT_S = 5;
/** Assumption: a manual failover waits for an on-call DBA to be paged and decide: median 30 min, p99 4 h. */
export const DEFAULT_MANUAL_DELAY: DistributionSpec = lognormalSpec(1800, 4 * 3600);
/** Patroni's default: a primary that cannot renew its leader lock in the DCS demotes itself (docs/references.md). */
export const DEFAULT_FENCING: FencingPolicy = 'quorum';
/** Assumption: a lost cache refills with a time constant of 10 min (the semantics' example). */
export const DEFAULT_CACHE_WARMUP_S = 600;
/** Reads go to the primary (or quorum leader) unless a design says nearest: always fresh. */
export const DEFAULT_READ_POLICY: ReadPolicy = 'primary';
/** A member without `role`: a replica (a quorum voter). */
export const DEFAULT_MEMBER_ROLE: MemberRole = 'replica';
/** Assumption: a block volume attaches to its new node in about 30 s (EBS attach takes seconds to a minute). */
export const DEFAULT_VOLUME_ATTACH_S = 30;
/** EBS volumes and zonal Persistent Disks attach only in their own zone (docs/references.md). */
export const DEFAULT_ZONAL_VOLUMES = true;
/**
 * Kubernetes' attach-detach controller force-detaches a volume from an unhealthy node after
 * maxWaitForUnmountDuration = 6 min, at once when the node is tainted out-of-service (docs/references.md).
 * Not a scenario field: a Kubernetes constant the StatefulSet runtime needs.
 */
export const FORCE_DETACH_S = 360;

// ---------------------------------------------------------------------------------------------

const failoverSchema = z
  .strictObject({
    mode: z.enum(['automatic', 'manual']).optional().meta({ description: 'automatic (default): a failover manager (Patroni, RDS) promotes a replica; manual: an operator promotes after manualDelay.' }),
    detection: duration(`From the primary's loss until it is declared failed; default ${DEFAULT_DETECTION_S}s (Patroni ttl), quorum stores ${DEFAULT_QUORUM_DETECTION_S}s (etcd election timeout).`).optional(),
    promotion: duration(`From the decision until the new primary accepts writes; default ${DEFAULT_PROMOTION_S}s (assumption: one Patroni loop_wait), quorum stores ${DEFAULT_QUORUM_PROMOTION_S}.`).optional(),
    reconnect: duration(`From the promotion until clients write to the new primary (connection pools, the endpoint's DNS); default ${DEFAULT_RECONNECT_S}s (assumption).`).optional(),
    manualDelay: distribution('manual only: from detection until an operator promotes; default lognormal median 30m, p99 4h (assumption: page an on-call DBA).').optional(),
    fencing: z.enum(FENCING_POLICIES).optional().meta({ description: 'quorum (default): a primary that cannot reach a majority of the voters (members and witness) stops taking writes; none: nothing fences it, so a partition can leave two primaries (split brain).' }),
  })
  .meta({ title: 'DatastoreFailover' });

export const datastoreSchema = z
  .strictObject({
    name: name('Datastore name, unique.'),
    description: z.string().optional(),
    kind: z.enum(DATASTORE_KINDS).meta({ description: 'primaryReplica: one writer and replicas fed by its log (PostgreSQL, MySQL); quorum: every write commits on a majority (etcd, CockroachDB, Spanner); cache: a cache in front of a backing store, lost with its member (Redis as a cache).' }),
    replication: z
      .enum(REPLICATION_MODES)
      .optional()
      .meta({ description: 'primaryReplica only: async (default: commit after the local flush), semiSync (wait for one standby, async after semiSyncTimeout: MySQL), sync (wait for every syncStandby member: PostgreSQL synchronous_commit on).' }),
    dataClass: name('A workload.dataClasses name: the data the store holds (residency of its members and data flows).').optional(),
    writeBytes: bytes('Log (WAL) bytes one write ships to each replica; default 2KiB (assumption: a row, an index entry, a WAL header).').optional(),
    readBytes: bytes('Bytes one read returns to its client; default 4KiB (assumption).').optional(),
    commitTime: distribution("A member's local durable commit (engine + fsync), no network; default lognormal median 1ms, p99 8ms (assumption: NVMe or EBS gp3).").optional(),
    readTime: distribution("A member's local read, no network; default lognormal median 0.5ms, p99 5ms (assumption).").optional(),
    semiSyncTimeout: duration(`semiSync only: without a standby's acknowledgement for this long, commits stop waiting (async); default ${DEFAULT_SEMI_SYNC_TIMEOUT_S}s (MySQL rpl_semi_sync_source_timeout).`).optional(),
    failover: failoverSchema.optional().meta({ description: 'How a lost primary (or quorum leader) is replaced; primaryReplica and quorum.' }),
    memberFailures: z
      .strictObject({ mtbf: distribution("Time between a member's own failures (instance, disk)."), mttr: distribution('Time to repair or replace the member.') })
      .optional()
      .meta({ description: "A member's own failures, independent of the fleet's; absent: members fail only with their zone, region or cluster." }),
    cache: z
      .strictObject({
        hitRatio: percent('Share of reads the warm cache answers, e.g. 90%.'),
        warmup: duration(`Refill time constant after the cache is lost: hit ratio = hitRatio × (1 − e^(−t/warmup)); default ${DEFAULT_CACHE_WARMUP_S / 60}m (assumption).`).optional(),
        backing: name('The store (a workload.datastores name, not a cache) that answers misses.'),
      })
      .optional()
      .meta({ title: 'DatastoreCache', description: 'kind cache only (required there).' }),
    priceUsdPerHour: num(LIMITS.priceUsd).optional().meta({ description: 'What one member costs per hour (a managed instance or a VM); absent: not billed apart (it runs on the nodes).' }),
  })
  .meta({ title: 'Datastore' });

export const datastoresSchema = list(datastoreSchema, LIMITS.smallCount);

export const storeUseSchema = z
  .strictObject({
    store: name('A workload.datastores name.'),
    reads: num(LIMITS.callsPerRequest).optional().meta({ description: 'Mean reads per request; at most 1: the share of requests that read; default 0.' }),
    writes: num(LIMITS.callsPerRequest).optional().meta({ description: 'Mean writes (commits) per request; at most 1: the share of requests that write; default 0 (a cache takes none).' }),
  })
  .meta({ title: 'StoreUse' });

export const storeUsesSchema = list(storeUseSchema, LIMITS.smallCount);

export const statefulSetSchema = z
  .union([
    z.boolean(),
    z
      .strictObject({
        volumeAttach: duration(`Attach time of a pod's volume on its new node; default ${DEFAULT_VOLUME_ATTACH_S}s (assumption: EBS attaches in seconds to a minute).`).optional(),
        zonalVolumes: z.boolean().optional().meta({ description: 'Zonal block volumes (EBS, Persistent Disk): a pod comes back only in its volume\'s zone; default true.' }),
        outOfServiceAfter: duration('An operator or automation taints a NotReady node out-of-service this long after it stopped (then its pods are replaced and volumes detached at once); absent: nobody does.').optional(),
      })
      .meta({ title: 'StatefulSet' }),
  ], { error: 'true (every default), false, or { volumeAttach, zonalVolumes, outOfServiceAfter }' })
  .meta({ description: 'The service runs as a StatefulSet with volumes: a pod on an unreachable node is not replaced until the node is deleted or tainted out-of-service (kubernetes#54368); true: every default. docs/state.md.' });

const memberSchema = z
  .strictObject({
    cluster: name('The cluster (clusters[].name) the member runs next to.'),
    zone: name("A zone of the cluster's region; default: the cluster's zones in turn, member by member.").optional(),
    role: z.enum(MEMBER_ROLES).optional().meta({ description: 'primary: the writer (the initial leader of a quorum store); syncStandby: a synchronous standby (sync, semiSync); replica (default): an asynchronous replica, a quorum voter or a cache.' }),
  })
  .meta({ title: 'DatastoreMember' });

export const placementSchema = z
  .strictObject({
    store: name('A workload.datastores name.'),
    members: list(memberSchema, LIMITS.smallCount).min(1).optional().meta({ description: 'Where the members run; primaryReplica and quorum stores need them.' }),
    perCluster: z.boolean().optional().meta({ description: 'cache only: one member in every cluster that runs a service using it (instead of members); default false.' }),
    reads: z.enum(READ_POLICIES).optional().meta({ description: 'primary (default): reads go to the primary (quorum: the leader); nearest: to the nearest member that is up (stale by its lag).' }),
    witness: name('A topology region holding a tie-breaking voter (an etcd member of the failover manager); absent: none.').optional(),
  })
  .meta({ title: 'DatastorePlacement' });

export const placementsSchema = list(placementSchema, LIMITS.smallCount);

export type RawDatastore = z.output<typeof datastoreSchema>;
export type RawStoreUse = z.output<typeof storeUseSchema>;
export type RawStatefulSet = z.output<typeof statefulSetSchema>;
export type RawPlacement = z.output<typeof placementSchema>;

// ---------------------------------------------------------------------------------------------

export function resolveDatastores(raw: readonly RawDatastore[] | undefined): DatastoreSpec[] {
  return (raw ?? []).map(resolveDatastore);
}

function resolveDatastore(d: RawDatastore): DatastoreSpec {
  const quorum = d.kind === 'quorum';
  const f = d.failover;
  const failover: DatastoreFailoverSpec = {
    mode: f?.mode ?? 'automatic',
    detectionS: f?.detection ?? (quorum ? DEFAULT_QUORUM_DETECTION_S : DEFAULT_DETECTION_S),
    promotionS: f?.promotion ?? (quorum ? DEFAULT_QUORUM_PROMOTION_S : DEFAULT_PROMOTION_S),
    reconnectS: f?.reconnect ?? DEFAULT_RECONNECT_S,
    manualDelay: f?.manualDelay ?? DEFAULT_MANUAL_DELAY,
    fencing: f?.fencing ?? DEFAULT_FENCING,
  };
  const cache: CacheSpec | undefined = d.kind === 'cache' && d.cache !== undefined ? { hitRatio: d.cache.hitRatio, warmupS: d.cache.warmup ?? DEFAULT_CACHE_WARMUP_S, backing: d.cache.backing } : undefined;
  return {
    name: d.name,
    description: d.description ?? '',
    kind: d.kind,
    // A quorum store commits on a majority: synchronous by construction. A cache replicates nothing (async, unused).
    replication: quorum ? 'sync' : d.kind === 'cache' ? 'async' : (d.replication ?? DEFAULT_REPLICATION),
    dataClass: d.dataClass,
    writeBytes: d.writeBytes ?? DEFAULT_WRITE_BYTES,
    readBytes: d.readBytes ?? DEFAULT_READ_BYTES,
    commitTime: d.commitTime ?? DEFAULT_COMMIT_TIME,
    readTime: d.readTime ?? DEFAULT_READ_TIME,
    semiSyncTimeoutS: d.semiSyncTimeout ?? DEFAULT_SEMI_SYNC_TIMEOUT_S,
    failover,
    memberFailures: d.memberFailures !== undefined ? { timeToFailure: d.memberFailures.mtbf, timeToRepair: d.memberFailures.mttr } : undefined,
    cache,
    memberPriceUsdPerHour: d.priceUsdPerHour,
  };
}

export function resolveStoreUses(raw: readonly RawStoreUse[] | undefined): StoreUseSpec[] {
  return (raw ?? []).map((u) => ({ store: u.store, readsPerRequest: u.reads ?? 0, writesPerRequest: u.writes ?? 0 }));
}

/** `true`: every default; `false` or absent: a Deployment. */
export function resolveStatefulSet(raw: RawStatefulSet | undefined): StatefulSetSpec | undefined {
  if (raw === undefined || raw === false) return undefined;
  const o = raw === true ? {} : raw;
  return { volumeAttachS: o.volumeAttach ?? DEFAULT_VOLUME_ATTACH_S, zonalVolumes: o.zonalVolumes ?? DEFAULT_ZONAL_VOLUMES, outOfServiceAfterS: o.outOfServiceAfter };
}

/**
 * A design's placements, one per workload.datastores[] in that order: a store the design does not
 * place (nothing it runs uses it; the cross-reference checks make sure) has no members.
 */
export function resolvePlacements(raw: readonly RawPlacement[] | undefined, datastores: readonly { readonly name: string }[]): DatastorePlacementSpec[] {
  return datastores.map((d) => {
    const p = raw?.find((x) => x.store === d.name);
    if (p === undefined) return { store: d.name, members: [], perCluster: false, reads: DEFAULT_READ_POLICY, witnessRegion: undefined };
    const members: DatastoreMemberSpec[] = (p.members ?? []).map((m) => ({ cluster: m.cluster, zone: m.zone, role: m.role ?? DEFAULT_MEMBER_ROLE }));
    return { store: d.name, members, perCluster: p.perCluster ?? false, reads: p.reads ?? DEFAULT_READ_POLICY, witnessRegion: p.witness };
  });
}

/**
 * The zone of each member of a placement: its own, else the cluster's zones in turn — the k-th
 * member listed for a cluster (counting every member of that cluster, with or without a zone)
 * takes zone k mod n of the cluster. So `[{eu-1, zone a, primary}, {eu-1}]` puts the second in
 * zone b. `zonesOf` gives a cluster's zones (ClusterSpec.zones).
 */
export function memberZones(members: readonly DatastoreMemberSpec[], zonesOf: (cluster: string) => readonly string[]): string[] {
  const seen = new Map<string, number>();
  return members.map((m) => {
    const k = seen.get(m.cluster) ?? 0;
    seen.set(m.cluster, k + 1);
    if (m.zone !== undefined) return m.zone;
    const zones = zonesOf(m.cluster);
    return zones[k % zones.length];
  });
}
