import type { FaultRecord } from '../runtime/faultRecords.js';
import { MINUTE_S, type BadMinutes } from './sloMinutes.js';

/**
 * The end of a fault's impact window, the span in which a minute outside the SLO is charged to it:
 * until full capacity is back for a fault that took serving pods (a node's repair hours later does
 * not matter to users once its pods run elsewhere), else until the fault clears (a partition, a
 * control-plane outage), whichever of the two comes later; the horizon if neither happened.
 */
export function impactEndS(r: FaultRecord, horizonS: number): number {
  const recovered = Number.isNaN(r.recoveredS) ? horizonS : r.recoveredS;
  if (r.affectedServices.length > 0) return recovered;
  return Math.min(horizonS, Math.max(r.endS, recovered));
}

/**
 * User-felt recovery of every record (docs/failures.md, "Recovery as users feel it"). Users are hit
 * at the first bad minute that meets the fault's impact window [start, impact end) (not before the
 * start), and back at the end of the last run of bad minutes meeting it, followed to its end: runs
 * are maximal, so that is the first minute within the SLO after the window's last bad one. No bad
 * minute in the window: users never noticed (back at the start). A run reaching the horizon's last
 * minute: still outside the SLO (censored). usersOutS sums only the bad minutes of those runs: a
 * first impact and a relapse an hour later are four bad minutes, not an hour.
 */
export function attributeUserRecovery(records: readonly FaultRecord[], minutes: BadMinutes, horizonS: number): void {
  const runs = minutes.runs;
  const runCount = runs.length / 2;
  for (const r of records) {
    const windowEndS = impactEndS(r, horizonS);
    r.usersHitS = Number.NaN;
    r.usersBackS = r.startS;
    r.usersOutS = 0;
    r.usersCensored = false;
    if (!(windowEndS > r.startS)) continue;
    // The first run ending after the start, and the last run starting before the window ends.
    const first = firstRun(runCount, (k) => runs[2 * k + 1] * MINUTE_S > r.startS);
    const last = firstRun(runCount, (k) => runs[2 * k] * MINUTE_S >= windowEndS) - 1;
    if (first > last) continue;
    r.usersHitS = Math.max(r.startS, runs[2 * first] * MINUTE_S);
    // Time outside the SLO: the runs from the first to the last, the first from the hit (a run already
    // going at the start counts from the start), the censored tail to the horizon's last minute.
    let outS = 0;
    for (let k = first; k <= last; k++) outS += Math.min(runs[2 * k + 1], minutes.lastMinute + 1) * MINUTE_S - (k === first ? r.usersHitS : runs[2 * k] * MINUTE_S);
    r.usersOutS = outS;
    const runEnd = runs[2 * last + 1];
    if (runEnd > minutes.lastMinute) {
      r.usersBackS = Number.NaN;
      r.usersCensored = true;
    } else {
      r.usersBackS = runEnd * MINUTE_S;
    }
  }
}

/** The first run index k in [0, count) with past(k) true (count if none); past is monotone over runs. */
function firstRun(count: number, past: (k: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
