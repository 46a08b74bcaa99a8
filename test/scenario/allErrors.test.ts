import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import type { ScenarioError } from '../../src/scenario/errors.js';

// All errors at once (issue 19): a schema error in an object must not hide the dangling names of the
// same object or section (load.ts salvagedNameProblems), and must not add errors that are not there.
const FIXED = readFileSync(fileURLToPath(new URL('../fixtures/two-regions-fixed.yaml', import.meta.url)), 'utf8');

function errorsOf(text: string): ScenarioError[] {
  const r = parseScenario(text, 'f.yaml');
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors.filter((e) => e.severity === 'error');
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a schema error and a cross-reference error in the same object', () => {
  it("a node pool's bad count and its cluster's unknown region: both, each at its line", () => {
    const text = FIXED.replace('        count: 4\n', '        count: many\n').replace('    region: eu-west-1\n    kubernetesVersion', '    region: eu-west-9\n    kubernetesVersion');
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['clusters[0].region', lineOf(text, 'region: eu-west-9')],
      ['clusters[0].nodePools[0].count', lineOf(text, 'count: many')],
    ]);
    expect(errors[0].message).toBe('unknown region "eu-west-9"');
    expect(errors[0].hint).toBe('did you mean "eu-west-1"?');
  });

  it("a service's bad replicas and another service's call to an unknown service in the same section", () => {
    const text = FIXED.replace('      replicas: 4\n', '      replicas: four\n').replace('{ service: cart, callsPerRequest', '{ service: carts, callsPerRequest');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['workload.services[0].calls[1].service', 'workload.services[2].replicas']);
    expect(errors[0].message).toBe('unknown service "carts"');
    expect(errors[1].message).toMatch(/^wrong type: got "four"/);
  });

  it('adds nothing when the names are all fine: the schema error alone', () => {
    const text = FIXED.replace('        count: 4\n', '        count: many\n');
    expect(errorsOf(text).map((e) => e.path)).toEqual(['clusters[0].nodePools[0].count']);
  });

  it('a bad field that is itself a reference reports its own error once, not a placeholder name', () => {
    const text = FIXED.replace('        count: 4\n', '        count: many\n').replace('    region: eu-west-1\n    kubernetesVersion', '    region: [eu-west-1]\n    kubernetesVersion');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['clusters[0].region', 'clusters[0].nodePools[0].count']);
    expect(errors[0].message).not.toMatch(/unknown/);
  });
});
