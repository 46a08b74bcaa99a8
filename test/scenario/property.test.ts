import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario, type LoadResult } from '../../src/scenario/index.js';

/**
 * The parser never crashes: random text, random YAML values and mutated real scenarios each give
 * a scenario or structured errors, never an exception and never the internal-error fallback.
 */
const DEFAULT = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
const BASE = readFileSync(new URL('./fixtures/base.yaml', import.meta.url), 'utf8');

function wellFormed(r: LoadResult, text: string): void {
  if (r.ok) {
    expect(r.scenario.apiVersion).toBe('fleetsim/v1');
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  const lines = text.split('\n').length;
  for (const e of r.errors) {
    expect(e.message).not.toMatch(/internal error/);
    expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines + 1).toBe(true);
    expect(Number.isInteger(e.col) && e.col >= 1).toBe(true);
    expect(typeof e.path).toBe('string');
  }
}

function check(text: string): void {
  let r: LoadResult | undefined;
  expect(() => {
    r = parseScenario(text, 'prop.yaml');
  }).not.toThrow();
  wellFormed(r!, text);
}

/** Line-level and character-level mutations of a valid document. */
const mutation = (base: string) =>
  fc
    .tuple(
      fc.array(
        fc.oneof(
          fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }),
          fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
          fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), to: fc.nat() }),
          fc.record({ op: fc.constant('insertChar' as const), at: fc.nat(), ch: fc.constantFrom(':', '-', ' ', '\t', '[', '{', '"', "'", '#', '&', '*', '!', '|', '>', '%', '\n', 'x', '0') }),
          fc.record({ op: fc.constant('deleteChar' as const), at: fc.nat() }),
          fc.record({ op: fc.constant('replaceValue' as const), at: fc.nat(), v: fc.constantFrom('null', '~', '[]', '{}', '-1', '1e400', '"', 'true', '0', '.inf', '*nope', '!!binary AAAA', '99999999999999999999') }),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    )
    .map(([ops]) => {
      let lines = base.split('\n');
      for (const m of ops) {
        const i = m.at % Math.max(1, lines.length);
        if (m.op === 'deleteLine') lines.splice(i, 1);
        else if (m.op === 'duplicateLine') lines.splice(i, 0, lines[i] ?? '');
        else if (m.op === 'swapLines') {
          const j = m.to % Math.max(1, lines.length);
          [lines[i], lines[j]] = [lines[j], lines[i]];
        } else {
          let text = lines.join('\n');
          const k = m.at % Math.max(1, text.length);
          if (m.op === 'insertChar') text = text.slice(0, k) + m.ch + text.slice(k);
          else if (m.op === 'deleteChar') text = text.slice(0, k) + text.slice(k + 1);
          else {
            const colon = text.indexOf(': ', k);
            if (colon >= 0) {
              const end = text.indexOf('\n', colon);
              text = text.slice(0, colon + 2) + m.v + (end < 0 ? '' : text.slice(end));
            }
          }
          lines = text.split('\n');
        }
      }
      return lines.join('\n');
    });

describe('parser robustness (fast-check)', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { seed: 1, numRuns: 300 });
  });

  it('random YAML values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => check(stringify(v))), { seed: 2, numRuns: 300 });
  });

  it('random values in the right top-level shape', () => {
    const doc = fc.record({
      apiVersion: fc.constantFrom('fleetsim/v1', 'v1', 1),
      kind: fc.constantFrom('Scenario', 'scenario'),
      metadata: fc.oneof(fc.record({ name: fc.string() }), fc.jsonValue({ maxDepth: 2 })),
      topology: fc.oneof(fc.record({ regions: fc.array(fc.record({ name: fc.constantFrom('eu-west-1', 'us-east-1', 'x', ''), zones: fc.option(fc.array(fc.string()), { nil: undefined }) })) }), fc.jsonValue({ maxDepth: 3 })),
      clusters: fc.jsonValue({ maxDepth: 4 }),
      workload: fc.jsonValue({ maxDepth: 4 }),
      designs: fc.jsonValue({ maxDepth: 4 }),
      faults: fc.jsonValue({ maxDepth: 3 }),
      run: fc.jsonValue({ maxDepth: 3 }),
    });
    fc.assert(fc.property(doc, (v) => check(stringify(v))), { seed: 3, numRuns: 300 });
  });

  it('mutated default.yaml', () => {
    fc.assert(fc.property(mutation(DEFAULT), check), { seed: 4, numRuns: 250 });
  });

  it('mutated corpus base file', () => {
    fc.assert(fc.property(mutation(BASE), check), { seed: 5, numRuns: 250 });
  });

  it('is deterministic: the same text gives the same result', () => {
    fc.assert(
      fc.property(mutation(BASE), (text) => {
        expect(JSON.stringify(parseScenario(text, 'a.yaml'))).toBe(JSON.stringify(parseScenario(text, 'a.yaml')));
      }),
      { seed: 6, numRuns: 50 },
    );
  });
});
