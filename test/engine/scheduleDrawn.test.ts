import { describe, expect, it } from 'vitest';
import { exponential } from '../../src/engine/distributions.js';
import { createStream, type RandomStream } from '../../src/engine/rng.js';
import { Simulator } from '../../src/engine/simulator.js';

/**
 * afterExp() and afterFrom() must schedule exactly what after() would: the same times, bit for
 * bit, from the same stream positions, in the same order. They exist only so that no double
 * crosses a call (bench/README.md, "Engine allocation").
 */

type Schedule = (sim: Simulator, stream: RandomStream, type: number, arg: number) => void;

const OFFSET_S = 0.1;
const MEAN_S = 2.5;
const delay = exponential(MEAN_S);
const viaAfter: Schedule = (sim, stream, type, arg) => sim.after(OFFSET_S + delay.sample(stream), type, arg);
const viaAfterExp: Schedule = (sim, stream, type, arg) => sim.afterExp(OFFSET_S, MEAN_S, stream, type, arg);
const scratch = new Float64Array(3);
const viaAfterFrom: Schedule = (sim, stream, type, arg) => {
  scratch[2] = OFFSET_S + delay.sample(stream);
  sim.afterFrom(scratch, 2, type, arg);
};

/**
 * A PHOLD-like run: 100 pending events; each event picks a successor's argument from one stream
 * and its delay from another, and records (time, arg). Returns the first `events` records.
 */
function trace(schedule: Schedule, events: number, makeStream = (name: string): RandomStream => createStream(11, 0, name)): Float64Array {
  const sim = new Simulator();
  const pick = makeStream('test/pick');
  const delays = makeStream('test/delay');
  const out = new Float64Array(2 * events);
  let n = 0;
  const E = sim.register('e', (arg) => {
    out[2 * n] = sim.now;
    out[2 * n + 1] = arg;
    n++;
    schedule(sim, delays, E, Math.floor(pick.next() * 1000));
  });
  for (let i = 0; i < 100; i++) schedule(sim, delays, E, i);
  sim.run({ maxEvents: events });
  expect(n).toBe(events);
  return out;
}

/** A RandomStream without nextInto(), as tests and callers outside the engine write them. */
function plainStream(name: string): RandomStream {
  const inner = createStream(11, 0, name);
  return { name, next: () => inner.next() };
}

describe('Simulator.afterExp and afterFrom', () => {
  it('afterExp gives the same event times and order as after(offset + exponential(mean).sample(stream)) over 10 000 events', () => {
    const expected = trace(viaAfter, 10_000);
    const actual = trace(viaAfterExp, 10_000);
    // Bit for bit: toEqual on Float64Arrays compares every element with Object.is semantics.
    expect(actual).toEqual(expected);
    expect(expected[2 * 9_999]).toBeGreaterThan(100); // the clock really advanced
  });

  it('afterExp draws through next() for a stream without nextInto(), with the same times', () => {
    expect(trace(viaAfterExp, 10_000, plainStream)).toEqual(trace(viaAfter, 10_000));
  });

  it('afterFrom gives the same event times and order as after() with the same delay over 10 000 events', () => {
    expect(trace(viaAfterFrom, 10_000)).toEqual(trace(viaAfter, 10_000));
  });

  it('puts a zero delay from afterFrom behind the events already due at this instant, as after(0) does', () => {
    const sim = new Simulator();
    const order: string[] = [];
    const zero = new Float64Array(1);
    const B = sim.register('b', (a) => order.push(`b${a}`));
    const A = sim.register('a', () => {
      order.push('a');
      sim.afterFrom(zero, 0, B, 2);
    });
    sim.at(1, A);
    sim.at(1, B, 1);
    sim.run();
    expect(order).toEqual(['a', 'b1', 'b2']);
    expect(sim.now).toBe(1);
  });

  it('schedules relative to the clock parked at a run limit and restarted by reset()', () => {
    const sim = new Simulator();
    const times: number[] = [];
    const T = sim.register('t', () => times.push(sim.now));
    const d = Float64Array.of(2);
    sim.run({ untilS: 10 });
    sim.afterFrom(d, 0, T);
    sim.run();
    sim.reset();
    sim.afterFrom(d, 0, T);
    sim.run();
    expect(times).toEqual([12, 2]);
  });

  it('rejects a negative or infinite offset, a mean that is not positive and finite, and unknown types', () => {
    const sim = new Simulator();
    const T = sim.register('t', () => {});
    const s = createStream(1, 0, 'test/bad');
    expect(() => sim.afterExp(-1, 1, s, T)).toThrow(/offset must be a finite number >= 0 s, got -1/);
    expect(() => sim.afterExp(Number.POSITIVE_INFINITY, 1, s, T)).toThrow(/offset/);
    expect(() => sim.afterExp(0, 0, s, T)).toThrow(/mean delay must be a finite number > 0 s, got 0/);
    expect(() => sim.afterExp(0, Number.NaN, s, T)).toThrow(/mean delay/);
    expect(() => sim.afterExp(0, 1, s, 5)).toThrow(/unknown event type 5/);
    expect(sim.pending).toBe(0);
  });

  it('rejects a negative, NaN or infinite delay, an index outside the array, and unknown types', () => {
    const sim = new Simulator();
    const T = sim.register('t', () => {});
    const d = Float64Array.of(-1, Number.NaN, Number.POSITIVE_INFINITY, 1);
    expect(() => sim.afterFrom(d, 0, T)).toThrow(/delay must be a finite number >= 0 s, got -1/);
    expect(() => sim.afterFrom(d, 1, T)).toThrow(/got NaN/);
    expect(() => sim.afterFrom(d, 2, T)).toThrow(/got Infinity/);
    expect(() => sim.afterFrom(d, 4, T)).toThrow(/index 4 is outside the array/);
    expect(() => sim.afterFrom(d, 3, 9)).toThrow(/unknown event type 9/);
    expect(sim.pending).toBe(0);
  });
});
