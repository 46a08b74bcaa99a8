/** -o/--output: one parser for every command, with the allowed values in the error; yaml is json's object. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { parse } from 'yaml';
import { outputFormat } from '../../src/cli/outputFormat.js';
import { structuredText } from '../../src/cli/structuredOutput.js';
import { cli } from './harness.js';

describe('outputFormat', () => {
  const p = outputFormat(['table', 'json', 'yaml']);
  it('accepts the allowed formats, case and spaces aside, and carries them for completion', () => {
    expect(p('json')).toBe('json');
    expect(p(' YAML ')).toBe('yaml');
    expect(p.allowed).toEqual(['table', 'json', 'yaml']);
  });
  it('refuses another with the list, and a hint for a near miss', () => {
    expect(() => p('xml')).toThrow(InvalidArgumentError);
    expect(() => p('xml')).toThrow('expected one of table, json, yaml, got "xml"');
    expect(() => p('yml')).toThrow('(use "yaml")');
    expect(() => outputFormat(['table', 'md'])('markdown')).toThrow('(markdown is "md")');
  });
  it('structuredText: YAML of exactly the JSON object (NaN replaced in both)', () => {
    const v = { a: 1, b: [1, 2], c: Number.NaN, d: undefined, e: 'x: y' };
    const replacer = (_k: string, x: unknown) => (typeof x === 'number' && Number.isNaN(x) ? null : x);
    const json = JSON.parse(structuredText(v, 'json', replacer)) as unknown;
    expect(json).toEqual({ a: 1, b: [1, 2], c: null, e: 'x: y' });
    expect(parse(structuredText(v, 'yaml', replacer))).toEqual(json);
  });
});

describe('-o on the commands', () => {
  it.each([['incidents'], ['mmc', '--replications', '2', '--customers', '2000']])('%s: -o yaml prints the object -o json prints', async (...argv) => {
    const j = await cli(...argv, '-o', 'json');
    const y = await cli(...argv, '-o', 'yaml');
    expect(j.code).toBe(0);
    expect(y.code).toBe(0);
    expect(parse(y.stdout)).toEqual(JSON.parse(j.stdout));
  });
  it('a format a command does not print is exit 2 listing what it does', async () => {
    const r = await cli('incidents', '-o', 'md');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected one of table, json, yaml, got "md"');
    const k = await cli('k8s-job', 'default', '--image', 'x', '--shards', '2', '-o', 'table');
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('expected one of yaml, json');
  });
});
