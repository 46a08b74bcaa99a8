import { createStream } from '../../engine/rng.js';
import { constant } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { ClusterSpec, Faults, FaultTarget } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { FaultEpisode, FaultKind, Impairment, UnnumberedEpisode } from './episode.js';
import { alternating, poissonOutages, YEAR_S, type Stochastic, type StreamOf } from './processes.js';
import { controlPlaneEpisodes } from './controlPlaneEpisodes.js';
import { linkEpisodes } from './linkEpisodes.js';
import { conditionedRegionOutages } from './rareOutages.js';

/**
 * One replication's faults, generated before any design is simulated. Failure processes do not
 * depend on what the fleet runs, so every design replays exactly this list: common random numbers
 * by construction, not by care.
 */
export type { FaultEpisode, FaultKind, Impairment, UnnumberedEpisode } from './episode.js';

export interface FaultScheduleInput {
  readonly fleet: Fleet;
  readonly clusters: readonly ClusterSpec[];
  readonly faults: Faults;
  readonly horizonS: number;
  readonly seed: string | number;
  readonly replication: number;
  /** A rare-stratum replication: its region outages are drawn conditioned on at least one (rareOutages.ts). */
  readonly rareStratum?: boolean;
  /**
   * Per link of the fleet: 1 when some design sends traffic or etcd peers over it (linkPairs.ts
   * usedLinks, the union over designs). With `links.pairs: used` only those draw faults; absent:
   * every pair does.
   */
  readonly usedLinks?: Uint8Array;
}

/** The billing month (730 h), the unit of spot interruption rates. */
const MONTH_S = 730 * 3600;

/** A scripted target resolved: what the episode carries besides its times. */
export interface ResolvedTarget {
  readonly kind: FaultKind;
  readonly id: number;
  readonly name: string;
  readonly impairment?: Impairment;
  readonly blocksNodeLaunches?: boolean;
}

/**
 * Resolve a scripted target to (kind, id, name) and, for faults that act on requests, their
 * impairment. Names were validated by the scenario loader. `dependencies`: faults.dependencies.
 * Long because it is one case per fault kind, each a few lines; split, the kinds would be harder to compare.
 */
export function resolveTarget(fleet: Fleet, target: FaultTarget, dependencies: readonly { readonly name: string }[] = []): ResolvedTarget {
  const clusterId = (name: string) => {
    const id = fleet.clusterByName.get(name);
    if (id === undefined) throw new RangeError(`fault target: unknown cluster "${name}"`);
    return id;
  };
  switch (target.kind) {
    case 'node': {
      const c = fleet.clusters[clusterId(target.cluster)];
      const pool = fleet.nodePools.find((p) => p.clusterId === c.id && p.name === target.pool);
      if (!pool) throw new RangeError(`fault target: cluster "${target.cluster}" has no node pool "${target.pool}"`);
      let seen = 0;
      for (let n = c.nodeStart; n < c.nodeStart + c.nodeCount; n++) {
        if (fleet.nodes.poolId[n] !== pool.id) continue;
        if (seen === target.index) return { kind: 'node', id: n, name: `${c.name}/${pool.name}#${target.index}` };
        seen++;
      }
      throw new RangeError(`fault target: node pool "${target.cluster}/${target.pool}" has ${seen} nodes; index ${target.index} is out of range`);
    }
    case 'zone': {
      const id = fleet.zoneByName.get(target.zone);
      if (id === undefined) throw new RangeError(`fault target: unknown zone "${target.zone}"`);
      return { kind: 'zone', id, name: target.zone };
    }
    case 'region':
    case 'nodeLaunches': {
      const id = fleet.regionByName.get(target.region);
      if (id === undefined) throw new RangeError(`fault target: unknown region "${target.region}"`);
      return { kind: target.kind, id, name: target.region };
    }
    case 'cluster':
    case 'etcdLeader':
    case 'controlPlane':
      return { kind: target.kind, id: clusterId(target.cluster), name: target.cluster };
    case 'etcdMember': {
      const c = fleet.clusters[clusterId(target.cluster)];
      if (target.index >= c.etcdCount) {
        throw new RangeError(`fault target: cluster "${target.cluster}" has ${c.etcdCount} etcd members; index ${target.index} is out of range`);
      }
      return { kind: 'etcdMember', id: c.etcdStart + target.index, name: `${c.name}/etcd-${target.index}` };
    }
    case 'link': {
      const a = fleet.regionByName.get(target.a);
      const b = fleet.regionByName.get(target.b);
      if (a === undefined || b === undefined) throw new RangeError(`fault target: unknown link ${target.a}~${target.b}`);
      const id = fleet.linkIdByRegions[a * fleet.regions.length + b];
      return { kind: 'link', id, name: `${target.a}~${target.b}` };
    }
    case 'badChange': {
      const id = clusterId(target.cluster);
      const impairment: Impairment = {
        clusters: [id],
        services: target.services,
        scope: 'pods',
        errorRatio: target.errorRatio,
        extraLatencyMs: target.extraLatencyMs,
        capacityLostRatio: target.capacityLostRatio,
      };
      return { kind: 'badChange', id, name: target.cluster, impairment };
    }
    case 'brownout': {
      const base = { services: undefined, scope: 'pods' as const, errorRatio: target.errorRatio, extraLatencyMs: target.extraLatencyMs, capacityLostRatio: 0 };
      if (target.region !== undefined) {
        const id = fleet.regionByName.get(target.region);
        if (id === undefined) throw new RangeError(`fault target: unknown region "${target.region}"`);
        const clusters = fleet.clusters.filter((c) => c.regionId === id).map((c) => c.id);
        return { kind: 'brownout', id, name: target.region, impairment: { ...base, clusters }, ...(target.blocksNodeLaunches ? { blocksNodeLaunches: true } : {}) };
      }
      const id = clusterId(target.cluster!);
      return { kind: 'brownout', id, name: target.cluster!, impairment: { ...base, clusters: [id] }, ...(target.blocksNodeLaunches ? { blocksNodeLaunches: true } : {}) };
    }
    case 'certificate': {
      const id = clusterId(target.cluster);
      // Serving: every user request entering the cluster fails its TLS handshake; calls between
      // pods use the mesh's own certificates and are untouched. Client: the mesh's certificate of
      // the cluster's pods: peers in other clusters refuse its calls (mTLS).
      const scope = target.client ? 'client' : 'ingress';
      return { kind: 'certificate', id, name: target.client ? `${target.cluster} (mesh client)` : target.cluster, impairment: { clusters: [id], services: undefined, scope, errorRatio: 1, extraLatencyMs: 0, capacityLostRatio: 0 } };
    }
    case 'upgrade':
      return { kind: 'upgrade', id: clusterId(target.cluster), name: target.cluster };
    case 'dependency': {
      const id = dependencies.findIndex((d) => d.name === target.dependency);
      if (id < 0) throw new RangeError(`fault target: unknown dependency "${target.dependency}"`);
      return { kind: 'dependency', id, name: target.dependency };
    }
  }
}



type Unnumbered = UnnumberedEpisode;

/** Build every fault episode of one replication, sorted by start time (ties: generation order). */
export function generateFaultSchedule(input: FaultScheduleInput): FaultEpisode[] {
  const { fleet, faults, horizonS, seed, replication } = input;
  const out: Unnumbered[] = [];
  const stream: StreamOf = (name) => createStream(seed, replication, name);

  // Generation order is part of the result (it breaks ties between equal start times): keep it.
  scriptedEpisodes(fleet, faults, out);
  const st = faults.stochastic;
  if (st.nodes) nodeEpisodes(fleet, st.nodes, horizonS, stream, out);
  if (st.etcdMembers) etcdMemberEpisodes(fleet, st.etcdMembers, horizonS, stream, out);
  if (st.zones) {
    const d = toDistribution(st.zones.duration);
    for (const z of fleet.zones) {
      poissonOutages(stream(`faults/zone/${z.name}`), st.zones.perYear, d, horizonS, (s, e) =>
        out.push({ kind: 'zone', targetId: z.id, targetName: z.name, startS: s, endS: e, source: 'stochastic' }),
      );
    }
  }
  if (st.regions) {
    const d = toDistribution(st.regions.duration);
    const blocks = st.regions.blocksNodeLaunches ? { blocksNodeLaunches: true } : {};
    const push = (r: Fleet['regions'][number], s: number, e: number) =>
      out.push({ kind: 'region', targetId: r.id, targetName: r.name, startS: s, endS: e, source: 'stochastic', ...blocks });
    if (input.rareStratum === true && st.regions.perYear > 0 && fleet.regions.length > 0) {
      // A rare-stratum replication (runner.ts): at least one region outage, drawn exactly given that.
      const streams = fleet.regions.map((r) => stream(`faults/region/${r.name}`));
      conditionedRegionOutages(stream('faults/region/conditioned'), streams, st.regions.perYear, d, horizonS, (i, s, e) => push(fleet.regions[i], s, e));
    } else {
      for (const r of fleet.regions) poissonOutages(stream(`faults/region/${r.name}`), st.regions.perYear, d, horizonS, (s, e) => push(r, s, e));
    }
  }
  if (st.links) linkEpisodes(fleet, st.links, horizonS, stream, out, input.usedLinks);
  if (st.controlPlanes) controlPlaneEpisodes(fleet, input.clusters, st.controlPlanes, horizonS, stream, out);
  // Last, and on streams of their own: a design that turns a pool to spot (or back) leaves every
  // other fault of the replication where it was.
  spotEpisodes(fleet, input.clusters, st.spot.noticeS, horizonS, stream, out);

  return numbered(out);
}

/** Sorted by start time (ties: the order given) and numbered 0…n−1. */
export function numbered(episodes: readonly UnnumberedEpisode[]): FaultEpisode[] {
  const order = episodes.map((_, i) => i).sort((a, b) => episodes[a].startS - episodes[b].startS || a - b);
  return order.map((i, id) => ({ ...episodes[i], id }));
}

/**
 * A fleet's schedule with a design's own episodes (its rollouts of changes, the dependencies it uses,
 * replayed incidents) added: the fleet's episodes keep their order and come first at equal times.
 * Without extras it is the fleet's schedule itself, so designs without them replay exactly it.
 */
export function withDesignEpisodes(base: readonly FaultEpisode[], extra: readonly UnnumberedEpisode[]): readonly FaultEpisode[] {
  if (extra.length === 0) return base;
  return numbered([...base.map(({ id: _id, ...rest }) => rest), ...extra]);
}

function scriptedEpisodes(fleet: Fleet, faults: Faults, out: Unnumbered[]): void {
  for (const f of faults.scripted) {
    const t = resolveTarget(fleet, f.target, faults.dependencies);
    const link = f.target.kind === 'link' ? f.target : undefined;
    out.push({
      kind: t.kind,
      targetId: t.id,
      targetName: t.name,
      startS: f.atS,
      endS: f.atS + f.forS,
      source: 'scripted',
      ...(link ? { linkMode: link.mode, extraLatencyMs: link.extraLatencyMs, lossRatio: link.lossRatio } : {}),
      ...(t.impairment ? { impairment: t.impairment } : {}),
      ...(t.blocksNodeLaunches ? { blocksNodeLaunches: true } : {}),
    });
  }
}


function nodeEpisodes(fleet: Fleet, spec: NonNullable<Stochastic['nodes']>, horizonS: number, stream: StreamOf, out: Unnumbered[]): void {
  const up = toDistribution(spec.timeToFailure);
  const down = toDistribution(spec.timeToRepair);
  // One stream per node pool, nodes drawn in order: adding nodes to a pool leaves the existing
  // nodes' failures unchanged, which keeps capacity-planning comparisons paired.
  for (const pool of fleet.nodePools) {
    const cluster = fleet.clusters[pool.clusterId];
    const rng = stream(`faults/nodes/${cluster.name}/${pool.name}`);
    let index = 0;
    for (let n = cluster.nodeStart; n < cluster.nodeStart + cluster.nodeCount; n++) {
      if (fleet.nodes.poolId[n] !== pool.id) continue;
      const name = `${cluster.name}/${pool.name}#${index++}`;
      alternating(rng, up, down, horizonS, (s, e) => out.push({ kind: 'node', targetId: n, targetName: name, startS: s, endS: e, source: 'stochastic' }));
    }
  }
}

function etcdMemberEpisodes(fleet: Fleet, spec: NonNullable<Stochastic['etcdMembers']>, horizonS: number, stream: StreamOf, out: Unnumbered[]): void {
  const up = toDistribution(spec.timeToFailure);
  const down = toDistribution(spec.timeToRepair);
  for (const c of fleet.clusters) {
    if (c.etcdCount === 0) continue;
    const rng = stream(`faults/etcd/${c.name}`);
    for (let i = 0; i < c.etcdCount; i++) {
      const id = c.etcdStart + i;
      alternating(rng, up, down, horizonS, (s, e) =>
        out.push({ kind: 'etcdMember', targetId: id, targetName: `${c.name}/etcd-${i}`, startS: s, endS: e, source: 'stochastic' }),
      );
    }
  }
}




/**
 * Spot interruptions: every slot of a spot pool (its nodes, then the autoscaler's spares up to the
 * pool's maximum) gets a Poisson stream of interruption notices, each followed `noticeS` later by
 * the instance's termination. The pool's ratio is the probability that a node is interrupted within
 * a month (AWS Spot Instance Advisor's "frequency of interruption"), so the rate is −ln(1 − ratio)
 * per 730-hour month. A slot without a running node at the notice is left alone by the replay; the
 * process being memoryless, this is the same as drawing only while a node runs. One stream per
 * pool (`faults/spot/<cluster>/<pool>`), slots drawn in order.
 */
function spotEpisodes(fleet: Fleet, clusters: readonly ClusterSpec[], noticeS: number, horizonS: number, stream: StreamOf, out: Unnumbered[]): void {
  for (const spec of clusters) {
    const clusterId = fleet.clusterByName.get(spec.name);
    if (clusterId === undefined) continue;
    for (const poolSpec of spec.nodePools) {
      const ratio = poolSpec.spotInterruptionsPerMonthRatio;
      if (!(ratio > 0)) continue;
      const pool = fleet.nodePools.find((p) => p.clusterId === clusterId && p.name === poolSpec.name);
      if (!pool) continue;
      const perYear = (-Math.log(1 - Math.min(ratio, 1 - 1e-12)) * YEAR_S) / MONTH_S;
      const slots = Math.max(pool.count, poolSpec.autoscaling?.maxCount ?? 0);
      const rng = stream(`faults/spot/${spec.name}/${pool.name}`);
      const notice = constant(noticeS);
      for (let slot = 0; slot < slots; slot++) {
        const name = `${spec.name}/${pool.name}#${slot}`;
        poissonOutages(rng, perYear, notice, horizonS, (s, e) =>
          out.push({ kind: 'spotInterruption', targetId: pool.id, targetName: name, slot, startS: s, endS: e, source: 'stochastic' }),
        );
      }
    }
  }
}
