import { INCIDENT_LIBRARY } from '../scenario/incidentLibrary/index.js';
import { interval, spread } from './intervals.js';
import type { OriginResult } from './results.js';
import type { DesignReplicationSummary, FaultSummary, ReplicationSummary } from './types.js';

/** Faults grouped by what produced them (results.ts OriginResult). */
const CATEGORY_ORDER: readonly OriginResult['category'][] = ['incident', 'change', 'dependency'];
const INCIDENT_NAMES = new Set(INCIDENT_LIBRARY.map((i) => i.name));

/**
 * Per origin, in category order (incidents, change streams, dependencies) then by name; undefined
 * when no fault of the design has an origin, so results without them keep their exact form.
 * `xs`: the design's summaries in replication order, `reps` the replications they belong to.
 */
export function originsOf(xs: readonly DesignReplicationSummary[], reps: readonly ReplicationSummary[]): OriginResult[] | undefined {
  const names = [...new Set(xs.flatMap((x) => x.faults.flatMap((f) => (f.origin !== undefined ? [f.origin] : []))))];
  if (names.length === 0) return undefined;
  const traffic = xs.every((x) => x.traffic !== null);
  const results = names.map((origin) => originResult(origin, xs, reps, traffic));
  return results.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
}

function originResult(origin: string, xs: readonly DesignReplicationSummary[], reps: readonly ReplicationSummary[], traffic: boolean): OriginResult {
  const per = xs.map((x) => x.faults.filter((f) => f.origin === origin));
  const all = per.flat();
  const category = INCIDENT_NAMES.has(origin) ? 'incident' : all.some((f) => f.kind === 'dependency') ? 'dependency' : 'change';
  const sums = per.map((fs) => fs.reduce((a, f) => a + (f.usersOutS ?? 0), 0));
  let worst: OriginResult['worst'] = null;
  per.forEach((fs, r) => {
    for (const f of fs) {
      const out = f.usersOutS ?? 0;
      if (out > 0 && (worst === null || out > worst.usersOutS)) worst = { usersOutS: out, kind: f.kind, target: f.target, replication: reps[r].replication };
    }
  });
  return {
    origin,
    category,
    faults: all.length,
    usersHit: all.filter((f: FaultSummary) => f.usersHitS !== null).length,
    usersCensored: all.filter((f) => f.usersCensored).length,
    usersOutS: traffic ? interval(sums) : null,
    usersOutSpread: traffic ? spread(sums) : null,
    worst,
  };
}
