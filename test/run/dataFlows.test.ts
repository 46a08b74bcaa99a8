import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designDataFlows, prepareScenario, replicate } from '../../src/run/pipeline.js';
import { costSetup } from '../../src/cost/index.js';

/**
 * designs[].dataFlows: the residency data flows of each design, violations first, carried by the
 * replication summaries only for scenarios with datastores (the others keep their results).
 */
const FIXTURE = readFileSync('test/fixtures/datastores-two-regions.yaml', 'utf8');

/** The fixture with the cart database holding EU personal data, which its US replica receives. */
const withEuData = FIXTURE.replace('workload:\n  datastores:', 'workload:\n  dataClasses:\n    - { name: personal-eu, allowedRegions: ["eu-*"], enforcement: audit }\n  datastores:').replace(
  '      kind: primaryReplica\n      replication: async\n',
  '      kind: primaryReplica\n      replication: async\n      dataClass: personal-eu\n',
);

describe('data flows in results', () => {
  it('lists violations first: the US replica of an EU-only store receives its data', () => {
    const p = prepareScenario(withEuData, 'flows.yaml');
    const flows = designDataFlows(p);
    expect(flows).toHaveLength(2);
    const first = flows[0];
    expect(first.length).toBeGreaterThan(0);
    const firstClean = first.findIndex((f) => !f.violation);
    // Every violation comes before every flow that is allowed.
    if (firstClean >= 0) expect(first.slice(firstClean).every((f) => !f.violation)).toBe(true);
    expect(first.some((f) => f.violation && f.via === 'replication' && f.to.region === 'us-east-1')).toBe(true);
  });

  it('is left out of scenarios without datastores (retail-segmented has a data class: its results stay as they were)', () => {
    const p = prepareScenario(readFileSync('scenarios/retail-segmented.yaml', 'utf8'), 'retail-segmented.yaml');
    expect(p.scenario.workload.dataClasses.length).toBeGreaterThan(0);
    expect(p.scenario.workload.datastores).toEqual([]);
    expect(designDataFlows(p).every((f) => f.length === 0)).toBe(true);
  });

  it('rides on the replication summary only when there are flows', () => {
    const p = prepareScenario(withEuData.replace('horizon: 30d', 'horizon: 2d'), 'flows.yaml');
    const s = replicate(p, 0, costSetup(p.scenario));
    expect(s.designs[0].dataFlows).toEqual(designDataFlows(p)[0]);
    const plain = prepareScenario(FIXTURE.replace('horizon: 30d', 'horizon: 2d'), 'plain.yaml');
    expect(replicate(plain, 0, costSetup(plain.scenario)).designs[0]).not.toHaveProperty('dataFlows');
  });
});
