import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupJobs, jobDone, runCounters, singleGroup, STOP, takeJob } from '../../../src/run/pool/protocol.js';

describe('job groups', () => {
  it('groupJobs keeps each group in job order and the groups in the order of their first job', () => {
    const g = groupJobs([2, 0, 2, 1, 0, -1]);
    expect([...g.starts]).toEqual([0, 2, 4, 5, 6]);
    expect([...g.members]).toEqual([0, 2, 1, 4, 3, 5]);
    expect([...g.groupOf]).toEqual([0, 1, 0, 2, 1, 3]);
  });

  it('one group takes the jobs as listed, then none', () => {
    const groups = singleGroup(4);
    const c = runCounters(groups);
    expect([0, 1, 2, 3, 4].map(() => takeJob(c, groups))).toEqual([0, 1, 2, 3, -1]);
  });

  it('takes an untouched group first, then the group whose jobs took longest (the longest jobs early, the short ones last)', () => {
    // Jobs 0, 2, 4: a short design; 1, 3, 5: a long one; 6: a group of its own.
    const groups = groupJobs([0, 1, 0, 1, 0, 1, 2]);
    const c = runCounters(groups);
    // Each group's first job, to time it.
    expect(takeJob(c, groups)).toBe(0);
    expect(takeJob(c, groups)).toBe(1);
    expect(takeJob(c, groups)).toBe(6);
    // Not timed yet: the groups being timed come next, in order.
    jobDone(c, groups, 0, 10);
    jobDone(c, groups, 1, 900);
    // The long group until it is empty, then the short one; group 2 (being timed, nothing left) never again.
    expect(takeJob(c, groups)).toBe(3);
    expect(takeJob(c, groups)).toBe(5);
    expect(takeJob(c, groups)).toBe(2);
    expect(takeJob(c, groups)).toBe(4);
    expect(takeJob(c, groups)).toBe(-1);
  });

  it('a thread stays with the group of its last job while it has jobs, then takes the longest group', () => {
    // Two threads on three designs: each keeps to the design it started on (its caches serve it).
    const groups = groupJobs([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const c = runCounters(groups);
    let a = takeJob(c, groups);
    let b = takeJob(c, groups);
    expect([a, b]).toEqual([0, 1]);
    const seenA = [a];
    const seenB = [b];
    jobDone(c, groups, a, 100);
    jobDone(c, groups, b, 300);
    for (a = takeJob(c, groups, a); groups.groupOf[a] === 0; a = takeJob(c, groups, a)) seenA.push(a);
    expect(seenA).toEqual([0, 3, 6]);
    for (b = takeJob(c, groups, b); groups.groupOf[b] === 1; b = takeJob(c, groups, b)) seenB.push(b);
    expect(seenB).toEqual([1, 4, 7]);
    // Both left their groups for the only one left, design 2, and share it.
    expect([a, b]).toEqual([2, 5]);
    expect(takeJob(c, groups, a)).toBe(8);
    expect(takeJob(c, groups, b)).toBe(-1);
  });

  it('a stopped run hands out nothing', () => {
    const groups = groupJobs([0, 1]);
    const c = runCounters(groups);
    Atomics.store(c, STOP, 1);
    expect(takeJob(c, groups)).toBe(-1);
  });

  it('whatever the timings, every job is taken exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1 }), (groupOf, times) => {
        const groups = groupJobs(groupOf);
        const c = runCounters(groups);
        const taken: number[] = [];
        for (let id = takeJob(c, groups), k = 0; id >= 0; id = takeJob(c, groups, k % 3 === 0 ? -1 : id), k++) {
          taken.push(id);
          jobDone(c, groups, id, times[k % times.length]);
        }
        expect([...taken].sort((a, b) => a - b)).toEqual(groupOf.map((_, i) => i));
      }),
    );
  });
});
