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
  const sums = per.map(feltTogetherS);
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

/**
 * Seconds users spent outside the SLO because of some of these faults, counted once where they
 * overlap (two regions' brownouts of one incident are one bad hour, not two). A fault's charged bad
 * time lies in its window [hit, back) (docs/failures.md); the summaries keep only its total there, so
 * each window is taken as evenly bad at that density and every stretch of time counts at the highest
 * density of the windows covering it. Exact when windows are wholly bad or coincide; otherwise between
 * the largest fault's time and the sum of all. A censored fault's window is [hit, hit + its time).
 */
export function feltTogetherS(faults: readonly FaultSummary[]): number {
  const windows: { a: number; b: number; d: number }[] = [];
  for (const f of faults) {
    const out = f.usersOutS ?? 0;
    if (f.usersHitS === null || !(out > 0)) continue;
    const a = f.startS + f.usersHitS;
    const b = f.usersBackS !== null ? f.startS + f.usersBackS : a + out;
    if (b > a) windows.push({ a, b, d: Math.min(1, out / (b - a)) });
  }
  const edges = [...new Set(windows.flatMap((w) => [w.a, w.b]))].sort((x, y) => x - y);
  let total = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const [x, y] = [edges[k], edges[k + 1]];
    let density = 0;
    for (const w of windows) if (w.a <= x && w.b >= y && w.d > density) density = w.d;
    total += (y - x) * density;
  }
  return total;
}
