import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario } from '../../src/scenario/index.js';
import { FAULT_KINDS } from '../../src/scenario/schema.js';

// The annotated example in docs/scenario.md claims to show every key: it must stay valid.
describe('docs/scenario.md', () => {
  const doc = readFileSync(new URL('../../docs/scenario.md', import.meta.url), 'utf8');
  const example = /## A complete annotated example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];

  it('the complete annotated example validates without warnings', () => {
    expect(example).toBeDefined();
    const r = parseScenario(example!, 'docs/scenario.md#example');
    expect(r.ok ? r.warnings.map(formatError) : r.errors.map(formatError)).toEqual([]);
  });

  it('the example uses every fault kind and both control-plane forms', () => {
    const r = parseScenario(example!, 'x');
    if (!r.ok) throw new Error('invalid');
    expect(new Set(r.scenario.faults.scripted.map((f) => f.target.kind))).toEqual(new Set(FAULT_KINDS));
    expect(new Set(r.scenario.clusters.map((c) => c.controlPlane.kind))).toEqual(new Set(['managed', 'selfManaged']));
  });
});
