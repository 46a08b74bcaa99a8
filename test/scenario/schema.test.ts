import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioJsonSchema } from '../../src/scenario/index.js';

type Json = Record<string, unknown>;
const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Every key the bundled scenarios use must be one the JSON Schema declares, at the same place. */
function undeclared(value: unknown, schema: Json | undefined, root: Json, path: string, out: string[]): void {
  if (schema === undefined) return;
  const resolved = typeof schema.$ref === 'string' ? (resolveRef(root, schema.$ref) as Json) : schema;
  const alternatives = (resolved.anyOf ?? resolved.oneOf) as Json[] | undefined;
  if (alternatives) {
    // Accept the branch that declares the most of this value's keys.
    const scored = alternatives.map((alt) => {
      const miss: string[] = [];
      undeclared(value, alt, root, path, miss);
      return miss;
    });
    out.push(...scored.reduce((a, b) => (b.length < a.length ? b : a)));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => undeclared(v, resolved.items as Json | undefined, root, `${path}[${i}]`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const props = resolved.properties as Record<string, Json> | undefined;
    const extra = resolved.additionalProperties;
    for (const [k, v] of Object.entries(value)) {
      if (path === '' && k.startsWith('x-')) continue;
      if (props?.[k] !== undefined) undeclared(v, props[k], root, `${path}.${k}`, out);
      else if (extra && typeof extra === 'object') undeclared(v, extra as Json, root, `${path}.${k}`, out);
      else if (extra === false || props !== undefined) out.push(`${path}.${k}`);
    }
  }
}

function resolveRef(root: Json, ref: string): unknown {
  return ref.replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Json)[k], root);
}

describe('JSON Schema for editors', () => {
  const schema = scenarioJsonSchema();

  it('is draft 2020-12, strict at the top level, and documents fields', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'topology', 'clusters', 'workload', 'designs']));
    const text = JSON.stringify(schema);
    expect((text.match(/"description"/g) ?? []).length).toBeGreaterThan(80);
  });

  it('duration fields carry a pattern the bundled durations match', () => {
    const rtt = (((schema.properties as Json).topology as Json).properties as Json).links as Json;
    const pattern = new RegExp((((rtt.items as Json).properties as Json).rtt as Json).pattern as string);
    for (const d of ['100ms', '40s', '5m', '30d', '1h30m', '29d19h', '0']) expect(pattern.test(d)).toBe(true);
    for (const d of ['40', 'soon', '5 parsecs']) expect(pattern.test(d)).toBe(false);
  });

  // The bundled scenarios, and the fixtures that show new sections before a bundled scenario uses them.
  const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
  const files = [...readdirSync(DIR).filter((x) => x.endsWith('.yaml')).map((f) => DIR + f), ...readdirSync(FIXTURES).filter((x) => /^datastores-.*\.yaml$/.test(x)).map((f) => FIXTURES + f)];
  for (const f of files) {
    it(`declares every key used by ${f.slice(f.lastIndexOf('/', f.lastIndexOf('/') - 1) + 1)}`, () => {
      const out: string[] = [];
      undeclared(parse(readFileSync(f, 'utf8'), { merge: true }), schema, schema, '', out);
      expect(out).toEqual([]);
    });
  }
});

describe('scenarios/scenario.schema.json', () => {
  it('is the current output of `fleetsim schema` (regenerate: fleetsim schema --out scenarios/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync(DIR + 'scenario.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});
