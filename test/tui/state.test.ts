import { describe, expect, it } from 'vitest';
import { initialState, reduce, type AppState } from '../../src/tui/state.js';
import type { SimOutcome } from '../../src/tui/sim/types.js';
import { smallDefault } from './fixture.js';

const { loaded } = smallDefault();

function outcome(steps: number, startS: number): SimOutcome {
  const tS = Array.from({ length: steps }, (_, i) => i * 10);
  return {
    results: { designs: [{}, {}], run: { replications: 3 } } as unknown as SimOutcome['results'],
    replay: { replication: 0, focus: { kind: 'zone', target: 'z', source: 'scripted', startS, endS: startS + 50 }, stepS: 10, tS, episodes: [], designs: [] },
    elapsedMs: 1234,
  };
}

describe('UI state', () => {
  it('opens on the picker without a scenario, on the comparison with one', () => {
    expect(initialState().panel).toBe('scenarios');
    expect(initialState(loaded).panel).toBe('compare');
  });

  it('keeps only knobs that differ from the file', () => {
    let s = initialState(loaded);
    s = reduce(s, { type: 'knob', id: 'replicas:web', dir: -1 });
    expect(s.knobValues).toEqual({ 'replicas:web': 5 });
    s = reduce(s, { type: 'knob', id: 'replicas:web', dir: 1 });
    expect(s.knobValues).toEqual({});
    s = reduce(s, { type: 'knob', id: 'no-such-knob', dir: 1 });
    expect(s.knobValues).toEqual({});
  });

  it('moves the current run to "previous" when a new one finishes, and starts the replay just before the fault', () => {
    let s: AppState = initialState(loaded);
    s = reduce(s, { type: 'runStarted', whatIfs: [], total: 3 });
    s = reduce(s, { type: 'progress', done: 2, total: 3 });
    expect(s.run).toMatchObject({ kind: 'running', done: 2, total: 3 });
    const first = outcome(20, 100);
    s = reduce(s, { type: 'runDone', outcome: first });
    expect(s.current?.outcome).toBe(first);
    expect(s.previous).toBeNull();
    expect(s.replay.step).toBe(9);
    const w = [{ kind: 'replicas' as const, service: 'web', replicas: 2 }];
    s = reduce(s, { type: 'runStarted', whatIfs: w, total: 3 });
    s = reduce(s, { type: 'runDone', outcome: outcome(20, 0) });
    expect(s.previous?.outcome).toBe(first);
    expect(s.current?.whatIfs).toEqual(w);
    expect(s.replay.step).toBe(0);
  });

  it('ignores results that arrive after a cancel', () => {
    let s = reduce(initialState(loaded), { type: 'runStarted', whatIfs: [], total: 3 });
    s = reduce(s, { type: 'runCancelled' });
    expect(s.run.kind).toBe('cancelled');
    expect(reduce(s, { type: 'runDone', outcome: outcome(5, 0) }).current).toBeNull();
  });

  it('clamps replay steps and stops playing at the end', () => {
    let s = reduce(reduce(initialState(loaded), { type: 'runStarted', whatIfs: [], total: 1 }), { type: 'runDone', outcome: outcome(5, 0) });
    s = reduce(s, { type: 'replayPlay', playing: true });
    s = reduce(s, { type: 'replayStep', delta: 100 });
    expect(s.replay).toMatchObject({ step: 4, playing: false });
    expect(reduce(s, { type: 'replayStep', delta: -100 }).replay.step).toBe(0);
  });

  it('starts afresh when another scenario is loaded', () => {
    let s = reduce(initialState(loaded), { type: 'knob', id: 'replicas:web', dir: 1 });
    s = reduce(s, { type: 'addFault', fault: { atS: 1, forS: 1, target: { kind: 'zone', zone: 'eu-west-1a' } } });
    s = reduce(s, { type: 'load', scenario: loaded });
    expect(s.knobValues).toEqual({});
    expect(s.faults).toEqual([]);
  });
});
