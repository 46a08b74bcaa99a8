import type { Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';

/**
 * Residency as data flow (docs/residency.md): which data of a data class crosses which region
 * boundary in a design, by reads, writes, replication and call responses, and whether the class
 * allows the region it reaches.
 */
export interface DataFlow {
  readonly dataClass: string;
  /** 'read' | 'write' | 'replication' | 'response' (a caller receiving a callee's data). */
  readonly via: 'read' | 'write' | 'replication' | 'response';
  /** The service (read, write, response: the one receiving or sending) or the store (replication). */
  readonly from: { readonly region: string; readonly cluster: string; readonly name: string };
  readonly to: { readonly region: string; readonly cluster: string; readonly name: string };
  /** Mean bytes a year at the scenario's mean demand. */
  readonly bytesPerYear: number;
  /** The class does not allow `to.region` (a transfer out of its allowed regions). */
  readonly violation: boolean;
}

/** PLACEHOLDER (issue 17 scaffolding): no flows. */
export function dataFlows(_scenario: Scenario, _design: Design, _resolved: ResolvedDesign, _fleet: Fleet): DataFlow[] {
  return [];
}
