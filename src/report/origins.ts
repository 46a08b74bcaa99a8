import { findIncident } from '../scenario/incidentLibrary/index.js';
import { humanDuration, minutesInterval } from '../run/numberFormat.js';
import type { Interval, OriginResult, Results } from '../run/results.js';
import { table } from './terminalTable.js';
import { terminalSafe } from './terminalText.js';

/**
 * The report's "Incidents" and "Changes and dependencies" sections: per design, what each replayed
 * incident, change stream or shared dependency cost its users (results.json designs[].byOrigin).
 * A section exists only when some design has faults of its kind, so reports of runs without them
 * are unchanged.
 */
export interface OriginSection {
  readonly title: 'Incidents' | 'Changes and dependencies';
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** What the columns measure, and for incidents their dates and sources. */
  readonly notes: readonly string[];
}

const HEADER = ['design', 'origin', 'faults', 'users hit', 'minutes outside SLO per replication', 'median / p90 / max', 'worst fault'];

const toMinutes = (i: Interval): Interval => {
  const m = (x: number | null) => (x === null ? null : x / 60);
  return { n: i.n, mean: m(i.mean), halfWidth: m(i.halfWidth), lower: m(i.lower), upper: m(i.upper) };
};

/** Minutes, as the mean column shows them. */
const minutes = (s: number | null) => (s === null ? '—' : (s / 60).toFixed(1));

function row(design: string, o: OriginResult): string[] {
  const sp = o.usersOutSpread;
  const spreadCell = sp === null || sp.count === 0 ? '—' : `${minutes(sp.medianS)} / ${minutes(sp.p90S)} / ${minutes(sp.maxS)} min`;
  const worst = o.worst === null ? '—' : `${o.worst.kind} ${o.worst.target}: ${humanDuration(o.worst.usersOutS)} (replication ${o.worst.replication})`;
  const label = o.category === 'incident' ? o.origin : `${o.origin} (${o.category})`;
  return [design, label, String(o.faults), `${o.usersHit}${o.usersCensored > 0 ? ` (${o.usersCensored} not back)` : ''}`, o.usersOutS === null ? '—' : minutesInterval(toMinutes(o.usersOutS)), spreadCell, worst];
}

const COLUMNS_NOTE =
  '"users hit": faults users noticed (a minute outside the SLO in the fault\'s impact window); "minutes outside SLO": time users spent outside the SLO because of these faults in a replication, counted once where they overlap: mean over replications with its 95% interval, then median / p90 / max; a minute outside the SLO is charged to every fault active then (docs/failures.md).';

/** The sections with something to show, incidents first. */
export function originSections(r: Results): OriginSection[] {
  const pick = (want: (o: OriginResult) => boolean) => r.designs.flatMap((d) => (d.byOrigin ?? []).filter(want).map((o) => row(d.name, o)));
  const out: OriginSection[] = [];
  const incidents = pick((o) => o.category === 'incident');
  if (incidents.length > 0) {
    const names = [...new Set(r.designs.flatMap((d) => (d.byOrigin ?? []).filter((o) => o.category === 'incident').map((o) => o.origin)))];
    const sources = names.map((n) => {
      const i = findIncident(n);
      return i === undefined ? n : `${n}: ${i.title}, ${i.date} (${i.citation.url}; timeline and modelling choices: fleetsim incidents ${n}).`;
    });
    out.push({ title: 'Incidents', header: HEADER, rows: incidents, notes: [COLUMNS_NOTE, ...sources] });
  }
  const others = pick((o) => o.category !== 'incident');
  if (others.length > 0) out.push({ title: 'Changes and dependencies', header: HEADER, rows: others, notes: [COLUMNS_NOTE] });
  return out;
}

/**
 * The sections for a terminal: a title, the table, the notes; empty when there is nothing to show.
 * Terminal-safe already (origin names come from the scenario file).
 */
export function originTextLines(r: Results): string[] {
  return originSections(r).flatMap((s) => [`${s.title}:`, table(s.header, s.rows), ...s.notes.map(terminalSafe), '']);
}
