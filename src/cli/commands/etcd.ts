import type { Command } from 'commander';
import { electionTicks, etcdLimitProblem, histogram, resolveRaftConfig, runLeaderCrash, type DistributionSummary, type HistogramBin, type LeaderCrashResult, type RaftConfig, type RaftConfigInput } from '../../run/etcdWhatIf.js';
import { parseScenario, formatError, parseDuration, knownRegion, estimateRttMs, KNOWN_REGIONS } from '../../scenario/index.js';
import { table } from '../../report/terminalTable.js';
import { UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { resolveScenarioArg } from '../scenarioSource.js';

interface EtcdOptions {
  cluster?: string;
  members?: number;
  zones?: string;
  rttMs?: string;
  heartbeat?: string;
  electionTimeout?: string;
  preVote: boolean;
  checkQuorum: boolean;
  fsync: string;
  jitter: string;
  leader: string;
  trials: number;
  seed: string;
  bins: number;
  output: string;
}

/** Milliseconds from a duration string ("100ms", "1s"); a bare number is refused with a hint. */
function durationMs(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UserError(`${flag}: expected ${parsed.expected}, got "${text}"${parsed.hint ? ` (${parsed.hint})` : ''}`);
  return parsed.value * 1000;
}

/** "70" (every pair) or rows "0,70,140;70,0,90;140,90,0". */
function parseRttMs(text: string, members: number | undefined): { members: number; rttMs: number | number[][] } {
  const rows = text.split(';').map((r) => r.trim()).filter((r) => r !== '');
  const num = (s: string) => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(v) || v < 0) throw new UserError(`--rtt-ms: "${s}" is not a round-trip time in ms (a number >= 0)`);
    return v;
  };
  if (rows.length === 1 && !rows[0].includes(',')) {
    return { members: members ?? 3, rttMs: num(rows[0]) };
  }
  const matrix = rows.map((r) => r.split(',').map(num));
  if (members !== undefined && members !== matrix.length) throw new UserError(`--rtt-ms has ${matrix.length} rows but --members is ${members}`);
  matrix.forEach((r, i) => {
    if (r.length !== matrix.length) throw new UserError(`--rtt-ms row ${i + 1} has ${r.length} values; a ${matrix.length}×${matrix.length} matrix needs ${matrix.length}`);
  });
  return { members: matrix.length, rttMs: matrix };
}

/** The known region a zone belongs to (by the provider's zone naming), or undefined. */
function regionOfZone(zone: string): string | undefined {
  for (const r of KNOWN_REGIONS) if (r.defaultZones.includes(zone)) return r.name;
  let best: string | undefined;
  for (const r of KNOWN_REGIONS) if (zone.startsWith(r.name) && (best === undefined || r.name.length > best.length)) best = r.name;
  return best;
}

/** RTTs for members placed in zones: same zone 0.2 ms, same region 1 ms, else the great-circle estimate. */
function zonesRttMs(zones: string[], rttOverride: string | undefined): { members: number; rttMs: number[][]; note: string } {
  const regions = zones.map((z) => {
    const r = regionOfZone(z);
    if (r === undefined && rttOverride === undefined) throw new UserError(`--zones: unknown zone "${z}"; give the RTTs with --rtt-ms`);
    return r ?? z;
  });
  const crossRegionMs = rttOverride === undefined ? undefined : Number(rttOverride);
  if (crossRegionMs !== undefined && !(crossRegionMs >= 0)) throw new UserError('with --zones, --rtt-ms is one number: the RTT between members in different regions');
  const rtt = zones.map((za, i) =>
    zones.map((zb, j) => {
      if (i === j) return 0;
      if (za === zb) return 0.2;
      if (regions[i] === regions[j]) return 1;
      if (crossRegionMs !== undefined) return crossRegionMs;
      return estimateRttMs(knownRegion(regions[i])!.location, knownRegion(regions[j])!.location);
    }),
  );
  return { members: zones.length, rttMs: rtt, note: 'same zone 0.2 ms, same region 1 ms, across regions ' + (crossRegionMs !== undefined ? `${crossRegionMs} ms (--rtt-ms)` : 'estimated from distance') };
}

interface Case {
  label: string;
  config: RaftConfig;
  result: LeaderCrashResult;
  writeHistogram: HistogramBin[];
  leaderHistogram: HistogramBin[];
}

const ms = (s: number) => (Number.isNaN(s) ? '-' : (s * 1000).toFixed(0));

function summaryMs(s: DistributionSummary) {
  return { count: s.count, meanMs: s.mean * 1000, minMs: s.min * 1000, medianMs: s.median * 1000, p90Ms: s.p90 * 1000, p99Ms: s.p99 * 1000, maxMs: s.max * 1000 };
}

function textHistogram(bins: HistogramBin[], width = 40): string {
  const most = Math.max(1, ...bins.map((b) => b.count));
  const labels = bins.map((b) => `${ms(b.fromS)}–${ms(b.toS)} ms`);
  const w = Math.max(...labels.map((l) => l.length));
  return bins.map((b, i) => `  ${labels[i].padStart(w)} | ${'█'.repeat(Math.round((b.count / most) * width)).padEnd(width)} ${b.count}`).join('\n');
}

function describeConfig(c: RaftConfig): string {
  const ticks = electionTicks(c);
  const range = `${ticks * c.heartbeatMs}–${(2 * ticks - 1) * c.heartbeatMs} ms in ${c.heartbeatMs} ms ticks`;
  return `heartbeat ${c.heartbeatMs} ms, election timeout ${c.electionTimeoutMs} ms (randomized ${range}), pre-vote ${c.preVote ? 'on' : 'off'}, check-quorum ${c.checkQuorum ? 'on' : 'off'}, fsync ${c.fsyncMs} ms`;
}

function rttText(c: RaftConfig): string {
  const n = c.members;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) rows.push([`m${i + 1}`, ...Array.from({ length: n }, (_, j) => String(c.rttMs[i * n + j]))]);
  return table(['RTT ms', ...Array.from({ length: n }, (_, j) => `m${j + 1}`)], rows);
}

/** The leader-crash experiment on the Raft model: time to a new leader and write unavailability. */
export function etcdAction(scenarioPath: string | undefined, opts: EtcdOptions, cmd: Command) {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  const limits = etcdLimitProblem({ trials: opts.trials, bins: opts.bins, electionTimeouts: opts.electionTimeout?.split(',').length ?? 1 });
  if (limits !== null) throw new UserError(limits);
  const fromCli = (name: string) => cmd.getOptionValueSource(name) === 'cli';

  let base: { -readonly [K in keyof RaftConfigInput]: RaftConfigInput[K] };
  let placement = '';
  if (scenarioPath !== undefined) {
    if (opts.cluster === undefined) throw new UserError('with a scenario file, name the cluster: --cluster NAME');
    if (opts.members !== undefined || opts.zones !== undefined || opts.rttMs !== undefined) {
      throw new UserError('--members, --zones and --rtt-ms come from the scenario; drop them or drop the scenario');
    }
    const source = resolveScenarioArg(scenarioPath);
    const loaded = parseScenario(source.text, source.name);
    if (!loaded.ok) throw new UserError(loaded.errors.map((e) => formatError(e)).join('\n'));
    const cluster = loaded.scenario.clusters.find((c) => c.name === opts.cluster);
    if (cluster === undefined) {
      throw new UserError(`no cluster "${opts.cluster}" in ${scenarioPath}; clusters: ${loaded.scenario.clusters.map((c) => c.name).join(', ')}`);
    }
    if (cluster.controlPlane.kind !== 'selfManaged') throw new UserError(`cluster "${cluster.name}" has a managed control plane: its etcd is the provider's, not modelled`);
    const spec = cluster.controlPlane.etcd;
    const zones = spec.members.flatMap((m) => Array.from({ length: m.count }, () => m.zone));
    const topo = loaded.scenario.topology;
    const rtt = zones.map((a, i) => zones.map((b, j) => (i === j ? 0 : a === b ? topo.intraZoneRttMs : topo.interZoneRttMs)));
    placement = `cluster ${cluster.name} (${cluster.region}): members in ${zones.join(', ')}; etcd ${spec.version}`;
    base = {
      members: zones.length,
      rttMs: rtt,
      heartbeatMs: spec.heartbeatIntervalS * 1000,
      electionTimeoutMs: spec.electionTimeoutS * 1000,
      preVote: fromCli('preVote') ? opts.preVote : spec.preVote,
      checkQuorum: fromCli('checkQuorum') ? opts.checkQuorum : spec.checkQuorum,
    };
  } else {
    if (opts.cluster !== undefined) throw new UserError('--cluster needs a scenario file: fleetsim etcd SCENARIO --cluster NAME');
    let members: number;
    let rttMs: number | number[][];
    if (opts.zones !== undefined) {
      const zones = opts.zones.split(',').map((z) => z.trim()).filter((z) => z !== '');
      if (zones.length === 0) throw new UserError('--zones: give at least one zone');
      if (opts.members !== undefined && opts.members !== zones.length) throw new UserError(`--zones lists ${zones.length} members but --members is ${opts.members}`);
      const z = zonesRttMs(zones, opts.rttMs);
      members = z.members;
      rttMs = z.rttMs;
      placement = `members in ${zones.join(', ')} (${z.note})`;
    } else if (opts.rttMs !== undefined) {
      ({ members, rttMs } = parseRttMs(opts.rttMs, opts.members));
      placement = typeof rttMs === 'number' ? `${members} members, RTT ${rttMs} ms between every pair` : `${members} members, RTT matrix from --rtt-ms`;
    } else {
      members = opts.members ?? 3;
      rttMs = 1;
      placement = `${members} members in one region, RTT 1 ms (give --zones or --rtt-ms for a real placement)`;
    }
    base = { members, rttMs, preVote: opts.preVote, checkQuorum: opts.checkQuorum };
  }
  if (opts.heartbeat !== undefined) base.heartbeatMs = durationMs('--heartbeat', opts.heartbeat);
  base.fsyncMs = durationMs('--fsync', opts.fsync);
  base.delayJitterMs = durationMs('--jitter', opts.jitter);
  const timeoutsMs =
    opts.electionTimeout !== undefined
      ? opts.electionTimeout.split(',').map((t) => durationMs('--election-timeout', t.trim()))
      : [base.electionTimeoutMs ?? 1000];

  let leader: number | 'random' = 'random';
  if (opts.leader !== 'random') {
    const l = Number(opts.leader);
    if (!Number.isInteger(l) || l < 1 || l > base.members) throw new UserError(`--leader must be random or a member number 1..${base.members}, got "${opts.leader}"`);
    leader = l - 1;
  }

  const cases: Case[] = timeoutsMs.map((electionTimeoutMs) => {
    let config: RaftConfig;
    try {
      config = resolveRaftConfig({ ...base, electionTimeoutMs });
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    if (config.members < 2) throw new UserError('the leader-crash experiment needs at least 2 members');
    const result = runLeaderCrash(config, { trials: opts.trials, seed: opts.seed, leader });
    const done = result.samples.filter((s) => !s.censored);
    return {
      label: `${electionTimeoutMs} ms`,
      config,
      result,
      writeHistogram: histogram(done.map((s) => s.writeUnavailableS), opts.bins),
      leaderHistogram: histogram(done.map((s) => s.timeToLeaderS), opts.bins),
    };
  });

  if (output !== 'table') {
    const out = {
      seed: opts.seed,
      trials: opts.trials,
      leader: leader === 'random' ? 'random' : leader + 1,
      placement,
      cases: cases.map((c) => ({
        members: c.config.members,
        rttMs: Array.from({ length: c.config.members }, (_, i) => Array.from(c.config.rttMs.subarray(i * c.config.members, (i + 1) * c.config.members))),
        heartbeatMs: c.config.heartbeatMs,
        electionTimeoutMs: c.config.electionTimeoutMs,
        preVote: c.config.preVote,
        checkQuorum: c.config.checkQuorum,
        fsyncMs: c.config.fsyncMs,
        delayJitterMs: c.config.delayJitterMs,
        completed: c.result.completed,
        censored: c.result.censored,
        timeToLeader: summaryMs(c.result.timeToLeaderS),
        writeUnavailable: summaryMs(c.result.writeUnavailableS),
        meanTermsElapsed: c.result.meanTermsElapsed,
        multiTermFraction: c.result.multiTermFraction,
        writeUnavailableHistogram: c.writeHistogram.map((b) => ({ fromMs: b.fromS * 1000, toMs: b.toS * 1000, count: b.count })),
        timeToLeaderHistogram: c.leaderHistogram.map((b) => ({ fromMs: b.fromS * 1000, toMs: b.toS * 1000, count: b.count })),
      })),
    };
    process.stdout.write(structuredText(out, output));
    return;
  }

  const first = cases[0].config;
  const lines: string[] = [];
  lines.push(`etcd leader crash: ${placement}`);
  lines.push(`${opts.trials} trials, seed ${opts.seed}, leader ${leader === 'random' ? 'random per trial' : `m${leader + 1}`}`);
  lines.push('', rttText(first), '');
  const row = (name: string, s: DistributionSummary) => [name, ms(s.min), ms(s.median), ms(s.p90), ms(s.p99), ms(s.max), ms(s.mean)];
  if (cases.length === 1) {
    const c = cases[0];
    lines.push(describeConfig(c.config), '');
    lines.push(table(['ms', 'min', 'median', 'p90', 'p99', 'max', 'mean'], [row('time to new leader', c.result.timeToLeaderS), row('write unavailable', c.result.writeUnavailableS)]));
    lines.push('');
    lines.push(`terms per election: mean ${c.result.meanTermsElapsed.toFixed(2)}; ${(c.result.multiTermFraction * 100).toFixed(1)}% needed more than one (split or lost votes)`);
    if (c.result.censored > 0) lines.push(`${c.result.censored} trial(s) had no leader after 600 s and are left out of the figures`);
    lines.push('', 'write unavailability:', textHistogram(c.writeHistogram), '', 'time to new leader:', textHistogram(c.leaderHistogram));
  } else {
    lines.push(`heartbeat ${first.heartbeatMs} ms, pre-vote ${first.preVote ? 'on' : 'off'}, check-quorum ${first.checkQuorum ? 'on' : 'off'}, fsync ${first.fsyncMs} ms`, '');
    lines.push(
      table(
        ['election timeout', 'write unavailable ms: min', 'median', 'p90', 'p99', 'max', 'mean', 'multi-term %', 'no leader'],
        cases.map((c) => [
          c.label,
          ...row('', c.result.writeUnavailableS).slice(1),
          (c.result.multiTermFraction * 100).toFixed(1),
          String(c.result.censored),
        ]),
      ),
    );
    for (const c of cases) lines.push('', `write unavailability, election timeout ${c.label}:`, textHistogram(c.writeHistogram));
  }
  process.stdout.write(lines.join('\n') + '\n');
}
