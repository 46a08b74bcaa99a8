/**
 * Raft / etcd parameters for the election model, with defaults and where each default comes from
 * (docs/references.md, etcd 3.4/3.5). All durations carry their unit in the name.
 */

/**
 * How election timers run.
 * - `etcdTicks`: as etcd-io/raft does. Each member has its own tick timer (period = heartbeat interval,
 *   random phase). A follower campaigns when its elapsed ticks since it last heard from a leader reach
 *   randomizedElectionTimeout = electionTicks + rand(electionTicks), redrawn on every term or role
 *   change; any higher-term message resets the elapsed count (etcd's reset()).
 * - `continuous`: the Raft paper's Figure 2 rules with continuous timers, redrawn uniformly over
 *   [electionTimeoutMs, electionTimeoutMaxMs) whenever the timer is (re)started: on a heartbeat from the
 *   leader, on granting a vote, on starting a candidacy. Used to reproduce the paper's experiment.
 */
export type TimerMode = 'etcdTicks' | 'continuous';

/** How long the members' logs are when the experiment starts. */
export type LogLengths =
  /** All members hold the leader's log: every member is eligible. */
  | 'equal'
  /** Distinct lengths, the leader's longest (the Raft paper's worst case: some candidates cannot win). */
  | 'distinct';

export interface RaftConfig {
  /** Number of members (voters). */
  readonly members: number;
  /** Round-trip times between members, row-major members × members, ms; diagonal ignored. One way = RTT/2. */
  readonly rttMs: Float64Array;
  /** Heartbeat interval = one tick. etcd default 100 ms. */
  readonly heartbeatMs: number;
  /** etcd: base election timeout (T, whole ticks). continuous: lower end of the uniform range. Default 1000 ms. */
  readonly electionTimeoutMs: number;
  /** continuous mode only: upper end (exclusive) of the uniform timeout range; default 2 × electionTimeoutMs. */
  readonly electionTimeoutMaxMs: number;
  /** Pre-vote: ask first whether one would win, without bumping the term. etcd 3.5+ default on. */
  readonly preVote: boolean;
  /** Check-quorum: leader steps down without an active quorum for one election timeout; followers in lease ignore votes. etcd: always on. */
  readonly checkQuorum: boolean;
  /** fdatasync before a vote (term/vote persisted) or an append ack is sent. SSD ≈ 1 ms, HDD ≈ 10 ms. */
  readonly fsyncMs: number;
  /** Extra one-way delay per message, uniform in [0, delayJitterMs). Default 0. */
  readonly delayJitterMs: number;
  readonly timerMode: TimerMode;
  /**
   * A candidate fsyncs its new term and self-vote before sending vote requests. etcd does (messages
   * of a non-leader leave after raft's Ready is saved); the Raft paper's Figure 2 only requires
   * persistence before replying. Default: true in etcdTicks mode, false in continuous mode.
   */
  readonly persistBeforeVoteRequest: boolean;
  readonly logLengths: LogLengths;
}

export type RaftConfigInput = Partial<Omit<RaftConfig, 'rttMs' | 'members'>> & {
  readonly members: number;
  /** A full matrix (members × members, ms), or one RTT for every pair. */
  readonly rttMs: number | Float64Array | readonly (readonly number[])[];
};

/** Defaults, each from docs/references.md (etcd tuning guide, configuration docs, raft.go). */
export const ETCD_DEFAULTS = {
  /** etcd --heartbeat-interval default (etcd tuning guide). */
  heartbeatMs: 100,
  /** etcd --election-timeout default (etcd tuning guide). */
  electionTimeoutMs: 1000,
  /** etcd 3.5+ --pre-vote default true (etcd configuration docs, PR 12770). */
  preVote: true,
  /** etcd server always enables check-quorum (etcd server bootstrap). */
  checkQuorum: true,
  /** SSD fdatasync, below 1 ms (etcd performance doc); 1 ms is a slightly pessimistic round figure. */
  fsyncMs: 1,
} as const;

/** Votes needed: floor(n/2) + 1 (etcd FAQ). */
export function quorumSize(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** etcd's request timeout: 5 s + 2 × election timeout (etcd server config). */
export function requestTimeoutMs(electionTimeoutMs: number): number {
  return 5000 + 2 * electionTimeoutMs;
}

/** Election timeout in whole heartbeat ticks, as etcd computes it. */
export function electionTicks(config: Pick<RaftConfig, 'electionTimeoutMs' | 'heartbeatMs'>): number {
  return Math.max(1, Math.floor(config.electionTimeoutMs / config.heartbeatMs + 1e-9));
}

/** The largest member count the model accepts: vote bookkeeping uses 31-bit masks. */
export const MAX_MEMBERS = 31;

export function rttMatrix(members: number, rttMs: RaftConfigInput['rttMs']): Float64Array {
  const m = new Float64Array(members * members);
  if (typeof rttMs === 'number') {
    if (!(rttMs >= 0) || !Number.isFinite(rttMs)) throw new RangeError(`rttMs must be a finite number >= 0, got ${rttMs}`);
    for (let i = 0; i < members; i++) for (let j = 0; j < members; j++) m[i * members + j] = i === j ? 0 : rttMs;
    return m;
  }
  if (rttMs instanceof Float64Array) {
    if (rttMs.length !== members * members) throw new RangeError(`rttMs has ${rttMs.length} entries, expected ${members}×${members}`);
    m.set(rttMs);
  } else {
    if (rttMs.length !== members) throw new RangeError(`rttMs has ${rttMs.length} rows, expected ${members}`);
    rttMs.forEach((row, i) => {
      if (row.length !== members) throw new RangeError(`rttMs row ${i + 1} has ${row.length} entries, expected ${members}`);
      row.forEach((v, j) => (m[i * members + j] = v));
    });
  }
  for (let i = 0; i < members; i++) {
    m[i * members + i] = 0;
    for (let j = 0; j < members; j++) {
      const v = m[i * members + j];
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`rttMs[${i + 1}][${j + 1}] must be a finite number >= 0, got ${v}`);
      if (v !== m[j * members + i]) throw new RangeError(`rttMs is not symmetric: [${i + 1}][${j + 1}]=${v} but [${j + 1}][${i + 1}]=${m[j * members + i]}`);
    }
  }
  return m;
}

/** Fill defaults and check every parameter; throws RangeError naming the parameter. */
export function resolveRaftConfig(input: RaftConfigInput): RaftConfig {
  const members = input.members;
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS) {
    throw new RangeError(`members must be an integer in 1..${MAX_MEMBERS}, got ${members}`);
  }
  const heartbeatMs = input.heartbeatMs ?? ETCD_DEFAULTS.heartbeatMs;
  const electionTimeoutMs = input.electionTimeoutMs ?? ETCD_DEFAULTS.electionTimeoutMs;
  const timerMode = input.timerMode ?? 'etcdTicks';
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
  };
  const nonNegative = (name: string, v: number) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
  };
  positive('heartbeatMs', heartbeatMs);
  positive('electionTimeoutMs', electionTimeoutMs);
  const electionTimeoutMaxMs = input.electionTimeoutMaxMs ?? 2 * electionTimeoutMs;
  if (timerMode === 'etcdTicks') {
    // etcd refuses an election timeout under 5 heartbeats, then counts it in whole ticks (integer
    // division: ElectionTicks = ElectionMs / TickMs), so 1050 ms at 100 ms heartbeats acts as 1000 ms.
    if (electionTimeoutMs < 5 * heartbeatMs) {
      throw new RangeError(`electionTimeoutMs (${electionTimeoutMs}) must be at least 5 × heartbeatMs (${heartbeatMs}), as etcd requires`);
    }
  } else if (timerMode === 'continuous') {
    if (!(electionTimeoutMaxMs >= electionTimeoutMs)) {
      throw new RangeError(`electionTimeoutMaxMs (${electionTimeoutMaxMs}) must be >= electionTimeoutMs (${electionTimeoutMs})`);
    }
  } else {
    throw new RangeError(`timerMode must be etcdTicks or continuous, got ${String(timerMode)}`);
  }
  const fsyncMs = input.fsyncMs ?? ETCD_DEFAULTS.fsyncMs;
  const delayJitterMs = input.delayJitterMs ?? 0;
  nonNegative('fsyncMs', fsyncMs);
  nonNegative('delayJitterMs', delayJitterMs);
  const logLengths = input.logLengths ?? 'equal';
  if (logLengths !== 'equal' && logLengths !== 'distinct') throw new RangeError(`logLengths must be equal or distinct, got ${String(logLengths)}`);
  return {
    members,
    rttMs: rttMatrix(members, input.rttMs),
    heartbeatMs,
    electionTimeoutMs,
    electionTimeoutMaxMs,
    preVote: input.preVote ?? ETCD_DEFAULTS.preVote,
    checkQuorum: input.checkQuorum ?? ETCD_DEFAULTS.checkQuorum,
    fsyncMs,
    delayJitterMs,
    timerMode,
    persistBeforeVoteRequest: input.persistBeforeVoteRequest ?? timerMode === 'etcdTicks',
    logLengths,
  };
}
