/**
 * One fleet replication in a fresh process, so peak memory (max RSS) belongs to it alone.
 * Usage: node dist/bench/fleetChild.js '<FleetSize JSON>'  → prints one JSON line.
 */
import { parseScenario } from '../src/scenario/index.js';
import { resolveFleet } from '../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../src/model/placement/resolveDesigns.js';
import { generateFaultSchedule } from '../src/model/faults/schedule.js';
import { runReplication } from '../src/model/replication/replication.js';
import { fleetScenarioYaml, type FleetSize } from './fleetScenario.js';

const size = JSON.parse(process.argv[2]) as FleetSize;
const t0 = performance.now();
const parsed = parseScenario(fleetScenarioYaml(size), 'bench-fleet.yaml');
if (!parsed.ok) {
  process.stderr.write(parsed.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n') + '\n');
  process.exit(2);
}
const sc = parsed.scenario;
const fleet = resolveFleet(sc);
const designs = resolveDesigns(sc, fleet);
const t1 = performance.now();
// CPU time too: the machine may be shared, and wall time then counts others' work.
const cpu1 = process.cpuUsage();
const faults = generateFaultSchedule({ fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication: 0 });
const t2 = performance.now();
const r = runReplication({
  fleet,
  clusters: sc.clusters,
  design: sc.designs[0],
  resolved: designs[0],
  faults,
  seed: sc.run.seed,
  replication: 0,
  horizonS: sc.run.horizonS,
  warmupS: 0,
  ...(size.traffic ? { scenario: sc } : {}),
});
const t3 = performance.now();
const cpu = process.cpuUsage(cpu1);
process.stdout.write(
  JSON.stringify({
    setupMs: t1 - t0,
    faultsMs: t2 - t1,
    simulateMs: t3 - t2,
    replicationMs: t3 - t1,
    replicationCpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    events: r.events,
    faults: faults.length,
    etcdEpisodes: r.etcdEpisodes,
    nodes: fleet.nodes.count,
    pods: r.services.reduce((a, s) => a + s.requiredReplicas, 0),
    availability: r.traffic?.availability ?? null,
    trafficEvaluations: r.traffic?.diagnostics?.evaluations ?? null,
    latencyEstimates: r.traffic?.diagnostics?.latencyEstimates ?? null,
  }) + '\n',
);
