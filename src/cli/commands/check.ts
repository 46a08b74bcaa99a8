import { controlPlaneAvailability, describeControlPlaneOutages, describeDistribution, formatBytes, formatCpu, formatDuration, formatError, type Scenario, type ScenarioError } from '../../scenario/index.js';
import { sortErrors } from '../../scenario/errors.js';
import { existsSync } from 'node:fs';
import { billedControlPlaneTier, catalogFor, loadPricedScenario, parsePricedScenario, poolPrices, type PriceCatalog } from '../../cost/index.js';
import { structured } from '../outputFormat.js';
import { resolveScenarioArg, type ScenarioSource } from '../scenarioSource.js';
import { EXIT_BAD_INPUT, UserError } from '../exitCodes.js';
import { faultSourceLines } from '../faultLines.js';
import { table } from '../../report/terminalTable.js';
import { terminalSafe, terminalSafeLine } from '../../report/terminalText.js';
import { dataFlowSummary, dataFlowWarnings, type DesignDataFlows } from '../dataFlowLines.js';
export type { DataFlowView, DesignDataFlows } from '../dataFlowLines.js';

export interface CheckOptions {
  output: string;
  /** Warnings are errors: exit code 2 when there is any. */
  strict?: boolean;
}

/**
 * The per-design placement section of `check`: where each service runs and each cluster's
 * headroom. It is computed by the fleet and placement model, which this module does not import:
 * the command's definition (definitions/check.ts) installs `renderPlacement` (cli/placementReport.ts)
 * with `setPlacementReport` when check runs: the model loads only for check. `text` is
 * printed under "Placement", `json` goes under "placement" in JSON output, and any problem with
 * severity "error" (pods that do not fit, residency violations) makes `check` exit with code 2.
 */
export interface PlacementReport {
  readonly text: string;
  readonly json: unknown;
  readonly problems: readonly { readonly severity: 'error' | 'warning'; readonly message: string }[];
}
export let placementReport: ((scenario: Scenario) => PlacementReport) | undefined;
export function setPlacementReport(fn: typeof placementReport): void {
  placementReport = fn;
}

/**
 * Residency as data flow (docs/residency.md): per design, where each data class travels. Installed
 * like the placement report (the model's dataFlows() reaches cli/ only through run/). Each flow out of
 * its class's allowed regions is printed as a warning; `check` still exits 0 for them.
 */
export let dataFlowReport: ((scenario: Scenario) => readonly DesignDataFlows[]) | undefined;
export function setDataFlowReport(fn: typeof dataFlowReport): void {
  dataFlowReport = fn;
}

/**
 * The designs' warnings (offered load above capacity, callees no call can reach, single pods;
 * docs/scenario.md, Warnings), at file:line:col. They read the model, so they are installed like the
 * placement report (definitions/check.ts, cli/scenarioWarningsReport.ts).
 */
export let scenarioWarnings: ((scenario: Scenario) => readonly ScenarioError[]) | undefined;
export function setScenarioWarnings(fn: typeof scenarioWarnings): void {
  scenarioWarnings = fn;
}

/**
 * `fleetsim check FILE`: the summary, placement and data flows of a scenario, or its errors (exit 2).
 * `installReports` runs once the file is valid: the command's definition loads the fleet model there
 * (not for a file with errors) and installs the placement and data-flow reports.
 */
export async function checkAction(file: string, opts: CheckOptions, installReports?: () => Promise<void>): Promise<void> {
  if (opts.output !== 'table' && opts.output !== 'json' && opts.output !== 'yaml') throw new UserError(`--output must be table, json or yaml, got "${opts.output}"`);
  // A file on disk goes through the loader, whose read errors (too large, a device, unreadable) are
  // reported like any other at file:line:col, in the JSON output too; a bundled name or - is resolved first.
  const result = file !== '-' && existsSync(file) ? loadPricedScenario(file) : parseSource(resolveScenarioArg(file));
  if (!result.ok) {
    if (opts.output !== 'table') process.stdout.write(await structured({ ok: false, file, errors: result.errors }, opts.output));
    else process.stderr.write(renderErrors(result.errors));
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  await installReports?.();
  const placement = placementReport?.(result.scenario);
  const placementErrors = placement?.problems.filter((p) => p.severity === 'error') ?? [];
  const flows = result.scenario.workload.dataClasses.length > 0 ? dataFlowReport?.(result.scenario) : undefined;
  const warnings = sortErrors([...result.warnings, ...(scenarioWarnings?.(result.scenario) ?? [])]);
  // --strict: what would only be a warning fails the check, as an error would.
  const strictFailed = opts.strict === true && warnings.length > 0;
  if (opts.output !== 'table') {
    process.stdout.write(await structured({ ok: placementErrors.length === 0 && !strictFailed, file, warnings, scenario: result.scenario, placement: placement?.json ?? null, dataFlows: flows ?? null }, opts.output));
  } else {
    process.stdout.write(renderSummary(result.scenario));
    // Everything below quotes the scenario (names, descriptions): shown escaped, never sent raw to the terminal.
    process.stdout.write(placement ? `\nPlacement\n${terminalSafe(placement.text)}\n` : '\nPlacement: not computed yet (fleet model pending)\n');
    for (const p of placement?.problems ?? []) process.stdout.write(`${p.severity}: ${terminalSafe(p.message)}\n`);
    if (flows !== undefined) {
      process.stdout.write(`\n${terminalSafe(dataFlowSummary(flows))}`);
      for (const w of dataFlowWarnings(flows)) process.stdout.write(`warning: ${terminalSafeLine(w)}\n`);
    } else if (result.scenario.workload.dataClasses.length > 0) process.stdout.write('\nData flows: not computed (no data-flow model installed)\n');
    if (warnings.length > 0) process.stderr.write('\n' + renderWarnings(warnings, opts.strict === true));
  }
  if (placementErrors.length > 0 || strictFailed) process.exitCode = EXIT_BAD_INPUT;
}

/** Warnings one a line, terminal-safe; with --strict, a last line says they failed the check. */
export function renderWarnings(warnings: readonly ScenarioError[], strict: boolean): string {
  const lines = warnings.map((w) => terminalSafeLine(formatError(w)));
  if (strict) lines.push(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}, errors with --strict`);
  return lines.join('\n') + '\n';
}

/** The loader's errors, one a line, terminal-safe: messages quote the file (names, values). */
export function renderErrors(errors: readonly ScenarioError[]): string {
  const n = errors.filter((e) => e.severity === 'error').length;
  const w = errors.length - n;
  return `${errors.map((e) => terminalSafeLine(formatError(e))).join('\n')}\n${n} error${n === 1 ? '' : 's'}${w > 0 ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}\n`;
}

const MAX_LINK_ROWS = 20;
const pct = (r: number) => `${Number((r * 100).toPrecision(6))}%`;
const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`;

/**
 * A plain-text summary: what fleetsim understood from the file, with the defaults it applied.
 * Terminal-safe: names and descriptions come from the file and may carry control characters.
 */
export function renderSummary(s: Scenario): string {
  const out: string[] = [];
  out.push(`${terminalSafeLine(s.sourceFile)}: valid scenario "${terminalSafeLine(s.name)}"${s.description ? ` — ${terminalSafeLine(s.description)}` : ''}`);

  out.push('\nRegions');
  out.push(table(['region', 'provider', 'zones'], s.topology.regions.map((r) => [r.name, r.provider, r.zones.join(' ')])));
  if (s.topology.links.length > 0) {
    out.push(`\nLinks (inside a zone ${s.topology.intraZoneRttMs} ms, between zones ${s.topology.interZoneRttMs} ms)`);
    out.push(
      table(
        ['between', 'rtt ms', 'rtt from', 'bandwidth', 'loss'],
        s.topology.links.slice(0, MAX_LINK_ROWS).map((l) => [`${l.a} ↔ ${l.b}`, l.rttMs.toFixed(1), l.rttSource === 'scenario' ? 'file' : 'estimate (great circle)', l.bandwidthGbps === undefined ? 'unlimited' : `${l.bandwidthGbps} Gbps`, pct(l.lossRatio)]),
      ),
    );
    if (s.topology.links.length > MAX_LINK_ROWS) out.push(`… and ${s.topology.links.length - MAX_LINK_ROWS} more (--output json lists all)`);
  }

  const prices = poolPrices(s);
  const catalog = catalogFor(s);
  const priceOf = (cluster: string, pool: string) => prices.get(`${cluster}/${pool}`);
  out.push('\nClusters');
  out.push(
    table(
      ['cluster', 'region', 'zones', 'k8s', 'control plane', 'nodes', 'vCPU', 'memory', 'nodes $/h'],
      s.clusters.map((c) => {
        const nodes = c.nodePools.reduce((a, p) => a + p.count, 0);
        const cpu = c.nodePools.reduce((a, p) => a + p.count * p.cpuMillicores, 0);
        const mem = c.nodePools.reduce((a, p) => a + p.count * p.memoryBytes, 0);
        const cost = c.nodePools.reduce((a, p) => a + p.count * (prices.get(`${c.name}/${p.name}`)?.usdPerHour ?? 0), 0);
        const cp =
          c.controlPlane.kind === 'managed'
            ? controlPlaneText(c, catalog)
            : `etcd ${c.controlPlane.etcd.version} × ${c.controlPlane.etcd.memberCount} (${c.controlPlane.etcd.members.map((m) => `${m.zone}:${m.count}`).join(' ')}; hb ${formatDuration(c.controlPlane.etcd.heartbeatIntervalS)}, election ${formatDuration(c.controlPlane.etcd.electionTimeoutS)}, preVote ${c.controlPlane.etcd.preVote ? 'on' : 'off'})`;
        return [c.name, c.region, String(c.zones.length), c.kubernetesVersion, cp, String(nodes), formatCpu(cpu), formatBytes(mem), usd(cost)];
      }),
    ),
  );
  out.push('\nNode pools');
  out.push(
    table(
      ['cluster', 'pool', 'instance', 'cpu', 'memory', 'count', 'autoscaling', '$/node-h', 'price from'],
      s.clusters.flatMap((c) =>
        c.nodePools.map((p) => [
          c.name,
          p.name,
          p.instanceType ?? '(explicit)',
          formatCpu(p.cpuMillicores),
          formatBytes(p.memoryBytes),
          String(p.count),
          p.autoscaling ? `${p.autoscaling.minCount}–${p.autoscaling.maxCount}` : 'fixed',
          priceOf(c.name, p.name) === undefined ? '?' : usd(priceOf(c.name, p.name)!.usdPerHour),
          priceOf(c.name, p.name)?.source ?? 'none',
        ]),
      ),
    ),
  );
  const k = s.clusters[0]?.kubernetes;
  if (k) {
    out.push(
      `\nKubernetes timings (${s.clusters[0].name}): grace ${formatDuration(k.nodeMonitorGracePeriodS)}, tolerations ${formatDuration(k.notReadyTolerationS)}/${formatDuration(k.unreachableTolerationS)}, eviction ${k.evictionRateNodesPerS}/s, scheduler ${k.schedulerThroughputPodsPerS} pods/s, pod startup ${describeDistribution(k.podStartup)}`,
    );
  }

  out.push('\nServices');
  out.push(
    table(
      ['service', 'replicas', 'cpu', 'memory', 'service time', 'conc/pod', 'calls', 'data class'],
      s.workload.services.map((v) => [
        v.name,
        String(v.replicas),
        formatCpu(v.cpuMillicores),
        formatBytes(v.memoryBytes),
        describeDistribution(v.serviceTime),
        String(v.concurrencyPerPod),
        v.calls.map((c) => `${c.service}×${c.callsPerRequest}`).join(' ') || '-',
        v.dataClass ?? '-',
      ]),
    ),
  );
  out.push('\nUser regions');
  out.push(
    table(
      ['users', 'location', 'rate/s', 'entry', 'peak/trough', 'peak UTC', 'spikes'],
      s.workload.userRegions.map((u) => [
        u.name,
        u.location.kind === 'nearRegion' ? `near ${u.location.region} (+${u.location.accessRttMs} ms)` : 'explicit RTTs',
        String(Number(u.ratePerS.toPrecision(6))),
        u.entryService,
        String(u.diurnal.peakToTroughRatio),
        `${u.diurnal.peakHourUtc}h`,
        u.spikes.map((x) => `×${x.multiplier}@${formatDuration(x.atS)}`).join(' ') || '-',
      ]),
    ),
  );
  if (s.workload.dataClasses.length > 0) {
    out.push('\nData classes');
    out.push(table(['class', 'allowed regions', 'enforcement'], s.workload.dataClasses.map((d) => [d.name, d.allowedRegions.join(' '), d.enforcement])));
  }

  out.push('\nDesigns');
  for (const d of s.designs) {
    const ing = d.traffic.ingress;
    const ingress = ing.kind === 'dns' ? `DNS (check ${formatDuration(ing.healthCheckIntervalS)} × ${ing.failureThreshold}, TTL ${formatDuration(ing.ttlS)})` : `anycast (check ${formatDuration(ing.healthCheckIntervalS)} × ${ing.unhealthyThreshold})`;
    out.push(terminalSafeLine(`  ${d.name}: ${ingress}${d.traffic.mesh ? `, mesh (${d.traffic.mesh.localityOrder.join(' → ')})` : ', no mesh'}${d.description ? ` — ${d.description}` : ''}`));
    out.push(
      table(
        ['service', 'scheduling', 'clusters', 'spread', 'residency', 'failover'],
        d.policies.map((p) => {
          const r = p.replicaScheduling;
          const sched = r.type === 'duplicated' ? 'duplicated' : r.division === 'weighted' ? `divided ${r.weights.length > 0 ? r.weights.map((w) => `${w.cluster}:${w.weight}`).join(' ') : 'equal'}` : `divided ${r.division}`;
          const aff = p.clusterAffinities
            .map((a) => [a.clusterNames?.join(',') ?? '', a.regions ? `regions ${a.regions.join(',')}` : '', Object.entries(a.labels).map(([kk, vv]) => `${kk}=${vv}`).join(','), a.providers ? a.providers.join(',') : ''].filter(Boolean).join(' ') || 'any')
            .join(' then ');
          return [
            p.service,
            sched,
            aff,
            p.spreadConstraints.map((c) => `${c.spreadByField}≥${c.minGroups}`).join(' ') || '-',
            p.residency ? `${p.residency.allowedRegions.join(',')} ${p.residency.enforcement}` : '-',
            !p.failover.enabled ? 'off' : d.karmada.clusterFailover ? `on after ${formatDuration(p.failover.tolerationS)}` : `inert (Karmada ${d.karmada.version}: cluster failover off)`,
          ];
        }),
      ),
    );
  }

  out.push('\nFaults');
  for (const f of s.faults.scripted) {
    const t = f.target;
    const what = t.kind === 'link' ? `link ${t.a} ↔ ${t.b} ${t.mode}` : t.kind === 'node' ? `node ${t.cluster}/${t.pool}/${t.index}` : t.kind === 'etcdMember' ? `etcd member ${t.cluster}/${t.index}` : t.kind === 'dependency' ? `dependency ${t.dependency}` : t.kind === 'brownout' ? `brownout ${t.region ?? t.cluster}` : `${t.kind} ${'zone' in t ? t.zone : 'region' in t ? t.region : t.cluster}`;
    out.push(`  scripted: ${what} at ${formatDuration(f.atS)} for ${formatDuration(f.forS)}`);
  }
  const st = s.faults.stochastic;
  if (st.nodes) out.push(`  nodes: time to failure ${describeDistribution(st.nodes.timeToFailure)}, repair ${describeDistribution(st.nodes.timeToRepair)}`);
  if (st.etcdMembers) out.push(`  etcd members: time to failure ${describeDistribution(st.etcdMembers.timeToFailure)}, repair ${describeDistribution(st.etcdMembers.timeToRepair)}`);
  if (st.zones) out.push(`  zones: ${st.zones.perYear}/year each, lasting ${describeDistribution(st.zones.duration)}`);
  if (st.regions) out.push(`  regions: ${st.regions.perYear}/year each, lasting ${describeDistribution(st.regions.duration)}`);
  if (st.links) out.push(`  links: ${st.links.perYear}/year each, ${st.links.mode}, lasting ${describeDistribution(st.links.duration)}`);
  if (st.controlPlanes) {
    out.push(`  control planes: ${describeControlPlaneOutages(st.controlPlanes)}`);
    // The SLA is a credit floor, not a failure rate: show what the model assumes beside it.
    for (const row of controlPlaneAvailability(s.clusters, st.controlPlanes)) {
      const sla = row.slaAvailabilityRatio === undefined ? 'no SLA' : `SLA ${pct(row.slaAvailabilityRatio)}`;
      out.push(`    ${row.cluster} (${row.tier}): ${Number(row.perYear.toPrecision(3))}/year × ${formatDuration(Math.round(row.meanOutageS))} mean → modelled ${pct(row.modelledAvailabilityRatio)}; ${sla}`);
    }
  }
  const sources = faultSourceLines(s.faults);
  out.push(...sources);
  if (s.faults.scripted.length === 0 && sources.length === 0 && Object.values(st).every((x) => x === undefined)) out.push('  none');

  const r = s.run;
  out.push(`\nRun: horizon ${formatDuration(r.horizonS)}, warm-up ${formatDuration(r.warmupS)}, ${r.replications} replications, seed ${r.seed}`);
  if (r.slo) {
    out.push(`SLO: availability ${pct(r.slo.availabilityRatio)}${r.slo.latency.map((l) => `, p${l.percentile} ≤ ${formatDuration(l.maxS)}${l.userRegion ? ` (${l.userRegion})` : ''}`).join('')}`);
  } else out.push('SLO: none given');
  return terminalSafe(out.join('\n')) + '\n';
}

/** A managed control plane as billed: the declared tier, or the one its Kubernetes version forces (EKS extended support). */
function controlPlaneText(c: Scenario['clusters'][number], catalog: PriceCatalog | undefined): string {
  const cp = c.controlPlane;
  if (cp.kind !== 'managed') return '';
  const sla = `SLA ${cp.slaAvailabilityRatio === undefined ? 'none' : pct(cp.slaAvailabilityRatio)}`;
  const billed = billedControlPlaneTier(c);
  if (billed.tier === cp.tier) return `${cp.tier} (${sla}, ${usd(cp.feeUsdPerHour)}/h)`;
  const fee = catalog?.find(`controlPlane/${cp.provider}/${billed.tier}`, c.region)?.usd;
  return `${cp.tier}, billed ${billed.tier}${fee !== undefined ? ` ${usd(fee)}/h` : ''}: ${c.kubernetesVersion} is past standard support (${sla})`;
}

function parseSource(source: ScenarioSource) {
  return parsePricedScenario(source.text, source.name);
}
