import type { Scenario } from '../scenario/index.js';
import { dataFlows } from '../run/placement.js';
import { resolveOnce } from './resolvedScenario.js';
import type { DesignDataFlows } from './dataFlowLines.js';

/** `fleetsim check`'s data flows: the model's dataFlows() for each design, through run/ (installed with setDataFlowReport). */
export function designDataFlows(s: Scenario): readonly DesignDataFlows[] {
  return resolveOnce(s).views.map((v, i) => ({ design: v.resolved.name, flows: dataFlows(v.scenario, v.scenario.designs[i], v.resolved, v.fleet) }));
}
