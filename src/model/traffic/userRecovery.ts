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
 * User-felt recovery of every record (docs/failures.md, "Recovery as users feel it"): users are back
 * at the end of the run of bad minutes that meets the fault's impact window [start, impact end) — the
 * last such run, followed to its end, since runs are maximal: users are back at the first minute
 * within the SLO after the window's last bad one. No bad minute in the window: users never noticed
 * (back at the start). A run reaching the horizon's last minute: still outside the SLO (censored).
 */
export function attributeUserRecovery(records: readonly FaultRecord[], minutes: BadMinutes, horizonS: number): void {
  const runs = minutes.runs;
  const runCount = runs.length / 2;
  for (const r of records) {
    const windowEndS = impactEndS(r, horizonS);
    r.usersBackS = r.startS;
    r.usersCensored = false;
    if (!(windowEndS > r.startS)) continue;
    // The last run starting before the window ends (bisection over the run starts).
    let lo = 0;
    let hi = runCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (runs[2 * mid] * MINUTE_S < windowEndS) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) continue;
    const runEnd = runs[2 * (lo - 1) + 1];
    if (runEnd * MINUTE_S <= r.startS) continue; // it ended before the fault began
    if (runEnd > minutes.lastMinute) {
      r.usersBackS = Number.NaN;
      r.usersCensored = true;
    } else {
      r.usersBackS = runEnd * MINUTE_S;
    }
  }
}
