import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { DEFAULT_QUEUE_CAPACITY_MESSAGES } from '../../src/scenario/callShapes.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const ASYNC_TEXT = fixture('async-edge-sync.yaml');
const ASYNC_CALL = 'mode: async, queue: { capacity: 1000000, drainRate: 50/s }';

function parsed(yaml: string) {
  const r = parseScenario(yaml, 'shapes.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

function errors(yaml: string) {
  const r = parseScenario(yaml, 'shapes.yaml');
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.errors.filter((e) => e.severity === 'error');
}

/** 1-based line and column of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; col: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, col: lines[line].indexOf(needle) + 1 };
}

describe('workload.services[].calls[].mode and .queue', () => {
  it('resolve: async with its queue in messages and messages per second; parallel; sequential by default', () => {
    const asyncCall = parsed(ASYNC_TEXT).workload.services[0].calls[0];
    expect(asyncCall.mode).toBe('async');
    expect(asyncCall.queue).toEqual({ capacityMessages: 1_000_000, drainPerS: 50 });
    const web = parsed(fixture('parallel-fanout.yaml')).workload.services[0];
    expect(web.calls.map((c) => [c.service, c.mode, c.queue])).toEqual([
      ['db', 'sequential', undefined],
      ['api', 'parallel', undefined],
      ['search', 'parallel', undefined],
    ]);
  });

  it('an async call without a queue block gets the default capacity and drains as fast as the callee admits', () => {
    const call = parsed(ASYNC_TEXT.replace(ASYNC_CALL, 'mode: async')).workload.services[0].calls[0];
    expect(call.queue).toEqual({ capacityMessages: DEFAULT_QUEUE_CAPACITY_MESSAGES, drainPerS: undefined });
  });

  it('a queue on a call that is not async is an error at the queue key, with its path and a hint', () => {
    for (const mode of ['', 'mode: parallel, ']) {
      const text = ASYNC_TEXT.replace(ASYNC_CALL, `${mode}queue: { capacity: 10 }`);
      const [e, ...rest] = errors(text);
      expect(rest).toEqual([]);
      expect(e.path).toBe('workload.services[0].calls[0].queue');
      expect({ line: e.line, col: e.col }).toEqual(positionOf(text, 'queue: { capacity: 10 }'));
      expect(e.message).toContain(mode === '' ? 'sequential' : 'parallel');
      expect(e.expected).toBe('no queue, or mode: async');
      expect(e.hint).toContain('mode: async');
    }
  });

  it('a drain rate of zero is an error at its value; a negative one or an unknown mode fails the schema', () => {
    const zero = ASYNC_TEXT.replace('drainRate: 50/s', 'drainRate: 0/s');
    const [e] = errors(zero);
    expect(e.path).toBe('workload.services[0].calls[0].queue.drainRate');
    expect(e.line).toBe(positionOf(zero, 'drainRate: 0/s').line);
    expect(e.expected).toContain('positive');
    expect(errors(ASYNC_TEXT.replace('drainRate: 50/s', 'drainRate: -5/s'))[0].path).toBe('workload.services[0].calls[0].queue.drainRate');
    const [mode] = errors(ASYNC_TEXT.replace('mode: async', 'mode: fireAndForget'));
    expect(mode.path).toBe('workload.services[0].calls[0].mode');
  });
});
