import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { createStream } from '../../src/engine/rng.js';

describe('Simulator', () => {
  it('dispatches to the registered handler with the event argument, advancing now', () => {
    const sim = new Simulator();
    const seen: Array<[number, number]> = [];
    const T = sim.register('t', (arg) => seen.push([sim.now, arg]));
    sim.at(2.5, T, 7);
    sim.after(1, T, 8);
    const r = sim.run();
    expect(seen).toEqual([
      [1, 8],
      [2.5, 7],
    ]);
    expect(r).toEqual({ reason: 'empty', events: 2, nowS: 2.5 });
  });

  it('runs events exactly at untilS, leaves later ones pending and parks the clock at untilS', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const T = sim.register('t', (a) => fired.push(a));
    sim.at(5, T, 1);
    sim.at(5.000001, T, 2);
    const r = sim.run({ untilS: 5 });
    expect(fired).toEqual([1]);
    expect(r.reason).toBe('time');
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(fired).toEqual([1, 2]);
  });

  it('moves the clock to untilS when the queue empties first', () => {
    const sim = new Simulator();
    const T = sim.register('t', () => {});
    sim.at(1, T);
    expect(sim.run({ untilS: 10 })).toEqual({ reason: 'empty', events: 1, nowS: 10 });
  });

  it('stops after maxEvents and resumes where it left off', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const T = sim.register('t', (a) => fired.push(a));
    for (let i = 0; i < 10; i++) sim.at(i, T, i);
    expect(sim.run({ maxEvents: 4 }).reason).toBe('events');
    expect(fired).toEqual([0, 1, 2, 3]);
    sim.run();
    expect(fired).toHaveLength(10);
    expect(sim.eventsDispatched).toBe(10);
  });

  it('stops from inside a handler', () => {
    const sim = new Simulator();
    let count = 0;
    const T = sim.register('tick', () => {
      count++;
      if (count === 3) sim.stop();
      sim.after(1, T);
    });
    sim.at(0, T);
    const r = sim.run();
    expect(r.reason).toBe('stopped');
    expect(count).toBe(3);
    expect(sim.now).toBe(2);
  });

  it('orders zero-delay events scheduled by a handler after everything already due at that instant', () => {
    const sim = new Simulator();
    const order: string[] = [];
    const B = sim.register('b', (a) => order.push(`b${a}`));
    const A = sim.register('a', () => {
      order.push('a');
      sim.after(0, B, 2); // same instant, but scheduled after b1
    });
    sim.at(1, A);
    sim.at(1, B, 1);
    sim.run();
    expect(order).toEqual(['a', 'b1', 'b2']);
  });

  it('cancels a pending event so its handler never runs', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const T = sim.register('t', (a) => fired.push(a));
    const h = sim.at(1, T, 1);
    sim.at(2, T, 2);
    expect(sim.cancel(h)).toBe(true);
    sim.run();
    expect(fired).toEqual([2]);
    expect(sim.cancel(h)).toBe(false);
  });

  it('rejects scheduling in the past, at NaN or infinity, and unknown types', () => {
    const sim = new Simulator();
    const T = sim.register('t', () => {});
    sim.at(3, T);
    sim.run();
    expect(() => sim.at(2, T)).toThrow(/before now/);
    expect(() => sim.at(Number.NaN, T)).toThrow(RangeError);
    expect(() => sim.after(-1, T)).toThrow(/delay/);
    expect(() => sim.at(Number.POSITIVE_INFINITY, T)).toThrow(/infinity/);
    expect(() => sim.at(4, 99)).toThrow(/unknown event type/);
  });

  it('calls the trace hook for every event when set, with the type name', () => {
    const sim = new Simulator();
    const T = sim.register('ping', () => {});
    const trace: string[] = [];
    sim.trace = (t, _type, name, arg) => trace.push(`${t}:${name}:${arg}`);
    sim.at(1, T, 3);
    sim.at(2, T, 4);
    sim.run();
    expect(trace).toEqual(['1:ping:3', '2:ping:4']);
  });

  it('is deterministic: the same seed replays the same event trace', () => {
    const traceOf = (seed: number) => {
      const sim = new Simulator();
      const rng = createStream(seed, 0, 'test/jobs');
      const out: string[] = [];
      const J = sim.register('job', (a) => {
        out.push(`${sim.now.toFixed(9)}/${a}`);
        if (out.length < 500) sim.after(-Math.log(1 - rng.next()), J, (a * 7 + 1) % 13);
        if (rng.next() < 0.3) sim.after(rng.next() < 0.5 ? 0 : rng.next(), J, a + 100);
      });
      sim.at(0, J, 0);
      sim.run({ maxEvents: 2000 });
      return out;
    };
    expect(traceOf(42)).toEqual(traceOf(42));
    expect(traceOf(42)).not.toEqual(traceOf(43));
  });

  it('counts events dispatched as they run, the one being handled included', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const T = sim.register('t', () => seen.push(sim.eventsDispatched));
    for (let i = 1; i <= 4; i++) sim.at(i, T);
    sim.run({ untilS: 2 });
    sim.run();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.eventsDispatched).toBe(4);
  });

  it('finds the earliest pending event of other types, skipping cancelled ones and the same-instant ring', () => {
    const sim = new Simulator();
    const found: number[] = [];
    const OWN = sim.register('own', () => {});
    const OTHER = sim.register('other', () => {});
    const PROBE = sim.register('probe', () => {
      // A zero-delay event of its own type waits in the ring: ignored; another type there counts.
      sim.after(0, OWN);
      found.push(sim.nextTimeExcept([OWN, PROBE]));
      sim.after(0, OTHER);
      found.push(sim.nextTimeExcept([OWN, PROBE]));
    });
    sim.at(1, OWN);
    sim.at(3, OWN);
    const h = sim.at(4, OTHER);
    sim.at(9, OTHER);
    expect(sim.nextTimeExcept([OWN])).toBe(4);
    expect(sim.nextTimeExcept([])).toBe(1);
    sim.cancel(h);
    expect(sim.nextTimeExcept([OWN])).toBe(9);
    expect(sim.nextTimeExcept([OWN, OTHER])).toBe(Number.POSITIVE_INFINITY);
    sim.at(2, PROBE);
    sim.run({ untilS: 2 });
    expect(found).toEqual([9, 2]);
  });
});
