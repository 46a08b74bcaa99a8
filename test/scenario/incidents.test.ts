import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioError } from '../../src/scenario/index.js';

/** Replays the loader refuses, each at the file:line:col of the field at fault, with what was expected and a hint. */
const FIXTURE = readFileSync(new URL('../fixtures/incident-fleet.yaml', import.meta.url), 'utf8');

function errorsOf(incidents: string, fixture = FIXTURE): ScenarioError[] {
  const text = fixture.replace('incidents: []', `incidents:\n${incidents}`);
  const r = parseScenario(text, 'f.yaml');
  return r.ok ? [] : r.errors.filter((e) => e.severity === 'error');
}

/** 1-based line of the first line of the incidents list (the one after "incidents:"). */
const FIRST = FIXTURE.split('\n').findIndex((l) => l.includes('incidents: []')) + 2;

describe('faults.incidents checks', () => {
  it('an unknown incident name: its line and column, the library names, a did-you-mean', () => {
    const [e, ...rest] = errorsOf('    - { name: aws-us-east-1-2021-12-08, at: 1d }');
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ line: FIRST, col: 15, path: 'faults.incidents[0].name' });
    expect(e.message).toContain('unknown incident "aws-us-east-1-2021-12-08"');
    expect(e.expected).toContain('azure-front-door-2025-10-29');
    expect(e.hint).toContain('aws-us-east-1-2021-12-07');
  });

  it('an incident region the scenario lacks and the replay does not map: the hint writes the mapping', () => {
    const noUsEast = FIXTURE.replace('{ name: us-east-1 }, ', '').replace('region: us-east-1,', 'region: eu-west-1,').replace('near: us-east-1', 'near: eu-west-1');
    const errs = errorsOf('    - { name: aws-us-east-1-2025-10-20, at: 1d }', noUsEast);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ path: 'faults.incidents[0].name', line: FIRST });
    expect(errs[0].message).toBe('aws-us-east-1-2025-10-20 strikes us-east-1, which the scenario does not have');
    expect(errs[0].hint).toContain('regions: { us-east-1: eu-west-1 }');
  });

  it('a mapping from a region the incident does not name, and to a region the scenario does not have', () => {
    const errs = errorsOf('    - { name: aws-us-east-1-2021-12-07, at: 1d, regions: { us-west-2: eu-west-1, us-east-1: mars-1 } }');
    expect(errs.map((e) => [e.path, e.message])).toEqual([
      ['faults.incidents[0].regions["us-west-2"]', 'aws-us-east-1-2021-12-07 names no region "us-west-2"'],
      ['faults.incidents[0].regions["us-east-1"]', 'unknown region "mars-1"'],
    ]);
    expect(errs.every((e) => e.line === FIRST)).toBe(true);
    expect(errs[0].expected).toBe('one of us-east-1');
  });

  it('a global incident has no region to map', () => {
    const errs = errorsOf('    - { name: azure-front-door-2025-10-29, at: 1d, regions: { eastus: eastus } }');
    expect(errs.map((e) => e.message)).toEqual(['azure-front-door-2025-10-29 strikes every region in scope and names none to map']);
  });

  it('an Azure incident on a fleet without Azure clusters: says so and offers providers', () => {
    const errs = errorsOf('    - { name: azure-front-door-2025-10-29, at: 1d, clusters: [aws-us] }');
    expect(errs).toHaveLength(1);
    expect(errs[0].message).toBe('no cluster of the scenario is in scope of azure-front-door-2025-10-29 (provider azure)');
    expect(errs[0].hint).toContain('providers: [aws, gcp, azure]');
    expect(errorsOf('    - { name: azure-front-door-2025-10-29, at: 1d, clusters: [aws-us], providers: [aws] }')).toEqual([]);
  });

  it('an unknown cluster and an unknown provider', () => {
    const errs = errorsOf('    - { name: endpoint-agent-2024-07-19, at: 1d, clusters: [aws-uss] }');
    expect(errs[0]).toMatchObject({ path: 'faults.incidents[0].clusters[0]', message: 'unknown cluster "aws-uss"' });
    expect(errs[0].hint).toContain('aws-us');
    const bad = errorsOf('    - { name: endpoint-agent-2024-07-19, at: 1d, providers: [oracle] }');
    expect(bad[0].path).toBe('faults.incidents[0].providers[0]');
  });

  it('a replay of each library incident on the fixture loads clean', () => {
    for (const name of ['aws-us-east-1-2021-12-07', 'aws-us-east-1-2025-10-20', 'gcp-service-control-2025-06-12', 'azure-front-door-2025-10-29', 'endpoint-agent-2024-07-19']) {
      expect(errorsOf(`    - { name: ${name}, at: 1d }`)).toEqual([]);
    }
  });
});
