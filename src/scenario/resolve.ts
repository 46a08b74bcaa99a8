import { runEventsEstimate } from './budget.js';
import { clusterZones, etcdMembersByZone, poolShape, regionInfos } from './context.js';
import * as D from './defaults.js';
import { resolveChangeStreams, resolveRollouts } from './changes.js';
import { resolveControlPlaneOutages } from './controlPlaneOutages.js';
import { resolveCertificates, resolveDependencies, resolveDependsOn, resolveGrayFailures, resolveHealthCheck } from './dependencies.js';
import { resolveIncidents } from './incidents.js';
import { resolveApplicationFailover, resolveKarmada } from './karmada.js';
import { HELD_CONCURRENCY_DEFAULT, resolveRetries, resolveRetryPolicy } from './retries.js';
import { resolveShedding } from './shedding.js';
import { resolveCallShape } from './callShapes.js';
import { resolveSpillover } from './spillover.js';
import { resolveDatastores, resolvePlacements, resolveStatefulSet, resolveStoreUses } from './datastores.js';
import { resolveOutlierDetection } from './outlierDetection.js';
import { resolveDisruptionBudget, resolveUpgrades } from './upgrades.js';
import { resolveLinkPairs, resolveViaRegion } from './userLinks.js';
import { affinityGroups, effectivePolicy, schedulingOf } from './policies.js';
import { estimateRttMs, knownRegion } from './regions.js';
import type { RegionInfo } from './context.js';
import { defaultDaemonSets } from './daemonSets.js';
import { overriddenClusters, overriddenServices } from './designOverrides.js';
import { defaultMaxPods } from './maxPods.js';
import type { RawCluster, RawScenario } from './schema.js';
import type {
  ClusterAffinity,
  ClusterSpec,
  ControlPlaneSpec,
  Design,
  DesignInfrastructure,
  HpaSpec,
  ServiceSpec,
  SizingSpec,
  FaultTarget,
  LinkSpec,
  PlacementPolicy,
  Provider,
  ReplicaScheduling,
  ResidencySpec,
  Scenario,
  StochasticFaults,
} from './types.js';

/**
 * Applies defaults and builds the typed Scenario. Runs only on documents that passed the schema
 * and the cross-reference checks, so it may assume every name resolves.
 */
export function resolveScenario(raw: RawScenario, sourceFile: string): Scenario {
  const regions = regionInfos(raw.topology);
  const regionList = [...regions.values()];

  const links: LinkSpec[] = [];
  for (let i = 0; i < regionList.length; i++) {
    for (let j = i + 1; j < regionList.length; j++) {
      const a = regionList[i];
      const b = regionList[j];
      const l = raw.topology.links?.find((x) => (x.between[0] === a.name && x.between[1] === b.name) || (x.between[0] === b.name && x.between[1] === a.name));
      const rttMs = l?.rtt !== undefined ? l.rtt * 1000 : estimateRttMs(a.location!, b.location!);
      links.push({ a: a.name, b: b.name, rttMs, rttSource: l?.rtt !== undefined ? 'scenario' : 'builtin-estimate', bandwidthGbps: l?.bandwidth, lossRatio: l?.loss ?? 0 });
    }
  }

  const clusters: ClusterSpec[] = raw.clusters.map((c) => resolveCluster(c, raw, regions));

  const w = raw.workload;
  const dataClasses = (w.dataClasses ?? []).map((d) => ({ name: d.name, description: d.description ?? '', allowedRegions: d.allowedRegions, enforcement: d.enforcement ?? 'hard' }));

  const datastores = resolveDatastores(w.datastores);

  const changeStreams = resolveChangeStreams(raw.faults?.changes);
  const designs: Design[] = raw.designs.map((d) => {
    const karmada = resolveKarmada(d.karmada);
    const failoverBase = {
      clusterStatusIntervalS: d.failover?.clusterStatusInterval ?? D.KARMADA_CLUSTER_STATUS_INTERVAL_S,
      failureThresholdS: d.failover?.failureThreshold ?? D.KARMADA_FAILURE_THRESHOLD_S,
    };
    const policies: PlacementPolicy[] = w.services.map((sv) => {
      const p = effectivePolicy(d, sv.name)!.policy;
      const clusterAffinities: ClusterAffinity[] = affinityGroups(p).map(({ affinity: a }) => ({
        name: a.name ?? '',
        clusterNames: a.clusterNames,
        exclude: a.exclude ?? [],
        regions: a.regions,
        providers: a.providers as Provider[] | undefined,
        labels: a.labels ?? {},
      }));
      const sch = schedulingOf(p);
      let replicaScheduling: ReplicaScheduling;
      if (sch.type === 'duplicated') replicaScheduling = { type: 'duplicated' };
      else if ((sch.division ?? 'weighted') === 'weighted') {
        // No weights: equal weights over the clusters the first affinity group selects (Karmada's default).
        const weights = sch.weights ? Object.entries(sch.weights).map(([cluster, weight]) => ({ cluster, weight })) : [];
        replicaScheduling = { type: 'divided', division: 'weighted', weights };
      } else replicaScheduling = { type: 'divided', division: sch.division as 'availableReplicas' | 'aggregated' };
      const cls = dataClasses.find((x) => x.name === sv.dataClass);
      let residency: ResidencySpec | undefined = p.residency ? { allowedRegions: p.residency.allowedRegions, enforcement: p.residency.enforcement ?? 'hard', source: 'policy' } : undefined;
      if (cls !== undefined) {
        const fromClass: ResidencySpec = { allowedRegions: cls.allowedRegions, enforcement: cls.enforcement, source: `dataClass:${cls.name}` };
        // The stricter rule wins: a hard one over an audit one; between two of a kind, the class (it is the law).
        if (residency === undefined || fromClass.enforcement === 'hard' || residency.enforcement === 'audit') residency = fromClass;
      }
      return {
        service: sv.name,
        clusterAffinities,
        replicaScheduling,
        spreadConstraints: (p.spreadConstraints ?? []).map((s) => ({ spreadByField: s.spreadByField, minGroups: s.minGroups ?? 1, maxGroups: s.maxGroups })),
        residency,
        failover: {
          enabled: p.failover?.enabled ?? false,
          ...failoverBase,
          // The toleration Karmada's webhook adds by default depends on the version (none from 1.15).
          tolerationS: p.failover?.toleration ?? karmada.defaultClusterTolerationS,
          purgeMode: p.failover?.purgeMode ?? D.KARMADA_PURGE_MODE,
          gracefulEvictionTimeoutS: p.failover?.gracefulEvictionTimeout ?? D.KARMADA_GRACEFUL_EVICTION_TIMEOUT_S,
          application: resolveApplicationFailover(p.failover?.application),
        },
      };
    });
    const ing = d.traffic.ingress;
    const mesh = d.traffic.mesh;
    return {
      name: d.name,
      description: d.description ?? '',
      policies,
      traffic: {
        ingress: ing.dns
          ? {
              kind: 'dns',
              healthCheckIntervalS: ing.dns.healthCheckInterval ?? D.DNS_HEALTH_CHECK_INTERVAL_S,
              failureThreshold: ing.dns.failureThreshold ?? D.DNS_FAILURE_THRESHOLD,
              ttlS: ing.dns.ttl ?? D.DNS_TTL_S,
              clientOvershoot: ing.dns.clientOvershoot ?? D.DNS_CLIENT_OVERSHOOT,
              healthCheck: resolveHealthCheck(ing.dns.healthCheck),
            }
          : {
              kind: 'anycast',
              healthCheckIntervalS: ing.anycast?.healthCheckInterval ?? D.ANYCAST_HEALTH_CHECK_INTERVAL_S,
              unhealthyThreshold: ing.anycast?.unhealthyThreshold ?? D.ANYCAST_UNHEALTHY_THRESHOLD,
              healthCheck: resolveHealthCheck(ing.anycast?.healthCheck),
              spillover: resolveSpillover(ing.anycast?.spillover),
            },
        mesh: mesh
          ? {
              localityOrder: mesh.localityOrder ?? [...D.MESH_LOCALITY_ORDER],
              outlierDetection: resolveOutlierDetection(mesh.outlierDetection),
              sidecar: mesh.sidecar === false ? { cpuMillicores: 0, memoryBytes: 0 } : mesh.sidecar !== undefined ? { cpuMillicores: mesh.sidecar.cpu, memoryBytes: mesh.sidecar.memory } : { ...D.MESH_SIDECAR },
            }
          : undefined,
        retries: resolveRetries(d.traffic.retries),
        clientRetries: resolveRetryPolicy(d.traffic.clientRetries),
        heldConcurrency: d.traffic.heldConcurrency ?? HELD_CONCURRENCY_DEFAULT,
        shedding: resolveShedding(d.traffic.shedding),
      },
      infrastructure: designInfrastructure(d, raw, regions),
      sizing: resolveSizing(d),
      rollouts: resolveRollouts(d.rollouts, changeStreams),
      dependsOn: resolveDependsOn(d.dependsOn),
      karmada,
      datastores: resolvePlacements(d.datastores, datastores),
    };
  });

  const st = raw.faults?.stochastic;
  const stochastic: StochasticFaults = {
    nodes: st?.nodes ? { timeToFailure: st.nodes.mtbf, timeToRepair: st.nodes.mttr } : undefined,
    etcdMembers: st?.etcdMembers ? { timeToFailure: st.etcdMembers.mtbf, timeToRepair: st.etcdMembers.mttr } : undefined,
    zones: st?.zones ? { perYear: st.zones.perYear, duration: st.zones.duration } : undefined,
    regions: st?.regions ? { perYear: st.regions.perYear, duration: st.regions.duration, blocksNodeLaunches: st.regions.blocksNodeLaunches ?? false } : undefined,
    spot: { noticeS: st?.spot?.notice ?? D.SPOT_NOTICE_S },
    links: st?.links
      ? { perYear: st.links.perYear, duration: st.links.duration, pairs: resolveLinkPairs(st.links.pairs), mode: st.links.mode ?? 'partition', extraLatencyMs: (st.links.extraLatency ?? 0) * 1000, lossRatio: st.links.loss ?? 0 }
      : undefined,
    controlPlanes: resolveControlPlaneOutages(st?.controlPlanes),
  };

  const r = raw.run ?? {};
  return {
    apiVersion: 'fleetsim/v1',
    name: raw.metadata.name,
    description: raw.metadata.description ?? '',
    sourceFile,
    topology: {
      regions: regionList.map((x) => ({ name: x.name, provider: x.provider!, zones: x.zones, location: x.location })),
      links,
      intraZoneRttMs: (raw.topology.intraZoneRtt ?? D.INTRA_ZONE_RTT_MS / 1000) * 1000,
      interZoneRttMs: (raw.topology.interZoneRtt ?? D.INTER_ZONE_RTT_MS / 1000) * 1000,
    },
    clusters,
    workload: {
      services: w.services.map(resolveService),
      userRegions: w.userRegions.map((u) => {
        const rttMsByRegion = userRtts(u, regionList, links, (raw.topology.interZoneRtt ?? D.INTER_ZONE_RTT_MS / 1000) * 1000);
        return {
          name: u.name,
          location: u.near !== undefined
            ? { kind: 'nearRegion', region: u.near, accessRttMs: (u.accessRtt ?? D.USER_ACCESS_RTT_MS / 1000) * 1000 }
            : { kind: 'explicit', rttMsByRegion: Object.fromEntries(Object.entries(u.rtt!).map(([k, v]) => [k, v * 1000])) },
          rttMsByRegion,
          ratePerS: u.rate,
          entryService: u.entryService,
          viaRegion: resolveViaRegion(u, new Set(regionList.map((x) => x.name)), rttMsByRegion),
          diurnal: u.diurnal ? { peakToTroughRatio: u.diurnal.peakToTrough, peakHourUtc: u.diurnal.peakHourUtc } : { peakToTroughRatio: 1, peakHourUtc: 0 },
          spikes: (u.spikes ?? []).map((s) => ({ atS: s.at, forS: s.for, multiplier: s.multiplier })),
        };
      }),
      dataClasses,
      datastores,
    },
    designs,
    faults: {
      scripted: (raw.faults?.scripted ?? []).map((f) => ({ atS: f.at, forS: f.for, target: faultTarget(f, new Set(regionList.map((x) => x.name))) })),
      stochastic,
      changes: changeStreams,
      dependencies: resolveDependencies(raw.faults?.dependencies),
      grayFailures: resolveGrayFailures(raw.faults?.grayFailures),
      certificates: resolveCertificates(raw.faults?.certificates),
      upgrades: resolveUpgrades(raw.faults?.upgrades),
      incidents: resolveIncidents(raw.faults?.incidents),
    },
    run: {
      horizonS: r.horizon ?? D.HORIZON_S,
      warmupS: r.warmup ?? D.WARMUP_S,
      replications: r.replications ?? D.REPLICATIONS,
      seed: String(r.seed ?? D.SEED),
      estimatedEvents: runEventsEstimate(raw),
      latencyBreakdown: r.latencyBreakdown ?? false,
      slo: r.slo
        ? { availabilityRatio: r.slo.availability, latency: (r.slo.latency ?? []).map((l) => ({ percentile: l.percentile, maxS: l.max, userRegion: l.userRegion })) }
        : undefined,
    },
    pricing: raw.pricing
      ? {
          catalog: raw.pricing.catalog,
          overrides: (raw.pricing.overrides ?? []).map((o) => ({ instanceType: o.instanceType, region: o.region, priceUsdPerHour: o.priceUsdPerHour })),
          prices: raw.pricing.prices,
          usage: raw.pricing.usage,
        }
      : undefined,
    plan: raw.plan,
  };
}

function faultTarget(f: NonNullable<NonNullable<RawScenario['faults']>['scripted']>[number], regionNames: ReadonlySet<string>): FaultTarget {
  const t = f.target;
  if (f.kind === 'link') {
    const [a, b] = t as [string, string];
    return { kind: 'link', a, b, mode: f.mode ?? 'partition', extraLatencyMs: (f.extraLatency ?? 0) * 1000, lossRatio: f.loss ?? 0 };
  }
  const s = t as string;
  const parts = s.split('/');
  switch (f.kind) {
    case 'node':
      return { kind: 'node', cluster: parts[0], pool: parts[1], index: Number(parts[2]) };
    case 'etcdMember':
      return { kind: 'etcdMember', cluster: parts[0], index: Number(parts[1]) };
    case 'zone':
      return { kind: 'zone', zone: s };
    case 'region':
      return { kind: 'region', region: s };
    case 'cluster':
      return { kind: 'cluster', cluster: s };
    case 'etcdLeader':
      return { kind: 'etcdLeader', cluster: s };
    case 'controlPlane':
      return { kind: 'controlPlane', cluster: s };
    case 'nodeLaunches':
      return { kind: 'nodeLaunches', region: s };
    case 'badChange':
      return { kind: 'badChange', cluster: s, services: f.services, errorRatio: f.errors ?? 0, extraLatencyMs: (f.extraLatency ?? 0) * 1000, capacityLostRatio: f.capacityLost ?? 0 };
    case 'brownout': {
      // The loader checked that the name is a region or a cluster; regions and clusters may share a name only in theory.
      const isRegion = regionNames.has(s);
      return { kind: 'brownout', region: isRegion ? s : undefined, cluster: isRegion ? undefined : s, errorRatio: f.errors ?? 0, extraLatencyMs: (f.extraLatency ?? 0) * 1000, blocksNodeLaunches: f.blocksNodeLaunches ?? false };
    }
    case 'certificate':
      return { kind: 'certificate', cluster: s, client: f.client ?? false };
    case 'dependency':
      return { kind: 'dependency', dependency: s };
    case 'upgrade':
      return { kind: 'upgrade', cluster: s };
  }
}

function userRtts(u: RawScenario['workload']['userRegions'][number], regions: readonly RegionInfo[], links: readonly LinkSpec[], interZoneRttMs: number): Record<string, number> {
  if (u.rtt !== undefined) return Object.fromEntries(Object.entries(u.rtt).map(([k, v]) => [k, v * 1000]));
  const near = u.near!;
  const accessMs = (u.accessRtt ?? D.USER_ACCESS_RTT_MS / 1000) * 1000;
  const nearLocation = regions.find((r) => r.name === near)?.location ?? knownRegion(near)?.location;
  const out: Record<string, number> = {};
  for (const r of regions) {
    let rtt: number;
    if (r.name === near) rtt = interZoneRttMs; // users land in some zone of their own region
    else {
      const l = links.find((x) => (x.a === near && x.b === r.name) || (x.b === near && x.a === r.name));
      rtt = l !== undefined ? l.rttMs : estimateRttMs(nearLocation!, r.location!);
    }
    out[r.name] = Math.round((rtt + accessMs) * 1000) / 1000;
  }
  return out;
}

/** One cluster with its defaults; also used for a design's overridden clusters. */
function resolveCluster(c: RawCluster, raw: RawScenario, regions: ReadonlyMap<string, RegionInfo>): ClusterSpec {
    const region = regions.get(c.region)!;
    const zones = clusterZones(c, regions);
    const version = c.kubernetesVersion ?? D.DEFAULT_KUBERNETES_VERSION;
    const k = c.kubernetes ?? {};
    let controlPlane: ControlPlaneSpec;
    if (c.controlPlane.managed !== undefined) {
      const t = D.MANAGED_TIERS[c.controlPlane.managed.tier];
      controlPlane = {
        kind: 'managed',
        provider: t.provider,
        tier: c.controlPlane.managed.tier,
        slaAvailabilityRatio: zones.length >= 2 ? t.slaMultiZoneRatio : t.slaSingleZoneRatio,
        feeUsdPerHour: t.feeUsdPerHour,
        source: t.source,
      };
    } else {
      const e = c.controlPlane.selfManaged?.etcd;
      const etcdVersion = e?.version ?? D.DEFAULT_ETCD_VERSION;
      const members = etcdMembersByZone(e, zones).filter((m) => m.count > 0);
      controlPlane = {
        kind: 'selfManaged',
        etcd: {
          version: etcdVersion,
          members,
          memberCount: members.reduce((a, m) => a + m.count, 0),
          heartbeatIntervalS: e?.heartbeatInterval ?? D.ETCD_HEARTBEAT_INTERVAL_S,
          electionTimeoutS: e?.electionTimeout ?? D.ETCD_ELECTION_TIMEOUT_S,
          preVote: e?.preVote ?? D.etcdPreVoteDefault(etcdVersion),
          checkQuorum: e?.checkQuorum ?? D.ETCD_CHECK_QUORUM,
        },
      };
    }
    return {
      name: c.name,
      region: c.region,
      provider: region.provider!,
      zones,
      kubernetesVersion: version,
      labels: c.labels ?? {},
      nodePools: c.nodePools.map((p) => {
        const shape = poolShape(p, c.region, raw.pricing);
        return {
          name: p.name,
          instanceType: p.instanceType,
          cpuMillicores: shape.cpuMillicores!,
          memoryBytes: shape.memoryBytes!,
          priceUsdPerHour: shape.priceUsdPerHour,
          priceSource: shape.priceSource,
          capacityType: p.capacityType ?? 'onDemand',
          count: p.count,
          autoscaling: p.autoscaling ? { minCount: p.autoscaling.min, maxCount: p.autoscaling.max } : undefined,
          zones: p.zones ?? zones,
          maxPods: p.maxPods ?? defaultMaxPods(region.provider!, p.instanceType, c.vpcCni?.prefixDelegation ?? false),
          spotInterruptionsPerMonthRatio: (p.capacityType ?? 'onDemand') === 'spot' ? (p.spotInterruptionsPerMonth ?? raw.faults?.stochastic?.spot?.perNodeMonth ?? D.SPOT_INTERRUPTIONS_PER_NODE_MONTH) : 0,
        };
      }),
      controlPlane,
      kubernetes: {
        nodeStatusUpdateFrequencyS: k.nodeStatusUpdateFrequency ?? D.NODE_STATUS_UPDATE_FREQUENCY_S,
        nodeMonitorPeriodS: k.nodeMonitorPeriod ?? D.NODE_MONITOR_PERIOD_S,
        nodeMonitorGracePeriodS: k.nodeMonitorGracePeriod ?? D.nodeMonitorGracePeriodS(version),
        notReadyTolerationS: k.notReadyToleration ?? D.NOT_READY_TOLERATION_S,
        unreachableTolerationS: k.unreachableToleration ?? D.UNREACHABLE_TOLERATION_S,
        evictionRateNodesPerS: k.evictionRate ?? D.EVICTION_RATE_NODES_PER_S,
        secondaryEvictionRateNodesPerS: k.secondaryEvictionRate ?? D.SECONDARY_EVICTION_RATE_NODES_PER_S,
        unhealthyZoneThresholdRatio: k.unhealthyZoneThreshold ?? D.UNHEALTHY_ZONE_THRESHOLD_RATIO,
        largeClusterSizeThreshold: k.largeClusterSizeThreshold ?? D.LARGE_CLUSTER_SIZE_THRESHOLD,
        schedulerThroughputPodsPerS: k.schedulerThroughput ?? D.SCHEDULER_THROUGHPUT_PODS_PER_S,
        controllerManagerApiQps: k.controllerManagerApiQps ?? D.CONTROLLER_MANAGER_API_QPS,
        controllerManagerApiBurst: k.controllerManagerApiBurst ?? D.CONTROLLER_MANAGER_API_BURST,
        taintEvictionRequestsPerPod: D.taintEvictionRequestsPerPod(version),
        podStartup: k.podStartup ?? D.POD_STARTUP,
      },
      autoscaler: {
        decisionDelay: c.autoscaler?.decisionDelay ?? D.AUTOSCALER_DECISION,
        nodeProvisioning: c.autoscaler?.nodeProvisioning ?? D.NODE_PROVISIONING,
        maxNodeProvisionTimeS: c.autoscaler?.maxNodeProvisionTime ?? D.CA_MAX_NODE_PROVISION_TIME_S,
        maxUnreadyRatio: c.autoscaler?.maxTotalUnreadyPercentage ?? D.CA_MAX_UNREADY_RATIO,
        okUnreadyCount: c.autoscaler?.okTotalUnreadyCount ?? D.CA_OK_UNREADY_COUNT,
        scaleDown: {
          enabled: c.autoscaler?.scaleDown?.enabled ?? D.CA_SCALE_DOWN_ENABLED,
          unneededTimeS: c.autoscaler?.scaleDown?.unneededTime ?? D.CA_SCALE_DOWN_UNNEEDED_TIME_S,
          utilizationThresholdRatio: c.autoscaler?.scaleDown?.utilizationThreshold ?? D.CA_SCALE_DOWN_UTILIZATION_THRESHOLD,
          delayAfterAddS: c.autoscaler?.scaleDown?.delayAfterAdd ?? D.CA_SCALE_DOWN_DELAY_AFTER_ADD_S,
        },
      },
      daemonSets: c.daemonSets !== undefined ? c.daemonSets.map((x) => ({ name: x.name, cpuMillicores: x.cpu, memoryBytes: x.memory })) : defaultDaemonSets(region.provider!),
      prefixDelegation: c.vpcCni?.prefixDelegation ?? false,
    };
  }

type RawService = RawScenario['workload']['services'][number];
type RawHpa = NonNullable<RawService['autoscaling']>;

/** One service with its defaults; also used for a design's overridden services. */
function resolveService(s: RawService): ServiceSpec {
  return {
    name: s.name,
    replicas: s.replicas,
    cpuMillicores: s.cpu,
    memoryBytes: s.memory,
    serviceTime: s.serviceTime,
    concurrencyPerPod: s.concurrencyPerPod ?? D.CONCURRENCY_PER_POD,
    calls: (s.calls ?? []).map((c) => ({
      service: c.service,
      callsPerRequest: c.callsPerRequest ?? 1,
      requestBytes: c.requestBytes ?? D.CALL_REQUEST_BYTES,
      responseBytes: c.responseBytes ?? D.CALL_RESPONSE_BYTES,
      ...resolveCallShape(c.mode, c.queue),
    })),
    dataClass: s.dataClass,
    logBytesPerRequest: s.logBytesPerRequest ?? D.LOG_BYTES_PER_REQUEST,
    responseBytes: s.responseBytes ?? D.RESPONSE_BYTES,
    autoscaling: s.autoscaling !== undefined ? resolveHpa(s.autoscaling) : undefined,
    disruptionBudget: resolveDisruptionBudget(s.disruptionBudget),
    stores: resolveStoreUses(s.stores),
    statefulSet: resolveStatefulSet(s.statefulSet),
  };
}

function resolveHpa(h: RawHpa): HpaSpec {
  return {
    minReplicas: h.minReplicas,
    maxReplicas: h.maxReplicas,
    targetUtilizationRatio: h.targetCpuUtilization,
    syncPeriodS: h.syncPeriod ?? D.HPA_SYNC_PERIOD_S,
    toleranceRatio: h.tolerance ?? D.HPA_TOLERANCE,
    scaleUpPercent: h.scaleUp?.percent ?? D.HPA_SCALE_UP_PERCENT,
    scaleUpPods: h.scaleUp?.pods ?? D.HPA_SCALE_UP_PODS,
    scaleUpPeriodS: h.scaleUp?.period ?? D.HPA_SCALE_UP_PERIOD_S,
    scaleUpStabilizationS: h.scaleUp?.stabilizationWindow ?? D.HPA_SCALE_UP_STABILIZATION_S,
    scaleDownStabilizationS: h.scaleDown?.stabilizationWindow ?? D.HPA_SCALE_DOWN_STABILIZATION_S,
  };
}

type RawDesign = RawScenario['designs'][number];

/** The design's own clusters and services when it overrides any (resolved like the scenario's). */
function designInfrastructure(d: RawDesign, raw: RawScenario, regions: ReadonlyMap<string, RegionInfo>): DesignInfrastructure | undefined {
  if (d.overrides === undefined) return undefined;
  return {
    clusters: overriddenClusters(raw.clusters, d.overrides).map((c) => resolveCluster(c, raw, regions)),
    services: overriddenServices(raw.workload.services, d.overrides).map(resolveService),
  };
}

function resolveSizing(d: RawDesign): SizingSpec | undefined {
  const z = d.sizing;
  if (z === undefined) return undefined;
  const v = z.survive ?? D.SIZING_SURVIVE;
  let survive: SizingSpec['survive'];
  if (typeof v === 'string') survive = { kind: v, name: undefined };
  else if (v.region !== undefined) survive = { kind: 'region', name: v.region };
  else if (v.cluster !== undefined) survive = { kind: 'cluster', name: v.cluster };
  else if (v.zone !== undefined) survive = { kind: 'zone', name: v.zone };
  else survive = { kind: 'none', name: undefined };
  return { headroomRatio: z.headroom ?? D.SIZING_HEADROOM, minReplicasPerCluster: z.minReplicasPerCluster ?? D.SIZING_MIN_REPLICAS_PER_CLUSTER, failoverNodes: z.failoverNodes ?? 'standing', survive };
}
