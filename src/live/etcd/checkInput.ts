import { accessSync, constants, statSync } from 'node:fs';
import { minorityCount, type EtcdExperiment } from './predict.js';

/**
 * Everything about a `validate etcd` request that can be wrong without etcd being installed or any
 * process started: checked first, so a bad flag is reported as such (exit 2) on any machine, and a
 * mistake in the last experiment's settings does not surface after minutes of trials.
 */
export interface EtcdInput {
  members: number;
  heartbeatMs: number;
  electionTimeoutMs: number;
  experiments: readonly EtcdExperiment[];
  trials: number;
  simTrials: number;
  peerOneWayDelayMs: number;
  fsyncMs: number | 'auto';
  pauseMs?: number;
  holdMs?: number;
  /** Parent of the data directories (--tmp-dir); undefined: the OS temp dir. */
  baseDir?: string;
}

/** etcd refuses a longer election timeout (maxElectionMs in its embed config). */
export const ETCD_MAX_ELECTION_TIMEOUT_MS = 50_000;

const positiveFinite = (x: number) => Number.isFinite(x) && x > 0;

/** Throws RangeError naming the first problem; returns normally when the request can run. */
export function checkEtcdInput(o: EtcdInput): void {
  if (!Number.isInteger(o.members) || o.members < 2 || o.members > 9) throw new RangeError(`members must be 2..9 for a local cluster, got ${o.members}`);
  if (!positiveFinite(o.heartbeatMs)) throw new RangeError(`heartbeat must be a positive duration, got ${o.heartbeatMs} ms`);
  if (!(o.electionTimeoutMs >= 5 * o.heartbeatMs)) {
    throw new RangeError(`election timeout (${o.electionTimeoutMs} ms) must be at least 5 × heartbeat (${o.heartbeatMs} ms), as etcd requires`);
  }
  if (o.electionTimeoutMs > ETCD_MAX_ELECTION_TIMEOUT_MS) throw new RangeError(`election timeout (${o.electionTimeoutMs} ms) must be at most ${ETCD_MAX_ELECTION_TIMEOUT_MS} ms, as etcd requires`);
  if (o.experiments.length === 0) throw new RangeError('no experiment given');
  if (!Number.isInteger(o.trials) || o.trials < 1 || o.trials > 10_000) throw new RangeError(`trials must be 1..10000, got ${o.trials}`);
  if (!Number.isInteger(o.simTrials) || o.simTrials < 1) throw new RangeError(`simulated trials must be a positive integer, got ${o.simTrials}`);
  if (!(Number.isFinite(o.peerOneWayDelayMs) && o.peerOneWayDelayMs >= 0)) throw new RangeError(`peer delay must be 0 or more, got ${o.peerOneWayDelayMs} ms`);
  if (o.fsyncMs !== 'auto' && !(Number.isFinite(o.fsyncMs) && o.fsyncMs >= 0)) throw new RangeError(`fsync must be 0 or more (or auto), got ${o.fsyncMs} ms`);
  if (o.experiments.includes('leader-pause')) {
    const pauseMs = o.pauseMs ?? 3 * o.electionTimeoutMs;
    if (!(pauseMs >= 2 * o.electionTimeoutMs)) {
      throw new RangeError(`pause (${pauseMs} ms) must be at least 2 × election timeout (${2 * o.electionTimeoutMs} ms) so that an election surely happens`);
    }
  }
  if (o.holdMs !== undefined && !positiveFinite(o.holdMs)) throw new RangeError(`hold must be a positive duration, got ${o.holdMs} ms`);
  if (o.experiments.includes('minority-kill') && minorityCount(o.members) < 1) throw new RangeError(`${o.members} members tolerate no failure: no minority to kill (minority-kill needs 3 or more)`);
  if (o.baseDir !== undefined) checkBaseDir(o.baseDir);
}

/** The folder the data directories go in must exist, be a folder, and be writable. */
export function checkBaseDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new RangeError(`--tmp-dir ${dir}: no such folder (create it first, or leave --tmp-dir out to use the OS temp dir)`);
  }
  if (!st.isDirectory()) throw new RangeError(`--tmp-dir ${dir}: not a folder`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new RangeError(`--tmp-dir ${dir}: not writable by this user`);
  }
}
