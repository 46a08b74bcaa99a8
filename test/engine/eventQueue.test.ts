import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/eventQueue.js';

/** Pop everything, returning the args in pop order. */
function drain(q: EventQueue): number[] {
  const out: number[] = [];
  while (q.pop()) out.push(q.poppedArg);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order with FIFO among equal times', () => {
    const q = new EventQueue(4);
    const times = [5, 1, 3, 1, 5, 2, 1, 0.5, 3];
    times.forEach((t, i) => q.push(t, 0, i, 0));
    const expected = times
      .map((t, i) => ({ t, i }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((e) => e.i);
    expect(drain(q)).toEqual(expected);
  });

  it('keeps FIFO order for 10 000 events at one instant across heap growth', () => {
    const q = new EventQueue(2);
    for (let i = 0; i < 10_000; i++) q.push(7, 0, i, 0);
    const out = drain(q);
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('serves heap events at the current instant before same-instant ring events scheduled later', () => {
    const q = new EventQueue();
    q.push(1, 0, 10, 0); // heap, scheduled while now = 0
    q.push(1, 0, 11, 0);
    expect(q.pop()).toBe(true);
    expect(q.poppedArg).toBe(10);
    // now = 1: a new event at exactly now goes to the ring and must follow the pending heap event.
    q.push(1, 0, 12, 1);
    expect(drain(q)).toEqual([11, 12]);
  });

  it('cancels lazily: a cancelled event never pops and cancel is idempotent', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, 1, 0);
    const b = q.push(2, 0, 2, 0);
    const c = q.push(0, 0, 3, 0); // ring (time == now)
    expect(q.size).toBe(3);
    expect(q.cancel(b)).toBe(true);
    expect(q.cancel(b)).toBe(false);
    expect(q.cancel(c)).toBe(true);
    expect(q.isPending(a)).toBe(true);
    expect(q.isPending(b)).toBe(false);
    expect(q.size).toBe(1);
    expect(drain(q)).toEqual([1]);
    expect(q.cancel(a)).toBe(false); // already fired
  });

  it('does not let a stale handle cancel a later event that reuses its slot', () => {
    const q = new EventQueue();
    const first = q.push(1, 0, 1, 0);
    q.pop();
    const second = q.push(2, 0, 2, 1); // reuses the freed slot
    expect(second).not.toBe(first);
    expect(q.cancel(first)).toBe(false);
    expect(q.isPending(second)).toBe(true);
    expect(drain(q)).toEqual([2]);
  });

  it('reports the next live time, skipping cancelled events', () => {
    const q = new EventQueue();
    const h = q.push(1, 0, 1, 0);
    q.push(4, 0, 2, 0);
    q.cancel(h);
    expect(q.peekTime()).toBe(4);
    q.pop();
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(q.pop()).toBe(false);
  });

  it('clear() empties the queue and invalidates handles', () => {
    const q = new EventQueue();
    const h = q.push(3, 0, 1, 0);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.isPending(h)).toBe(false);
    expect(q.pop()).toBe(false);
  });

  // Model-based check against a plain sorted list: random pushes (including at "now"), cancels and pops.
  it('agrees with a naive reference under random pushes, cancels and pops', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true })) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = new EventQueue(2);
        const ref: Array<{ t: number; seq: number; id: number; live: boolean }> = [];
        const handles: Array<{ handle: number; id: number }> = [];
        let now = 0;
        let seq = 0;
        let nextId = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const id = nextId++;
            const t = now + o.delay;
            handles.push({ handle: q.push(t, 0, id, now), id });
            ref.push({ t, seq: seq++, id, live: true });
          } else if (o.kind === 'cancel') {
            if (handles.length === 0) continue;
            const { handle, id } = handles[o.pick % handles.length];
            const entry = ref.find((e) => e.id === id)!;
            expect(q.cancel(handle)).toBe(entry.live);
            entry.live = false;
          } else {
            const live = ref.filter((e) => e.live).sort((a, b) => a.t - b.t || a.seq - b.seq);
            const ok = q.pop();
            expect(ok).toBe(live.length > 0);
            if (!ok) continue;
            expect(q.poppedArg).toBe(live[0].id);
            expect(q.poppedTime).toBe(live[0].t);
            live[0].live = false;
            now = live[0].t;
          }
          expect(q.size).toBe(ref.filter((e) => e.live).length);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
