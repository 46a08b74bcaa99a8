import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { round } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';
import type { FleetSize } from '../fleetScenario.js';

interface ChildResult {
  setupMs: number;
  faultsMs: number;
  simulateMs: number;
  replicationMs: number;
  /** CPU time of the replication (user + system): steadier than wall time on a shared machine. */
  replicationCpuMs: number;
  maxRssMB: number;
  events: number;
  faults: number;
  etcdEpisodes: number;
  nodes: number;
  pods: number;
  availability: number | null;
}

function runChild(repoRoot: string, size: FleetSize): ChildResult {
  const out = execFileSync(process.execPath, [join(repoRoot, 'dist/bench/fleetChild.js'), JSON.stringify(size)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as ChildResult;
}

/** Best (fastest) of `repeats` fresh-process runs. */
function best(repoRoot: string, size: FleetSize, repeats: number): ChildResult {
  let b: ChildResult | null = null;
  for (let i = 0; i < repeats; i++) {
    const r = runChild(repoRoot, size);
    if (b === null || r.replicationMs < b.replicationMs) b = r;
  }
  return b!;
}

const BASE: FleetSize = { clusters: 100, nodesPerCluster: 100, services: 50, userRegions: 10, horizon: '365d', traffic: false };
/** Issue 18's segmented fleet: 100 clusters × 20 nodes, 50 services pinned to groups of 10 clusters, called through a mesh. */
const SEGMENTED_SIZE: FleetSize = { clusters: 100, nodesPerCluster: 20, services: 50, userRegions: 10, horizon: '365d', traffic: true, mesh: true, segmented: true };
const SEGMENTED = 'segmented, mesh: 100 × 20, 50 svc, 10 user regions, 1 year';
const SEGMENTED_BASELINE = 'replicated, same fleet: 100 × 20, 50 svc, 10 user regions, 1 year';
/** Issue 18's edge fleet: 3,000 clusters of 3 nodes with one etcd member each, 10 services. */
const EDGE_SIZE: FleetSize = { clusters: 3000, nodesPerCluster: 3, services: 10, userRegions: 10, horizon: '365d', traffic: false, etcdMembers: 1 };
const EDGE = 'edge: 3,000 × 3, 1 etcd member, 10 svc, 1 year';
const EDGE_TRAFFIC = 'edge with traffic: 3,000 × 3, 10 svc, 10 user regions, 1 year';

function row(label: string, size: FleetSize, r: ChildResult): Row {
  return {
    case: label,
    clusters: size.clusters,
    nodes: r.nodes,
    services: size.services,
    pods: r.pods,
    horizon: size.horizon,
    traffic: size.traffic,
    mesh: size.mesh === true,
    segmented: size.segmented === true,
    retries: size.retries === true,
    faults: r.faults,
    events: r.events,
    etcdEpisodes: r.etcdEpisodes,
    replicationS: round(r.replicationMs / 1000, 2),
    replicationCpuS: round(r.replicationCpuMs / 1000, 2),
    simulateS: round(r.simulateMs / 1000, 2),
    setupS: round(r.setupMs / 1000, 2),
    maxRssMB: round(r.maxRssMB, 0),
  };
}

/**
 * A year of a large fleet: 100 clusters × 100 nodes (3-member etcd each), 50 services × 3 replicas
 * duplicated in every cluster, stochastic node, zone, region and link failures. Per replication
 * (fault generation + simulation, excluding parsing/placement, which is reported apart) in a fresh
 * process; how time grows with clusters, services and horizon; with and without traffic; and a
 * smaller fleet with a service mesh (the whole-fleet evaluation path).
 */
export const fleetSuite: Suite = {
  name: 'fleet',
  description: 'Large-fleet year (failures issue) and with traffic (traffic issue): seconds and peak memory per replication',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log, repoRoot } = options;
    const repeats = quick ? 1 : 2;
    const rows: Row[] = [];
    const cases: Array<[string, FleetSize]> = [
      ['failures: 100 × 100, 1 year', BASE],
      ['traffic: 100 × 100, 50 svc, 10 user regions, 1 year', { ...BASE, traffic: true }],
    ];
    if (!quick) {
      for (const clusters of [10, 30]) cases.push([`scale clusters (traffic)`, { ...BASE, clusters, traffic: true }]);
      for (const services of [10, 25]) cases.push([`scale services (traffic)`, { ...BASE, services, traffic: true }]);
      for (const horizon of ['30d', '120d']) cases.push([`scale horizon (traffic)`, { ...BASE, horizon, traffic: true }]);
      for (const clusters of [10, 30]) cases.push([`scale clusters (failures)`, { ...BASE, clusters }]);
      // With a mesh calls may cross clusters, so every evaluation covers the whole fleet (no
      // per-cluster cache): 10 clusters keep the case to a few seconds.
      cases.push(['mesh: 10 × 100, 50 svc, 10 user regions, 1 year', { ...BASE, clusters: 10, traffic: true, mesh: true }]);
    }
    // Issue 18: the segmented design through a mesh against the replicated design of the same fleet,
    // and an edge fleet of 3,000 small clusters.
    cases.push([SEGMENTED, SEGMENTED_SIZE], [SEGMENTED_BASELINE, { ...SEGMENTED_SIZE, mesh: false, segmented: false }]);
    if (!quick) {
      for (const clusters of [30, 50]) cases.push(['scale clusters (segmented, mesh)', { ...SEGMENTED_SIZE, clusters }]);
      for (const services of [10, 25]) cases.push(['scale services (segmented, mesh)', { ...SEGMENTED_SIZE, services }]);
      for (const horizon of ['30d', '120d']) cases.push(['scale horizon (segmented, mesh)', { ...SEGMENTED_SIZE, horizon }]);
      // The replicated design of the same fleet through a mesh (network-centric replication): every
      // evaluation covers the whole fleet's 5,000 busy pools (no per-cluster cache); 30 days keep
      // the case to a few seconds.
      cases.push(['replicated, mesh: 100 × 20, 50 svc, 10 user regions, 30 days', { ...SEGMENTED_SIZE, segmented: false, horizon: '30d' }]);
      // The segmented fleet with the mesh's retries (Istio's defaults: no timeout), whose latency is
      // computed attempt by attempt (docs/traffic/latency-attempts.md, "Computed with retries").
      cases.push(['segmented, mesh, retries (no timeout): 100 × 20, 50 svc, 10 user regions, 1 year', { ...SEGMENTED_SIZE, retries: true }]);
    }
    cases.push([EDGE, EDGE_SIZE]);
    if (!quick) cases.push([EDGE_TRAFFIC, { ...EDGE_SIZE, traffic: true }]);
    const results = new Map<string, ChildResult>();
    for (const [label, size] of cases) {
      log(`fleet: ${label} (${size.clusters} clusters, ${size.services} services, ${size.horizon}, traffic ${size.traffic}${size.mesh ? ', mesh' : ''})`);
      const r = best(repoRoot, size, repeats);
      results.set(label, r);
      rows.push(row(label, size, r));
    }
    const failures = results.get('failures: 100 × 100, 1 year')!;
    const traffic = results.get('traffic: 100 × 100, 50 svc, 10 user regions, 1 year')!;
    const targets: TargetCheck[] = [
      { name: 'failures issue: large fleet, one year, per replication', target: '<= 2 s', measured: `${round(failures.replicationMs / 1000, 2)} s`, pass: failures.replicationMs <= 2000 },
      { name: 'failures issue: peak memory per replication', target: '<= 300 MB', measured: `${round(failures.maxRssMB, 0)} MB`, pass: failures.maxRssMB <= 300 },
      { name: 'traffic issue: large fleet with traffic, per replication', target: '<= 3 s', measured: `${round(traffic.replicationMs / 1000, 2)} s`, pass: traffic.replicationMs <= 3000 },
    ];
    const segmented = results.get(SEGMENTED)!;
    const baseline = results.get(SEGMENTED_BASELINE)!;
    const edge = results.get(EDGE)!;
    targets.push(
      { name: 'issue 18: segmented fleet with a mesh, one year, per replication', target: '<= 3 s', measured: `${round(segmented.replicationMs / 1000, 2)} s`, pass: segmented.replicationMs <= 3000 },
      { name: 'issue 18: segmented with a mesh against the replicated design of the same fleet', target: '<= 1.5x', measured: `${round(segmented.replicationMs / baseline.replicationMs, 2)}x`, pass: segmented.replicationMs <= 1.5 * baseline.replicationMs },
      { name: 'issue 18: edge fleet of 3,000 clusters, one year, per replication', target: '<= 10 s', measured: `${round(edge.replicationMs / 1000, 2)} s`, pass: edge.replicationMs <= 10_000 },
      { name: 'issue 18: edge fleet peak memory', target: '<= 1 GB', measured: `${round(edge.maxRssMB, 0)} MB`, pass: edge.maxRssMB <= 1024 },
    );
    const edgeTraffic = results.get(EDGE_TRAFFIC);
    if (edgeTraffic !== undefined) {
      targets.push(
        { name: 'issue 18: edge fleet with traffic (10 user regions), one year, per replication', target: '<= 10 s', measured: `${round(edgeTraffic.replicationMs / 1000, 2)} s`, pass: edgeTraffic.replicationMs <= 10_000 },
        { name: 'issue 18: edge fleet with traffic, peak memory', target: '<= 1 GB', measured: `${round(edgeTraffic.maxRssMB, 0)} MB`, pass: edgeTraffic.maxRssMB <= 1024 },
      );
    }
    return {
      rows,
      targets,
      notes: [
        'replicationS = fault generation + simulation of one design for one replication, in a fresh process, best of the repeats; replicationCpuS its CPU time',
        'setupS (parse, validate, resolve, place) is paid once per run, not per replication, and is shown apart',
        'maxRssMB is the child process peak resident set (Node itself is ~45 MB)',
      ],
    };
  },
};
