import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { estimateMemoryBytes, estimatePlacementSteps, estimateRunEvents } from '../../src/scenario/budget.js';
import { globMatch } from '../../src/scenario/context.js';
import { LIMITS, parseDuration, parseScenario } from '../../src/scenario/index.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

const BASE = readFileSync(new URL('./fixtures/base.yaml', import.meta.url), 'utf8');
const BUNDLED = readdirSync(new URL('../../scenarios/', import.meta.url)).filter((f) => f.endsWith('.yaml'));

describe('limits leave real scenarios room', () => {
  it.each(BUNDLED)('%s is estimated at least 1000 times below the run, placement and memory limits', (f) => {
    const text = readFileSync(new URL(`../../scenarios/${f}`, import.meta.url), 'utf8');
    const raw = parseDocument(text, { merge: true }).toJS() as Record<string, unknown>;
    const s = scenarioSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('x-'))));
    const nodes = s.clusters.reduce((a, c) => a + c.nodePools.reduce((b, p) => b + Math.max(p.count, p.autoscaling?.max ?? 0), 0), 0);
    const pods = s.workload.services.reduce((a, sv) => a + sv.replicas, 0) * s.clusters.length;
    expect(estimateRunEvents(s, nodes, pods)).toBeLessThan(LIMITS.runEvents / 1000);
    expect(estimatePlacementSteps(s, pods)).toBeLessThan(LIMITS.placementSteps / 1000);
    expect(estimateMemoryBytes(s, nodes, pods * s.designs.length)).toBeLessThan(LIMITS.modelMemoryBytes / 1000);
  });

  it('the run estimate grows with replications and designs, and with shorter MTBFs', () => {
    const s = scenarioSchema.parse(parseDocument(BASE).toJS());
    const base = estimateRunEvents(s, 6, 16);
    expect(estimateRunEvents({ ...s, run: { ...s.run!, replications: 20 } }, 6, 16)).toBeCloseTo(base * 10, 6);
    expect(estimateRunEvents({ ...s, designs: [...s.designs, ...s.designs] }, 6, 16)).toBeCloseTo(base * 2, 6);
    const fragile = { ...s, faults: { ...s.faults, stochastic: { ...s.faults!.stochastic, nodes: { ...s.faults!.stochastic!.nodes!, mtbf: { kind: 'exponential', meanS: 3600 } as const } } } };
    expect(estimateRunEvents(fragile, 6, 16)).toBeGreaterThan(base * 100);
  });

  it('a fleet at the node limits is accepted: 10 clusters of 9999 nodes beside the 6 of the base file', () => {
    const clusters = Array.from({ length: 10 }, (_, i) => `  - { name: c${i}, region: eu-west-1, nodePools: [{ name: p, instanceType: m6i.xlarge, count: 9999 }], controlPlane: { managed: { tier: eks-standard } } }`).join('\n');
    const text = BASE.replace(/^clusters:\n/m, `clusters:\n${clusters}\n`).replace(/^run:[\s\S]*$/m, 'run:\n  horizon: 1d\n  replications: 1\n').replace(/^faults:[\s\S]*?^run:/m, 'run:');
    const r = parseScenario(text, 'limit.yaml');
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });
});

describe("a design's overrides are held to the same limits", () => {
  it('refuses a design whose own fleet is past the node limit, pointing at its overrides', () => {
    const clusters = Array.from({ length: 11 }, (_, i) => `  - { name: c${i}, region: eu-west-1, nodePools: [{ name: p, instanceType: m6i.xlarge, count: 1 }], controlPlane: { managed: { tier: eks-standard } } }`).join('\n');
    const overrides = Array.from({ length: 11 }, (_, i) => `        - { name: c${i}, nodePools: [{ name: p, count: 9999 }] }`).join('\n');
    const text = BASE.replace(/^clusters:\n/m, `clusters:\n${clusters}\n`)
      .replace('        dns: { ttl: 60s }\n', `        dns: { ttl: 60s }\n    overrides:\n      clusters:\n${overrides}\n`)
      .replace(/^run:[\s\S]*$/m, 'run:\n  horizon: 1d\n  replications: 1\n')
      .replace(/^faults:[\s\S]*?^run:/m, 'run:');
    const r = parseScenario(text, 'limit.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => /nodes in all/.test(x.message));
    expect(e?.message).toMatch(/the fleet in design "replicated" can have 1099\d\d nodes in all/);
    expect(e?.path).toBe('designs[0].overrides.clusters');
    // Without the overrides the same fleet is fine.
    expect(parseScenario(text.replace(/    overrides:\n      clusters:\n(        - .*\n)+/, ''), 'limit.yaml').ok).toBe(true);
  });
});

describe('keys that are JavaScript object internals', () => {
  it('keeps "constructor" and "prototype" as ordinary labels, and matches them', () => {
    const text = BASE.replace('labels: { geo: eu }', 'labels: { geo: eu, constructor: y, prototype: z }').replace(
      '        replicaScheduling: duplicated\n',
      '        replicaScheduling: duplicated\n        clusterAffinity: { labels: { constructor: y } }\n',
    );
    const r = parseScenario(text, 'labels.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.clusters[0].labels).toEqual({ geo: 'eu', constructor: 'y', prototype: 'z' });
    expect(r.scenario.designs[0].policies[0].clusterAffinities[0].labels).toEqual({ constructor: 'y' });
  });

  it('an affinity on "constructor" does not select a cluster without that label', () => {
    const text = BASE.replace('        replicaScheduling: duplicated\n', '        replicaScheduling: duplicated\n        clusterAffinity: { labels: { constructor: y } }\n');
    const r = parseScenario(text, 'labels.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join('\n')).toMatch(/selects no cluster/);
  });
});

describe('glob matching', () => {
  const reference = (pattern: string, name: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name);
  it('agrees with the regular-expression reading on random patterns and names', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '.', '1');
    const name = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(''));
    const pattern = fc.array(fc.oneof(alphabet, fc.constantFrom('*', '?', '[', '(')), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(pattern, name, (p, n) => globMatch(p, n) === reference(p, n)), { numRuns: 3000, seed: 3 });
  });
});

describe('compound durations', () => {
  it.each(['1h-30m', '-1h2h', '5s+3s', '1d -1s'])('refuses a sign inside %s', (t) => {
    const r = parseDuration(t);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.hint).toMatch(/rather than "1h-30m"/);
  });
  it('still reads unsigned compounds and a leading plus', () => {
    expect(parseDuration('1h30m')).toEqual({ ok: true, value: 5400 });
    expect(parseDuration('1h 30m')).toEqual({ ok: true, value: 5400 });
    expect(parseDuration('+5s')).toEqual({ ok: true, value: 5 });
  });
});

describe('an integer past 2^53', () => {
  it('is reported against the field\'s own limit, not Number.MAX_SAFE_INTEGER', () => {
    for (const value of ['9007199254740992', '1e300']) {
      const r = parseScenario(BASE.replace(/^run:[\s\S]*$/m, `run:\n  replications: ${value}\n`), 'big.yaml');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      const e = r.errors.find((x) => x.path === 'run.replications');
      expect(e?.expected).toBe(`a number ≤ ${LIMITS.replications}`);
    }
  });
});
