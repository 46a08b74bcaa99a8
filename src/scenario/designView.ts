import type { DesignInfrastructure, Scenario } from './types.js';

/**
 * The scenario as one design runs it: its own clusters and services when it overrides or sizes
 * them (Design.infrastructure), the scenario's otherwise, which is then the same object. Topology,
 * users, faults and run settings are the scenario's: every design faces the same world.
 */
export function designScenario(s: Scenario, design: number): Scenario {
  return withInfrastructure(s, s.designs[design].infrastructure);
}

export function withInfrastructure(s: Scenario, infra: DesignInfrastructure | undefined): Scenario {
  if (infra === undefined) return s;
  return { ...s, clusters: infra.clusters, workload: { ...s.workload, services: infra.services } };
}
