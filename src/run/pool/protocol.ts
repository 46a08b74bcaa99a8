/**
 * Messages between the worker pool and its workers (structured clone), and the shared counters of
 * a run. A worker is told its init data once, then each run once (the whole job list and the
 * counters); it takes job indices itself from the shared counter, so no thread waits for another
 * to hand it work, and the calling thread can take jobs too without starving the workers.
 */
export type ToWorker<I, J> =
  | { readonly init: I }
  | { readonly run: number; readonly jobs: readonly J[]; readonly counters: SharedArrayBuffer; readonly groups: JobGroups };

export type FromWorker<R, P> =
  | { readonly run: number; readonly id: number; readonly result: R }
  | { readonly run: number; readonly id: number; readonly progress: P }
  | { readonly run: number; readonly id: number; readonly error: string; readonly stack: string | null }
  /** The worker found no job left (or the run was stopped) and waits for the next run. */
  | { readonly run: number; readonly idle: true };

/**
 * A run's jobs in groups of alike cost (a design's replications), each taken in its own order.
 * `members` lists every group's job indices one group after the other, from `starts[g]` to
 * `starts[g + 1]`.
 */
export interface JobGroups {
  readonly starts: Int32Array;
  readonly members: Int32Array;
  /** Per job: its group. */
  readonly groupOf: Int32Array;
}

/** One group holding every job in index order: jobs are taken as listed. */
export function singleGroup(jobCount: number): JobGroups {
  return { starts: Int32Array.of(0, jobCount), members: Int32Array.from({ length: jobCount }, (_, i) => i), groupOf: new Int32Array(jobCount) };
}

/** Groups from each job's group number (jobs keep their order within a group; groups their first job's order). */
export function groupJobs(groupOf: readonly number[]): JobGroups {
  const order: number[] = [];
  const lists = new Map<number, number[]>();
  groupOf.forEach((g, i) => {
    let list = lists.get(g);
    if (list === undefined) {
      lists.set(g, (list = []));
      order.push(g);
    }
    list.push(i);
  });
  const starts = new Int32Array(order.length + 1);
  const members = new Int32Array(groupOf.length);
  const groupOfJob = new Int32Array(groupOf.length);
  let at = 0;
  order.forEach((g, k) => {
    for (const id of lists.get(g)!) {
      members[at++] = id;
      groupOfJob[id] = k;
    }
    starts[k + 1] = at;
  });
  return { starts, members, groupOf: groupOfJob };
}

/** Int32 slots of a run's SharedArrayBuffer: STOP, then per group its next position, jobs done and milliseconds spent. */
export const STOP = 0;
const HEADER_SLOTS = 1;
const GROUP_SLOTS = 3;
const NEXT = 0;
const DONE = 1;
const SPENT_MS = 2;

/** The shared counters of a run over these groups. */
export function runCounters(groups: JobGroups): Int32Array {
  const slots = HEADER_SLOTS + GROUP_SLOTS * (groups.starts.length - 1);
  return new Int32Array(new SharedArrayBuffer(slots * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * The next job index of a run, or -1 when none is left or the run is stopped. A thread stays with
 * the group of its last job (`lastJob`) while that group has jobs left: a design's replications
 * share what a thread caches (latency estimates, hop spectra, warm code), which another design's
 * mostly cannot use, so threads on different designs repeat less of each other's work. Otherwise,
 * longest jobs first: the thread takes from the group whose jobs have taken longest so far (a
 * group not yet timed first, to time it), so the run ends on short jobs and the threads finish
 * together rather than one waiting for another's long last job. Which thread runs a job changes no
 * result (each job's result is its own), so this choice, timing-dependent as it is, cannot move a
 * bit of the output.
 */
export function takeJob(counters: Int32Array, groups: JobGroups, lastJob = -1): number {
  const groupCount = groups.starts.length - 1;
  if (lastJob >= 0 && Atomics.load(counters, STOP) === 0) {
    const g = groups.groupOf[lastJob];
    const size = groups.starts[g + 1] - groups.starts[g];
    const base = HEADER_SLOTS + GROUP_SLOTS * g;
    if (Atomics.load(counters, base + NEXT) < size) {
      const position = Atomics.add(counters, base + NEXT, 1);
      if (position < size) return groups.members[groups.starts[g] + position];
    }
  }
  for (;;) {
    if (Atomics.load(counters, STOP) !== 0) return -1;
    let best = -1;
    let bestMs = -1;
    for (let g = 0; g < groupCount; g++) {
      const base = HEADER_SLOTS + GROUP_SLOTS * g;
      if (Atomics.load(counters, base + NEXT) >= groups.starts[g + 1] - groups.starts[g]) continue;
      const taken = Atomics.load(counters, base + NEXT);
      const done = Atomics.load(counters, base + DONE);
      // Untouched groups first (to time them), then those being timed, then the longest jobs.
      const meanMs = taken === 0 ? Number.POSITIVE_INFINITY : done === 0 ? Number.MAX_VALUE : Atomics.load(counters, base + SPENT_MS) / done;
      if (meanMs > bestMs) {
        best = g;
        bestMs = meanMs;
      }
    }
    if (best < 0) return -1;
    const position = Atomics.add(counters, HEADER_SLOTS + GROUP_SLOTS * best + NEXT, 1);
    // Another thread may have taken the group's last job meanwhile: look again.
    if (position < groups.starts[best + 1] - groups.starts[best]) return groups.members[groups.starts[best] + position];
  }
}

/** Record that job `id` took `ms` (its group's mean steers takeJob). */
export function jobDone(counters: Int32Array, groups: JobGroups, id: number, ms: number): void {
  const g = groups.groupOf[id];
  const base = HEADER_SLOTS + GROUP_SLOTS * g;
  Atomics.add(counters, base + SPENT_MS, Math.max(0, Math.round(ms)));
  Atomics.add(counters, base + DONE, 1);
}
