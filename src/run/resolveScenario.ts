import { resolveFleet } from '../model/fleet/resolveFleet.js';
import type { Fleet } from '../model/fleet/types.js';
import { resolveDesigns, type ResolvedDesign } from '../model/placement/resolveDesigns.js';
import { applySizing, sizeDesign, type SizedFleet } from '../model/sizing/index.js';
import { designScenario, withInfrastructure } from '../scenario/designView.js';
import { LIMITS, type Scenario } from '../scenario/index.js';
import { RunInputError } from './errors.js';

/**
 * Stage 3 of the pipeline (pipeline.ts) on its own: a scenario's fleet and design placements,
 * without the simulator. `fleetsim check` needs only this stage; keeping it apart from the
 * replication code spares check loading the model's runtime, traffic and engine (issue 18).
 */

/** One design's own world: the scenario with its clusters and services, their fleet, its placement. */
export interface DesignView {
  /** The scenario with the design's clusters and services (Design.infrastructure); the scenario itself when it has none. */
  readonly scenario: Scenario;
  /** Its fleet; the scenario's fleet object when the design does not change the infrastructure. */
  readonly fleet: Fleet;
  readonly resolved: ResolvedDesign;
  /** What sizing found, when the design asks fleetsim to size it (its scenario and fleet are then the sized ones). */
  readonly sized: SizedFleet | undefined;
}

/** A scenario with its fleet and design placements resolved once, shared by every replication. */
export interface ResolvedScenario {
  readonly scenario: Scenario;
  /** The fleet as the file writes it (the fault showcase picks its fault from this one's schedule). */
  readonly fleet: Fleet;
  /** In the scenario's design order. */
  readonly designs: readonly ResolvedDesign[];
  /** In the scenario's design order. */
  readonly views: readonly DesignView[];
}

/**
 * Stage 3: resolve the fleet and every design's placement. A design with its own infrastructure
 * gets its own fleet: the same regions, zones and links, its own pools and counts. Faults stay
 * paired (stage 4 draws every node's failures from its pool's stream in node order).
 */
export function resolveScenario(scenario: Scenario): ResolvedScenario {
  const fleet = resolveFleet(scenario);
  const shared = resolveDesigns(scenario, fleet);
  const views = scenario.designs.map((d, i): DesignView => {
    if (d.infrastructure === undefined && d.sizing === undefined) return { scenario, fleet, resolved: shared[i], sized: undefined };
    let own = designScenario(scenario, i);
    let sized: SizedFleet | undefined;
    if (d.sizing !== undefined) {
      sized = sizeDesign(own, i);
      checkSizedFleet(sized);
      const infra = applySizing(own, i, sized);
      own = withInfrastructure(scenario, infra);
      own = { ...own, designs: own.designs.map((x, k) => (k === i ? { ...x, infrastructure: infra } : x)) };
    }
    const ownFleet = resolveFleet(own);
    return { scenario: own, fleet: ownFleet, resolved: resolveDesigns({ ...own, designs: [own.designs[i]] }, ownFleet)[0], sized };
  });
  return { scenario, fleet, designs: views.map((v) => v.resolved), views };
}

/** A sized fleet past the limits every fleet is held to (the loader could not see it) is an input error. */
function checkSizedFleet(sized: SizedFleet): void {
  const big = sized.nodePools.find((p) => p.nodes > LIMITS.nodesPerPool);
  if (big !== undefined) {
    throw new RunInputError(`design ${sized.design}: sizing needs ${big.nodes} nodes in ${big.cluster}/${big.pool}, more than fleetsim simulates (${LIMITS.nodesPerPool} per pool): ${big.text}; use a larger instance type (overrides) or model part of the load`);
  }
  const many = sized.services.find((x) => x.replicas > LIMITS.replicasPerService);
  if (many !== undefined) throw new RunInputError(`design ${sized.design}: sizing needs ${many.replicas} replicas of ${many.service}, more than fleetsim simulates (${LIMITS.replicasPerService}): ${many.text}`);
}

