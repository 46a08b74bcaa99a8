import type { Scenario } from '../src/scenario/index.js';

/**
 * The model tests written before held concurrency became the default (issue 16) worked their
 * expected figures by hand for pods held for their service time alone. Scenarios they parse keep
 * that unless their text says `heldConcurrency` (the tests of held concurrency itself do).
 */
export function withLegacyHolding(yaml: string, scenario: Scenario): Scenario {
  if (yaml.includes('heldConcurrency')) return scenario;
  return { ...scenario, designs: scenario.designs.map((d) => ({ ...d, traffic: { ...d.traffic, heldConcurrency: false } })) };
}
