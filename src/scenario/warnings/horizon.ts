import { formatDuration } from '../units.js';
import type { Scenario } from '../types.js';
import type { PendingWarning } from './locate.js';

/**
 * Scripted faults (upgrades and bad changes among them) and incident replays that start at or after
 * the end of a run: the simulation never reaches them, so they are dropped without a trace. The
 * loader warns about the file's own run.horizon (crossRefs/faults.ts, incidents.ts); this is the
 * same warning for a horizon set elsewhere (run --horizon), for the events the file's horizon keeps
 * but the shorter one drops. `source` names where the horizon came from.
 */
export function horizonWarnings(s: Scenario, horizonS: number, source: string): PendingWarning[] {
  const out: PendingWarning[] = [];
  const fileHorizonS = s.run.horizonS;
  const dropped = (atS: number) => atS >= horizonS && atS < fileHorizonS;
  const hint = `start it before ${formatDuration(horizonS)}, or give a longer ${source}`;
  s.faults.scripted.forEach((f, i) => {
    if (dropped(f.atS)) out.push({ paths: [['faults', 'scripted', i, 'at']], message: `this ${f.target.kind} fault starts at ${formatDuration(f.atS)}, at or after the end of the run (${source} ${formatDuration(horizonS)}): it is not simulated`, hint });
  });
  s.faults.incidents.forEach((x, i) => {
    if (dropped(x.atS)) out.push({ paths: [['faults', 'incidents', i, 'at']], message: `this incident starts at ${formatDuration(x.atS)}, at or after the end of the run (${source} ${formatDuration(horizonS)}): it is not replayed`, hint });
  });
  return out;
}
