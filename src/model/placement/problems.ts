import type { ResolvedDesign } from './resolveDesigns.js';

export interface PlacementProblem {
  /** error: a service cannot run at all; warning: it runs short (pending) or breaks an audit rule. */
  readonly severity: 'error' | 'warning';
  readonly design: string;
  readonly message: string;
}

/**
 * What `fleetsim check` should flag in a placement with everything up. Pending pods are warnings, not
 * errors: an autoscaled pool may grow to fit them, and a planner may be sizing on purpose.
 */
export function placementProblems(designs: readonly ResolvedDesign[]): PlacementProblem[] {
  const out: PlacementProblem[] = [];
  for (const d of designs) {
    for (const s of d.placement.services) {
      if (s.unscheduled > 0) {
        out.push({ severity: 'error', design: d.name, message: `${s.service}: no cluster can run it (${s.notes.join('; ')})` });
        continue;
      }
      let pending = 0;
      for (let c = 0; c < s.pending.length; c++) pending += s.pending[c];
      if (pending > 0) out.push({ severity: 'warning', design: d.name, message: `${s.service}: ${pending} of its pods do not fit and stay pending` });
    }
    for (const v of d.placement.residencyViolations) {
      out.push({ severity: 'warning', design: d.name, message: `${v.service}: ${v.replicas} replicas in ${v.cluster} (${v.region}), outside its allowed regions (audit)` });
    }
  }
  return out;
}
