import { minorityCount, type EtcdExperiment } from './predict.js';
import type { LocalEtcdCluster } from './localCluster.js';
import { WriteProbe } from './writeProbe.js';
import { quorumSize } from '../../model/etcd/config.js';

/**
 * The fault experiments on a real local cluster. Each trial: wait until the cluster is stable, let
 * the write probe run for a baseline, inject the fault, time the first successful write sent after
 * the fault (after the restart, for majority-restore), repair, repeat.
 *
 * Write unavailability of a trial = completion time of the first successful put *sent* at or after
 * the fault instant (restart instant for majority-restore) − that instant. Puts sent before are not
 * counted, even if they complete later: their fate was decided before the fault.
 */
export interface ExperimentOptions {
  trials: number;
  /** leader-pause: how long the leader stays stopped, ms. At least 2 × election timeout. */
  pauseMs?: number;
  /** majority-restore: how long the majority stays down, ms. */
  holdMs?: number;
  /** Give up waiting for writes after this long in one trial. Default 10 × election timeout + 5 s. */
  maxWaitMs?: number;
  /** Called after each trial (progress). */
  onTrial?: (trial: TrialRecord) => void;
  /** Stop early (e.g. Ctrl-C handled by the caller). */
  signal?: AbortSignal;
}

export interface TrialRecord {
  experiment: EtcdExperiment;
  trial: number;
  /** Leader before the fault (1-based member number). */
  leaderBefore: number;
  /** NaN when writes did not resume within maxWaitMs. */
  unavailableMs: number;
  /** Median put latency just before the fault: the client's own cost of one write. */
  baselineLatencyMs: number;
  /** majority-restore: median time from spawning a restarted member until its peer port accepts connections. */
  restartMs: number;
  /** majority-restore: writes that succeeded while the majority was down (must be 0). */
  writesDuringOutage: number;
}

export interface ExperimentResult {
  experiment: EtcdExperiment;
  trials: TrialRecord[];
  /** Probe interval: the resolution of the measurement. */
  probeIntervalMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
}

/** Pick followers to take down, deterministically by trial so runs are comparable. */
function followers(cluster: LocalEtcdCluster, leader: number, count: number, trial: number): number[] {
  const others = cluster.members.map((m) => m.index).filter((i) => i !== leader);
  const start = trial % others.length;
  return [...others.slice(start), ...others.slice(0, start)].slice(0, count);
}

export async function runEtcdExperiment(cluster: LocalEtcdCluster, experiment: EtcdExperiment, options: ExperimentOptions): Promise<ExperimentResult> {
  const n = cluster.members.length;
  const electionMs = cluster.electionTimeoutMs;
  if (!Number.isInteger(options.trials) || options.trials < 1 || options.trials > 10_000) throw new RangeError(`trials must be 1..10000, got ${options.trials}`);
  if (experiment === 'minority-kill' && minorityCount(n) < 1) throw new RangeError(`${n} members tolerate no failure: no minority to kill`);
  if (experiment === 'leader-partition' && cluster.members[0].proxy === undefined) throw new RangeError('leader-partition needs the peer proxy (--proxy)');
  const pauseMs = options.pauseMs ?? 3 * electionMs;
  if (experiment === 'leader-pause' && pauseMs < 2 * electionMs) {
    throw new RangeError(`pause (${pauseMs} ms) must be at least 2 × election timeout (${2 * electionMs} ms) so that an election surely happens`);
  }
  const holdMs = options.holdMs ?? 2 * electionMs;
  const maxWaitMs = options.maxWaitMs ?? 10 * electionMs + 5000;
  const stableTimeoutMs = 30_000 + 10 * electionMs;

  // Writes go through members that are up and reachable, as a client with every endpoint would.
  const excluded = new Set<number>();
  const probe = new WriteProbe({
    targets: () => cluster.members.filter((m) => m.state === 'up' && !excluded.has(m.index)).map((m) => m.clientUrl),
    intervalMs: 5,
    attemptTimeoutMs: Math.max(250, 4 * cluster.heartbeatMs),
  });
  const trials: TrialRecord[] = [];
  probe.start();
  try {
    for (let t = 0; t < options.trials; t++) {
      if (options.signal?.aborted) break;
      const leader = await cluster.waitStable(stableTimeoutMs);
      const baselineFrom = performance.now();
      // Baseline: a few heartbeats of normal writes.
      await sleep(Math.max(150, 3 * cluster.heartbeatMs));
      const faultAt = performance.now();
      const baselineLatencyMs = probe.medianLatencyMs(baselineFrom, faultAt);
      let measureFrom = faultAt;
      let restartMs = Number.NaN;
      let writesDuringOutage = 0;
      const down: number[] = [];
      switch (experiment) {
        case 'leader-kill':
          down.push(leader);
          await cluster.kill(leader);
          break;
        case 'leader-pause':
          excluded.add(leader);
          cluster.pause(leader);
          break;
        case 'leader-partition':
          excluded.add(leader);
          cluster.isolate(leader, true);
          break;
        case 'minority-kill':
          down.push(...followers(cluster, leader, minorityCount(n), t));
          await Promise.all(down.map((i) => cluster.kill(i)));
          break;
        case 'majority-restore': {
          down.push(leader, ...followers(cluster, leader, quorumSize(n) - 1, t));
          await Promise.all(down.map((i) => cluster.kill(i)));
          const killedAt = performance.now();
          await sleep(holdMs);
          writesDuringOutage = probe.recent.filter((s) => s.sentMs >= killedAt).length;
          measureFrom = performance.now();
          const times = await Promise.all(down.map((i) => cluster.restart(i)));
          restartMs = median(times);
          down.length = 0;
          break;
        }
      }
      const first = await probe.firstSuccessAfter(measureFrom, maxWaitMs);
      const unavailableMs = first === undefined ? Number.NaN : first.doneMs - measureFrom;
      // Repair.
      if (experiment === 'leader-pause') {
        const left = faultAt + pauseMs - performance.now();
        if (left > 0) await sleep(left);
        cluster.resume(leader);
        excluded.delete(leader);
      } else if (experiment === 'leader-partition') {
        cluster.isolate(leader, false);
        excluded.delete(leader);
      }
      for (const i of down) await cluster.restart(i);
      const record: TrialRecord = { experiment, trial: t, leaderBefore: leader + 1, unavailableMs, baselineLatencyMs, restartMs, writesDuringOutage };
      trials.push(record);
      options.onTrial?.(record);
    }
  } finally {
    await probe.stop();
  }
  return { experiment, trials, probeIntervalMs: probe.intervalMs };
}

/**
 * What the client adds to the model's figure: the model's write unavailability ends when the new
 * leader commits; the probe sees it when a put sent after that completes, on average half a probe
 * interval later plus one put latency (measured just before each fault). For majority-restore the
 * real clock starts when the processes are spawned, so their start-up time is added too.
 */
export function clientOverheadMs(result: ExperimentResult): number {
  const latency = median(result.trials.map((t) => t.baselineLatencyMs));
  const restart = result.experiment === 'majority-restore' ? median(result.trials.map((t) => t.restartMs)) : 0;
  return (Number.isNaN(latency) ? 0 : latency) + result.probeIntervalMs / 2 + (Number.isNaN(restart) ? 0 : restart);
}
