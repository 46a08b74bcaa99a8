import * as z from 'zod';
import { DISTRIBUTION_KINDS } from './distributions.js';
import { LIMITS } from './limits.js';
import { bandwidth, bytes, cpu, DISTRIBUTION_SCHEMAS, distribution, duration, glob, int, list, memory, name, num, percent, posNumber, rate, UNIT_SCHEMAS } from './schemaPrimitives.js';
export type { IssueParams } from './schemaPrimitives.js';
import { changeStreamsSchema, rolloutsSchema } from './changes.js';
import { controlPlaneOutagesSchema } from './controlPlaneOutages.js';
import { certificatesSchema, dependenciesSchema, dependsOnSchema, grayFailuresSchema, healthCheckSchema } from './dependencies.js';
import { incidentsSchema } from './incidents.js';
import { applicationFailoverSchema, karmadaSchema } from './karmada.js';
import { retriesSchema, retryPolicySchema, HELD_CONCURRENCY_DEFAULT } from './retries.js';
import { sheddingSchema } from './shedding.js';
import { asyncQueueSchema, callModeSchema } from './callShapes.js';
import { spilloverSchema } from './spillover.js';
import { datastoresSchema, placementsSchema, statefulSetSchema, storeUsesSchema } from './datastores.js';
import { outlierDetectionSchema } from './outlierDetection.js';
import { disruptionBudgetSchema, upgradesSchema } from './upgrades.js';

/**
 * The raw document as zod schemas: shapes, types, unit strings (converted to base units here),
 * unknown keys (every object is strict). Defaults and cross-references come later (resolve.ts,
 * crossRefs/), so the parsed output mirrors the file and its paths mirror the YAML's.
 *
 * Descriptions double as the JSON Schema's hover text in editors (`fleetsim schema`).
 */


// ---------------------------------------------------------------------------------------------

const region = z
  .strictObject({
    name: name('Region name, e.g. eu-west-1. Well-known AWS, GCP and Azure regions get their provider, zones and location built in.'),
    provider: z.enum(['aws', 'gcp', 'azure', 'onprem', 'other']).optional().meta({ description: 'Cloud provider; built in for well-known regions.' }),
    zones: list(name('Zone name, unique across the scenario.'), LIMITS.smallCount).min(1).optional().meta({ description: 'Zones; default for well-known regions: the first three (e.g. eu-west-1a, b, c).' }),
    location: z
      .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .optional()
      .meta({ description: 'Coordinates, for RTT estimates to regions with no explicit link RTT (built in for well-known regions).' }),
  })
  .meta({ title: 'Region' });

const link = z
  .strictObject({
    between: z.tuple([name('region'), name('region')]).meta({ description: 'The two regions, e.g. [eu-west-1, us-east-1].' }),
    rtt: duration('Round-trip time; default: an estimate from great-circle distance (well-known regions or location).').optional(),
    bandwidth: bandwidth('Link capacity, e.g. 10Gbps; default unlimited.').optional(),
    loss: percent('Packet loss, e.g. "0.01%"; default 0.').optional(),
  })
  .meta({ title: 'Link' });

const topology = z
  .strictObject({
    regions: list(region, LIMITS.regions).min(1),
    links: list(link, LIMITS.links).optional().meta({ description: 'Per region pair: RTT override, bandwidth, loss. Pairs not listed get built-in estimates.' }),
    intraZoneRtt: duration('RTT inside one zone; default 0.2ms.').optional(),
    interZoneRtt: duration('RTT between zones of one region; default 1ms.').optional(),
  })
  .meta({ title: 'Topology' });

const nodePool = z
  .strictObject({
    name: name('Node pool name, unique in its cluster.'),
    instanceType: z.string().min(1).optional().meta({ description: 'Catalog instance type (e.g. m6i.xlarge); gives vCPU, memory and price.' }),
    cpu: cpu('vCPU per node when no instanceType (or to override it).').optional(),
    memory: memory('Memory per node when no instanceType (or to override it).').optional(),
    priceUsdPerHour: num(LIMITS.priceUsd).optional().meta({ description: 'On-demand price per node-hour; default from the catalog.' }),
    capacityType: z.enum(['onDemand', 'spot']).optional().meta({ description: 'Default onDemand.' }),
    count: int(0, 'Nodes at the start.', LIMITS.nodesPerPool),
    autoscaling: z
      .strictObject({ min: int(0, 'Minimum nodes.', LIMITS.nodesPerPool), max: int(0, 'Maximum nodes.', LIMITS.nodesPerPool) })
      .optional()
      .meta({ description: 'Cluster-autoscaler bounds; absent = fixed size.' }),
    zones: list(name('zone'), LIMITS.smallCount).min(1).optional().meta({ description: "Zones the nodes spread over; default the cluster's zones." }),
    maxPods: int(1, 'kubelet maxPods; default 110 (AWS: the VPC CNI limit of the instance type, see vpcCni).').optional(),
    spotInterruptionsPerMonth: percent('Spot pools: share of nodes interrupted per month (AWS Spot Instance Advisor bands); default faults.stochastic.spot.perNodeMonth.').optional(),
  })
  .meta({ title: 'NodePool' });

/** The node-pool fields a design may change (Karmada OverridePolicy in spirit). */
const nodePoolOverride = z
  .strictObject({
    name: name('The node pool to change (it must exist in the cluster).'),
    instanceType: z.string().min(1).optional().meta({ description: 'Another catalog instance type (vCPU, memory and price follow).' }),
    capacityType: z.enum(['onDemand', 'spot']).optional(),
    count: int(0, 'Nodes at the start.', LIMITS.nodesPerPool).optional(),
    autoscaling: z
      .strictObject({ min: int(0, 'Minimum nodes.', LIMITS.nodesPerPool), max: int(0, 'Maximum nodes.', LIMITS.nodesPerPool) })
      .optional(),
  })
  .meta({ title: 'NodePoolOverride' });

const etcd = z
  .strictObject({
    version: z.string({ error: 'a version string such as "3.5" (quoted)' }).regex(/^\d+\.\d+(\.\d+)?$/).optional().meta({ description: 'etcd version; default "3.5". preVote defaults to false before 3.5.' }),
    members: int(1, 'Total members, spread round-robin over the cluster zones; default 3.').optional(),
    membersPerZone: z
      .union([int(0, 'Members in each zone of the cluster.'), z.record(z.string(), int(0, 'members in this zone'))])
      .optional()
      .meta({ description: 'Members per zone: one number for every zone, or { zone: count }.' }),
    heartbeatInterval: duration('Default 100ms.').optional(),
    electionTimeout: duration('Default 1000ms; etcd requires at least 5 × heartbeatInterval.').optional(),
    preVote: z.boolean().optional().meta({ description: 'Default: true from etcd 3.5, false for 3.4.' }),
    checkQuorum: z.boolean().optional().meta({ description: 'Default true (always on in the etcd server).' }),
  })
  .meta({ title: 'Etcd' });

const controlPlane = z
  .strictObject({
    managed: z
      .strictObject({
        provider: z.enum(['aws', 'gcp', 'azure']).optional().meta({ description: "Default: the cluster's provider." }),
        tier: z.enum(['eks-standard', 'eks-extended', 'gke-regional', 'gke-zonal', 'aks-free', 'aks-standard']).meta({ description: 'Sets the SLA and the cluster fee.' }),
      })
      .optional(),
    selfManaged: z.strictObject({ etcd: etcd.optional() }).optional(),
  })
  .meta({ title: 'ControlPlane', description: 'Exactly one of managed or selfManaged.' });

const kubernetes = z
  .strictObject({
    nodeStatusUpdateFrequency: duration('kubelet; default 10s.').optional(),
    nodeMonitorPeriod: duration('kube-controller-manager; default 5s.').optional(),
    nodeMonitorGracePeriod: duration('Default 40s, 50s from Kubernetes 1.32.').optional(),
    notReadyToleration: duration('tolerationSeconds for node.kubernetes.io/not-ready; default 300s.').optional(),
    unreachableToleration: duration('tolerationSeconds for node.kubernetes.io/unreachable; default 300s.').optional(),
    evictionRate: rate('Nodes per second evicted; default 0.1/s.').optional(),
    secondaryEvictionRate: rate('In unhealthy zones of large clusters; default 0.01/s.').optional(),
    unhealthyZoneThreshold: percent('Default 55%.').optional(),
    largeClusterSizeThreshold: int(1, 'Default 50 nodes.', LIMITS.nodesPerCluster).optional(),
    schedulerThroughput: rate('Pods scheduled per second; default 100/s.').optional(),
    controllerManagerApiQps: rate("kube-controller-manager --kube-api-qps: each controller's API requests per second (the ReplicaSet controller's pod creations, the taint-eviction controller's deletions); default 20/s.").optional(),
    controllerManagerApiBurst: int(1, 'kube-controller-manager --kube-api-burst: requests a controller may make at once before --kube-api-qps applies; default 30.', 100_000).optional(),
    podStartup: distribution('Pod start to Ready; default lognormal median 2s, p99 5s.').optional(),
  })
  .meta({ title: 'KubernetesTimings' });

const cluster = z
  .strictObject({
    name: name('Cluster name, unique.'),
    region: name('Region of the cluster (a topology region).'),
    zones: list(name('zone'), LIMITS.smallCount).min(1).optional().meta({ description: "Zones the cluster spans; default all of its region's zones." }),
    kubernetesVersion: z
      .string({ error: 'a quoted version such as "1.31" (unquoted 1.30 would be read as the number 1.3)' })
      .regex(/^1\.\d+$/, { error: 'major.minor, e.g. "1.31"' })
      .optional()
      .meta({ description: 'major.minor, quoted; default "1.32".' }),
    labels: z.record(z.string(), z.string()).optional().meta({ description: 'Labels matched by placement affinities.' }),
    nodePools: list(nodePool, LIMITS.nodePoolsPerCluster).min(1),
    controlPlane,
    kubernetes: kubernetes.optional(),
    autoscaler: z
      .strictObject({
        decisionDelay: distribution('Pending pods to scale-up decision; default lognormal median 5s, p99 30s.').optional(),
        nodeProvisioning: distribution('Decision to Ready node; default lognormal median 60s, p99 4m.').optional(),
        maxNodeProvisionTime: duration('A node not Ready by then is given up and retried; default 15m (cluster-autoscaler --max-node-provision-time).').optional(),
        maxTotalUnreadyPercentage: percent('Autoscaling halts when more than this share of nodes is unready; default 45%.').optional(),
        okTotalUnreadyCount: int(0, 'Unready nodes always tolerated; default 3.').optional(),
        scaleDown: z
          .strictObject({
            enabled: z.boolean().optional().meta({ description: 'Default true (cluster-autoscaler --scale-down-enabled).' }),
            unneededTime: duration('A node unneeded this long is removed; default 10m.').optional(),
            utilizationThreshold: percent('Unneeded below this share requested; default 50%.').optional(),
            delayAfterAdd: duration('No scale-down this soon after a scale-up; default 10m.').optional(),
          })
          .optional(),
      })
      .optional(),
    daemonSets: list(
      z.strictObject({ name: name('DaemonSet name.'), cpu: cpu('CPU request per node.'), memory: memory('Memory request per node.') }).meta({ title: 'DaemonSet' }),
      LIMITS.smallCount,
    )
      .optional()
      .meta({ description: 'Per-node agents (CNI, kube-proxy, logs, metrics) whose requests every node reserves; default: the usual set for the provider (docs/scenario.md).' }),
    vpcCni: z
      .strictObject({ prefixDelegation: z.boolean().meta({ description: 'AWS VPC CNI prefix delegation: lifts the per-ENI pod limit; default false.' }) })
      .optional(),
  })
  .meta({ title: 'Cluster' });

const clusterOverride = z
  .strictObject({
    name: name('The cluster to change.'),
    kubernetesVersion: z.string({ error: 'a quoted version such as "1.31"' }).regex(/^1\.\d+$/, { error: 'major.minor, e.g. "1.31"' }).optional(),
    nodePools: list(nodePoolOverride, LIMITS.nodePoolsPerCluster).optional(),
  })
  .meta({ title: 'ClusterOverride' });

const call = z
  .strictObject({
    service: name('Called service.'),
    callsPerRequest: num(LIMITS.callsPerRequest).optional().meta({ description: 'Mean calls per request (fan-out); default 1.' }),
    requestBytes: bytes('Default 1KiB.').optional(),
    responseBytes: bytes('Default 4KiB.').optional(),
    mode: callModeSchema.optional(),
    queue: asyncQueueSchema.optional().meta({ description: 'async: the queue between caller and callee.' }),
  })
  .meta({ title: 'Call' });

const hpa = z
  .strictObject({
    minReplicas: int(1, 'Per cluster.', LIMITS.replicasPerService),
    maxReplicas: int(1, 'Per cluster.', LIMITS.replicasPerService),
    targetCpuUtilization: percent('Target average CPU utilization of the requests, e.g. 70%.'),
    syncPeriod: duration('Default 15s (--horizontal-pod-autoscaler-sync-period).').optional(),
    tolerance: z.number().min(0).max(1).optional().meta({ description: 'No change while |utilization/target − 1| ≤ tolerance; default 0.1.' }),
    scaleUp: z
      .strictObject({
        percent: num(LIMITS.smallCount * 100).optional().meta({ description: 'Default 100 (double per period).' }),
        pods: int(0, 'Default 4.').optional(),
        period: duration('Default 15s.').optional(),
        stabilizationWindow: duration('Default 0s.').optional(),
      })
      .optional(),
    scaleDown: z.strictObject({ stabilizationWindow: duration('Default 300s.').optional() }).optional(),
  })
  .meta({ title: 'HorizontalPodAutoscaler' });

const service = z
  .strictObject({
    name: name('Service name, unique.'),
    replicas: int(0, 'Replicas (how a design spreads them: see placement.replicaScheduling).', LIMITS.replicasPerService),
    cpu: cpu('CPU request per pod.'),
    memory: memory('Memory request per pod.'),
    serviceTime: distribution('Time a pod spends on one request, excluding downstream calls.'),
    concurrencyPerPod: int(1, 'Requests a pod serves at once; default 1.', LIMITS.concurrencyPerPod).optional(),
    calls: list(call, LIMITS.callsPerService).optional(),
    dataClass: name('A workload.dataClasses name.').optional(),
    logBytesPerRequest: bytes('Log volume per request; default 0.').optional(),
    responseBytes: bytes('Bytes sent to the user per request (internet egress); default 0.').optional(),
    autoscaling: hpa.optional().meta({ description: 'A HorizontalPodAutoscaler in every cluster that runs the service; absent = fixed replicas.' }),
    disruptionBudget: disruptionBudgetSchema.optional().meta({ description: 'A PodDisruptionBudget per cluster: how many pods a node drain may take at once; docs/upgrades.md.' }),
    stores: storeUsesSchema.optional().meta({ description: 'What one request reads from and writes to each datastore (workload.datastores); absent: stateless. docs/state.md.' }),
    statefulSet: statefulSetSchema.optional(),
  })
  .meta({ title: 'Service' });

const userRegion = z
  .strictObject({
    name: name('User region name, unique.'),
    near: name('The cloud region these users are closest to.').optional(),
    accessRtt: duration('Last-mile RTT added to the region RTTs with `near`; default 10ms.').optional(),
    rtt: z.record(z.string(), duration('RTT from these users to the region.')).optional().meta({ description: 'Explicit RTT to every topology region (instead of near).' }),
    rate: rate('Mean request rate over a day, e.g. "200/s".'),
    entryService: name('The service these users call first.'),
    via: name('The topology region whose links carry these users\' traffic to the clusters; default the `near` region when it is in the topology, else the topology region nearest the users.').optional(),
    diurnal: z
      .strictObject({
        peakToTrough: z.number().min(1).max(LIMITS.smallCount).meta({ description: 'Peak rate / trough rate.' }),
        peakHourUtc: z.number().min(0).lt(24).meta({ description: 'Hour of the daily peak, UTC.' }),
      })
      .optional(),
    spikes: z
      .array(z.strictObject({ at: duration('Start, from the beginning of the run.'), for: duration('Length.'), multiplier: posNumber('Rate multiplier.', LIMITS.spikeMultiplier) }))
      .max(LIMITS.smallCount)
      .optional(),
  })
  .meta({ title: 'UserRegion' });

const dataClass = z
  .strictObject({
    name: name('Data class name, e.g. personal-eu.'),
    description: z.string().optional(),
    allowedRegions: z.array(glob).min(1),
    enforcement: z.enum(['hard', 'audit']).optional().meta({ description: 'hard: never place outside; audit: place, flag violations. Default hard.' }),
  })
  .meta({ title: 'DataClass' });

const workload = z
  .strictObject({
    services: list(service, LIMITS.services).min(1),
    userRegions: list(userRegion, LIMITS.userRegions).min(1),
    dataClasses: list(dataClass, LIMITS.smallCount).optional(),
    datastores: datastoresSchema.optional().meta({ description: 'Datastores described by behaviour (kind, replication, commit and read times, failover); each design places their members. docs/state.md.' }),
  })
  .meta({ title: 'Workload' });

const affinityFields = {
  clusterNames: z.array(name('cluster')).min(1).optional().meta({ description: 'Exact cluster names.' }),
  exclude: z.array(name('cluster')).optional(),
  regions: z.array(glob).min(1).optional(),
  providers: z.array(z.enum(['aws', 'gcp', 'azure', 'onprem', 'other'])).min(1).optional(),
  labels: z.record(z.string(), z.string()).optional().meta({ description: 'matchLabels.' }),
};
const affinity = z.strictObject(affinityFields).meta({ title: 'ClusterAffinity' });
const namedAffinity = z.strictObject({ name: name('affinityName'), ...affinityFields }).meta({ title: 'NamedClusterAffinity' });

const policy = z
  .strictObject({
    clusterAffinity: affinity.optional().meta({ description: 'Which clusters may run the service; default all.' }),
    clusterAffinities: z.array(namedAffinity).min(1).optional().meta({ description: 'Ordered groups: the first that can host wins (primary, backup).' }),
    replicaScheduling: z
      .union([
        z.enum(['duplicated', 'divided']),
        z.strictObject({
          type: z.enum(['duplicated', 'divided']),
          division: z.enum(['weighted', 'availableReplicas', 'aggregated']).optional().meta({ description: 'For divided; default weighted (equal weights) .' }),
          weights: z.record(z.string(), num(LIMITS.priceUsd)).optional().meta({ description: 'Static weights per cluster, for division weighted.' }),
        }),
      ])
      .optional()
      .meta({ description: 'duplicated: every selected cluster runs all replicas; divided: the replicas are split.' }),
    spreadConstraints: z
      .array(
        z.strictObject({
          spreadByField: z.enum(['cluster', 'zone', 'region', 'provider']),
          minGroups: int(1, 'Default 1.').optional(),
          maxGroups: int(1, 'Default unlimited.').optional(),
        }),
      )
      .optional(),
    residency: z
      .strictObject({ allowedRegions: z.array(glob).min(1), enforcement: z.enum(['hard', 'audit']).optional() })
      .optional()
      .meta({ description: 'Where the service may run; hard excludes other clusters, audit flags them.' }),
    failover: z
      .strictObject({
        enabled: z.boolean().optional().meta({ description: 'Karmada failover is opt-in; default false.' }),
        toleration: duration('Application failover tolerationSeconds; default 300s.').optional(),
        purgeMode: z.enum(['Immediately', 'Graciously', 'Never']).optional(),
        gracefulEvictionTimeout: duration('Default 10m.').optional(),
        application: applicationFailoverSchema.optional().meta({ description: 'Karmada application failover (spec.failover.application): move the workload when it is unhealthy on a cluster.' }),
      })
      .optional(),
  })
  .meta({ title: 'PlacementPolicy' });

const ingress = z
  .strictObject({
    dns: z
      .strictObject({
        healthCheckInterval: duration('Default 30s (Route 53).').optional(),
        failureThreshold: int(1, 'Default 3.').optional(),
        ttl: duration('Default 60s.').optional(),
        clientOvershoot: distribution('Extra time clients cache past the TTL; default 0.').optional(),
        healthCheck: healthCheckSchema.optional(),
      })
      .optional(),
    anycast: z
      .strictObject({
        healthCheckInterval: duration('Default 5s (GCP global LB).').optional(),
        unhealthyThreshold: int(1, 'Default 2.').optional(),
        healthCheck: healthCheckSchema.optional(),
        spillover: spilloverSchema.optional().meta({ description: "Users overflow to the next nearest cluster when the nearest's entry pods are full (GCP waterfall by region); absent: the nearest takes all." }),
      })
      .optional(),
  })
  .meta({ title: 'Ingress', description: 'Exactly one of dns or anycast.' });

const design = z
  .strictObject({
    name: name('Design name, unique.'),
    description: z.string().optional(),
    placement: z
      .strictObject({
        default: policy.optional().meta({ description: 'Applies to every service without its own entry.' }),
        services: z.record(z.string(), policy).optional().meta({ description: 'Per service, merged key by key over default.' }),
      })
      .meta({ title: 'Placement' }),
    failover: z
      .strictObject({
        clusterStatusInterval: duration('Karmada cluster status update interval; default 10s.').optional(),
        failureThreshold: duration('Karmada cluster failure threshold; default 30s.').optional(),
      })
      .optional(),
    traffic: z
      .strictObject({
        ingress,
        mesh: z
          .strictObject({
            localityOrder: z.array(z.enum(['zone', 'region', 'any'])).min(1).optional().meta({ description: 'Default [zone, region, any].' }),
            outlierDetection: outlierDetectionSchema.optional(),
            sidecar: z
              .union([z.literal(false), z.strictObject({ cpu: cpu('Sidecar CPU request per pod.'), memory: memory('Sidecar memory request per pod.') })])
              .optional()
              .meta({ description: 'The mesh proxy added to every pod: its requests; default 100m and 128Mi (Istio); false for a sidecar-less mesh.' }),
          })
          .optional()
          .meta({ description: 'Cross-cluster service calls; absent = calls stay in the caller cluster.' }),
        retries: retriesSchema.optional().meta({ description: 'Retries and timeouts at every service hop; absent = nothing retries (docs/traffic.md).' }),
        clientRetries: retryPolicySchema.optional().meta({ description: "Users' own retries of a failed request, through the global ingress again; absent = users do not retry." }),
        heldConcurrency: z.boolean().optional().meta({ description: `A pod's concurrency slot is held while it waits on its synchronous calls (Little's law: busy slots = rate × (service + calls' time)); default ${HELD_CONCURRENCY_DEFAULT}.` }),
        shedding: sheddingSchema.optional().meta({ description: 'How pools refuse work they cannot take; default: refuse above 95% utilization.' }),
      })
      .meta({ title: 'Traffic' }),
    overrides: z
      .strictObject({
        clusters: list(clusterOverride, LIMITS.clusters).optional(),
        services: list(
          z.strictObject({ name: name('The service to change.'), replicas: int(0, 'Replicas.', LIMITS.replicasPerService).optional(), autoscaling: hpa.optional() }).meta({ title: 'ServiceOverride' }),
          LIMITS.services,
        ).optional(),
      })
      .optional()
      .meta({ description: "This design's own infrastructure: node pools, instance types, capacity type, Kubernetes version, replicas (Karmada OverridePolicy in spirit)." }),
    sizing: z
      .strictObject({
        headroom: percent('Spare share of every pool at peak; default 20%.').optional(),
        failoverNodes: z
          .enum(['standing', 'autoscaled'])
          .optional()
          .meta({ description: 'standing (default): nodes for the failover load run all the time; autoscaled: pools run their steady-state need and the cluster autoscaler adds the rest when failover moves pods (the max is sized).' }),
        minReplicasPerCluster: int(1, 'Fewest pods of a service in each cluster that runs it, so one pod or node failure does not empty it; default 2.', LIMITS.replicasPerService).optional(),
        survive: z
          .union([z.enum(['none', 'zone', 'cluster', 'region']), z.strictObject({ zone: name('zone').optional(), cluster: name('cluster').optional(), region: name('region').optional() })])
          .optional()
          .meta({ description: 'The failure the sized fleet must carry peak load through: any one zone, cluster or region, a named one, or none; default region.' }),
      })
      .optional()
      .meta({ description: 'Let fleetsim size this design: the fewest replicas and nodes that carry its peak with headroom and survive the named failure within the SLO.' }),
    rollouts: rolloutsSchema.optional().meta({ description: 'How this design rolls out each change stream (all clusters at once, or waves with canary, bake time, detection and rollback); docs/changes.md.' }),
    dependsOn: dependsOnSchema.optional().meta({ description: 'Shared dependencies (faults.dependencies) this design uses; docs/dependencies.md.' }),
    karmada: karmadaSchema.optional().meta({ description: 'Karmada version and failover semantics; docs/failures.md.' }),
    datastores: placementsSchema.optional().meta({ description: "Where this design puts each datastore's members: one entry per store that a service it runs uses (caches: perCluster or members). docs/state.md." }),
  })
  .meta({ title: 'Design' });

export const FAULT_KINDS = ['node', 'zone', 'region', 'cluster', 'etcdMember', 'etcdLeader', 'link', 'controlPlane', 'nodeLaunches', 'badChange', 'brownout', 'certificate', 'dependency', 'upgrade'] as const;

/** What a bad change or a brownout does to the requests it touches. */
const impairmentFields = {
  errors: percent('badChange, brownout: share of requests that fail.').optional(),
  capacityLost: percent('badChange: share of the pods that crash-loop (not ready).').optional(),
  services: z.array(name('service')).min(1).optional().meta({ description: 'badChange: the services changed; default every service.' }),
  blocksNodeLaunches: z.boolean().optional().meta({ description: 'brownout: new nodes fail to launch in the region meanwhile; default false.' }),
  client: z.boolean().optional().meta({ description: "certificate: the cluster's mesh client (mTLS) certificate rather than its serving one: its calls to other clusters fail; default false." }),
};

const linkFaultFields = {
  mode: z.enum(['partition', 'degrade']).optional().meta({ description: 'Default partition.' }),
  extraLatency: duration('For degrade: added RTT.').optional(),
  loss: percent('For degrade: packet loss.').optional(),
};

const scriptedFault = z
  .strictObject({
    at: duration('When, from the start of the run.'),
    kind: z.enum(FAULT_KINDS),
    target: z
      .union([z.string(), z.tuple([z.string(), z.string()])], { error: 'a name, or [regionA, regionB] for a link' })
      .meta({ description: 'node: cluster/pool/index; zone; region; cluster; etcdMember: cluster/index; etcdLeader, controlPlane: cluster; link: [regionA, regionB]; nodeLaunches: region (new nodes fail to launch there); badChange, certificate, upgrade: cluster; brownout: region or cluster; dependency: a faults.dependencies name.' }),
    for: duration('How long until it is repaired.'),
    ...linkFaultFields,
    ...impairmentFields,
  })
  .meta({ title: 'ScriptedFault' });

const failureRepair = z.strictObject({ mtbf: distribution('Time between failures, per unit.'), mttr: distribution('Time to repair.') });
const outage = z.strictObject({ perYear: num(LIMITS.perYear).meta({ description: 'Outages per unit per year.' }), duration: distribution('Outage length.') });

const faults = z
  .strictObject({
    scripted: list(scriptedFault, LIMITS.scriptedFaults).optional(),
    stochastic: z
      .strictObject({
        nodes: failureRepair.optional(),
        etcdMembers: failureRepair.optional(),
        zones: outage.optional(),
        regions: z
          .strictObject({
            perYear: num(LIMITS.perYear).meta({ description: 'Outages per region per year.' }),
            duration: distribution('Outage length.'),
            blocksNodeLaunches: z.boolean().optional().meta({ description: 'New nodes cannot be launched in the region during the outage (as in us-east-1, October 2025); default false.' }),
          })
          .optional(),
        spot: z
          .strictObject({
            perNodeMonth: percent('Share of spot nodes interrupted per month; default 5% (the lowest AWS Spot Instance Advisor band).').optional(),
            notice: duration('Warning before the node is reclaimed; default 2m (AWS).').optional(),
          })
          .optional()
          .meta({ description: 'Spot interruptions; on by default for spot pools.' }),
        links: z
          .strictObject({
            perYear: num(LIMITS.perYear),
            duration: distribution('Outage length.'),
            ...linkFaultFields,
            pairs: z.enum(['used', 'all']).optional().meta({ description: 'used (default): only region pairs that carry user traffic, service calls or etcd peers; all: every pair.' }),
          })
          .optional(),
        controlPlanes: controlPlaneOutagesSchema.optional(),
      })
      .optional(),
    changes: changeStreamsSchema.optional().meta({ description: 'Change streams (deploys, config pushes, GitOps syncs, Kubernetes upgrades, certificate rotations), some of them bad; docs/changes.md.' }),
    dependencies: dependenciesSchema.optional().meta({ description: 'Shared dependencies with their own failures (DNS, GSLB, anycast LB, identity, Karmada, mesh control plane); docs/dependencies.md.' }),
    grayFailures: grayFailuresSchema.optional().meta({ description: 'Regional brownouts that shallow health checks miss; docs/dependencies.md.' }),
    certificates: certificatesSchema.optional().meta({ description: 'Per-cluster certificates with a renewal that can fail; docs/dependencies.md.' }),
    upgrades: upgradesSchema.optional().meta({ description: 'How a Kubernetes upgrade runs (control plane, node surge, drains); docs/upgrades.md.' }),
    incidents: incidentsSchema.optional().meta({ description: 'Published incidents to replay (`fleetsim incidents`); docs/incidents.md.' }),
  })
  .meta({ title: 'Faults' });

const run = z
  .strictObject({
    horizon: duration('Simulated time per replication, e.g. 365d; default 365d.').optional(),
    warmup: duration('Discarded at the start; default 0.').optional(),
    replications: int(1, 'Default 10.', LIMITS.replications).optional(),
    seed: z.union([z.string(), z.number().int()]).optional().meta({ description: 'Default "1".' }),
    latencyBreakdown: z
      .boolean()
      .optional()
      .meta({ description: 'Put where requests spend their time, hop by hop (network, queueing, service, retries; mean and p99), into results and the report; default false (it costs about a fifth more run time).' }),
    slo: z
      .strictObject({
        availability: percent('e.g. "99.95%".'),
        latency: z
          .array(
            z.strictObject({
              percentile: z.number().gt(0).lt(100),
              max: duration('Latency bound.'),
              userRegion: name('A user region; default every one.').optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  })
  .meta({ title: 'Run' });

const pricing = z
  .strictObject({
    catalog: z.string().optional().meta({ description: 'Price catalog file (JSON or YAML, relative to this file): adds to or replaces the built-in catalog; see docs/cost.md.' }),
    overrides: z
      .array(z.strictObject({ instanceType: z.string(), region: z.string().optional(), priceUsdPerHour: num(LIMITS.priceUsd) }))
      .optional()
      .meta({ description: 'Instance prices per node-hour, optionally for one region.' }),
    prices: z
      .array(z.strictObject({ key: z.string().min(1).meta({ description: 'A catalog key, e.g. transfer/aws/inter-region, optionally @region.' }), usd: num(LIMITS.priceUsd), source: z.string().optional() }))
      .optional()
      .meta({ description: 'Any catalog price, by key (see docs/cost.md for the keys).' }),
    usage: z
      .strictObject({
        loadBalancersPerCluster: z.number().int().min(0).max(LIMITS.smallCount).optional().meta({ description: 'Load balancers billed per cluster; default 1.' }),
        natGatewaysPerCluster: z.union([z.literal('perZone'), z.number().int().min(0).max(LIMITS.smallCount)]).optional().meta({ description: 'NAT gateways per cluster, or one per zone; default perZone.' }),
        natGbPerClusterMonth: num(LIMITS.priceUsd).optional().meta({ description: 'GB through NAT per cluster and month (the simulation cannot see it); default 0.' }),
        logsIngested: z.boolean().optional().meta({ description: 'Bill log ingestion from per-request log bytes; default true.' }),
        selfManagedInstanceType: z
          .strictObject({ aws: z.string().optional(), gcp: z.string().optional(), azure: z.string().optional() })
          .optional()
          .meta({ description: 'Machine type of a self-managed control-plane (etcd) member, per provider.' }),
        commitments: z
          .array(z.strictObject({ cluster: name('cluster'), pool: name('node pool'), option: z.string().regex(/^[A-Za-z0-9]+$/), nodes: z.number().int().min(1).max(LIMITS.nodesTotal) }))
          .optional()
          .meta({ description: 'Committed-use / savings-plan nodes per pool (option names a catalog discount).' }),
        gslbHealthChecks: z.boolean().optional().meta({ description: 'Bill the DNS GSLB health checks: one per cluster a design uses, when its ingress is DNS; default true.' }),
        dnsResolvers: z.number().int().min(0).max(LIMITS.ratePerS).optional().meta({ description: 'Caching resolvers in front of the users, each asking once per TTL: queries = min(requests, resolvers × month ÷ TTL); 0 (default) leaves DNS unbilled.' }),
        metricsPerNode: z.number().int().min(0).max(LIMITS.smallCount).optional().meta({ description: 'Monitoring metrics per node (e.g. Container Insights); default 0.' }),
        metricsPerCluster: z.number().int().min(0).max(LIMITS.ratePerS).optional().meta({ description: 'Monitoring metrics per cluster; default 0.' }),
        controlPlaneLogGbPerClusterMonth: num(LIMITS.priceUsd).optional().meta({ description: 'GB of control-plane and audit logs per cluster and month; default 0.' }),
        eastWestGateways: z.boolean().optional().meta({ description: 'A design with a mesh pays an east-west gateway per cluster: one more load balancer, and its per-GB charge on cross-cluster calls; default true.' }),
      })
      .optional()
      .meta({ description: 'What the cost model cannot see in the simulation: NAT, load balancers, commitments, GSLB health checks and DNS, metrics, control-plane logs, east-west gateways.' }),
  })
  .meta({ title: 'Pricing', description: 'Prices and usage assumptions for the cost model (docs/cost.md).' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Editors: the JSON Schema from `fleetsim schema`.' }),
    apiVersion: z.literal('fleetsim/v1'),
    kind: z.literal('Scenario'),
    metadata: z.strictObject({ name: name('Scenario name.'), description: z.string().optional() }),
    topology,
    clusters: list(cluster, LIMITS.clusters).min(1),
    workload,
    designs: list(design, LIMITS.designs).min(1),
    faults: faults.optional(),
    run: run.optional(),
    pricing: pricing.optional(),
    plan: z.record(z.string(), z.unknown()).optional().meta({ description: 'Knobs, search and limits for `fleetsim plan`; validated by plan with file:line:col errors (docs/plan.md).' }),
  })
  .meta({
    title: 'fleetsim scenario',
    description: 'A multi-cluster Kubernetes fleet, its workload, designs to compare, faults and run settings. See docs/scenario.md.',
  });

export type RawScenario = z.output<typeof scenarioSchema>;
export type RawPolicy = z.output<typeof policy>;
export type RawCluster = z.output<typeof cluster>;
export type RawAffinity = z.output<typeof affinity>;

const DISTRIBUTION_JSON: Record<string, unknown> = {
  description: 'A duration ("5s") or one distribution kind: ' + DISTRIBUTION_KINDS.join(', '),
  anyOf: [
    { type: 'string', examples: ['5s'] },
    { type: 'object', additionalProperties: false, required: ['constant'], properties: { constant: { type: 'string' } } },
    { type: 'object', additionalProperties: false, required: ['uniform'], properties: { uniform: { type: 'object', additionalProperties: false, required: ['min', 'max'], properties: { min: { type: 'string' }, max: { type: 'string' } } } } },
    { type: 'object', additionalProperties: false, required: ['exponential'], properties: { exponential: { type: 'object', additionalProperties: false, required: ['mean'], properties: { mean: { type: 'string' } } } } },
    { type: 'object', additionalProperties: false, required: ['normal'], properties: { normal: { type: 'object', additionalProperties: false, required: ['mean', 'sd'], properties: { mean: { type: 'string' }, sd: { type: 'string' } } } } },
    {
      type: 'object', additionalProperties: false, required: ['lognormal'],
      properties: { lognormal: { type: 'object', additionalProperties: false, required: ['median'], properties: { median: { type: 'string' }, p99: { type: 'string' }, sigma: { type: 'number', exclusiveMinimum: 0, maximum: 10 } } } },
    },
    {
      type: 'object', additionalProperties: false, required: ['weibull'],
      properties: { weibull: { type: 'object', additionalProperties: false, required: ['shape'], properties: { shape: { type: 'number', exclusiveMinimum: 0.05, maximum: 100 }, mean: { type: 'string' }, scale: { type: 'string' } } } },
    },
    {
      type: 'object', additionalProperties: false, required: ['empirical'],
      properties: {
        empirical: {
          type: 'object', additionalProperties: false,
          properties: {
            samples: { type: 'array', minItems: 1, items: { type: 'string' } },
            cdf: { type: 'array', minItems: 2, items: { type: 'object', additionalProperties: false, required: ['value', 'p'], properties: { value: { type: 'string' }, p: { type: 'number', minimum: 0, maximum: 1 } } } },
          },
        },
      },
    },
  ],
};

/** JSON Schema (draft 2020-12) of the file as written, for yaml-language-server and other editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const custom = UNIT_SCHEMAS.get(ctx.zodSchema as unknown as z.ZodType);
      const replace = (with_: Record<string, unknown>) => {
        for (const k of Object.keys(ctx.jsonSchema)) if (k !== 'description') delete (ctx.jsonSchema as Record<string, unknown>)[k];
        Object.assign(ctx.jsonSchema, with_);
      };
      if (custom !== undefined) replace(custom);
      else if (DISTRIBUTION_SCHEMAS.has(ctx.zodSchema as unknown as z.ZodType)) replace(DISTRIBUTION_JSON);
    },
  }) as Record<string, unknown>;
  json.$id = 'https://fleetsim.dev/schemas/scenario-v1.json';
  // "x-…" top-level keys are free-form (anchors for reuse); load.ts drops them before validation.
  json.patternProperties = { '^x-': {} };
  return json;
}
