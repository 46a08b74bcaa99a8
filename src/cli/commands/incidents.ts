import { findIncident, INCIDENT_LIBRARY, modelledDurationS, stepEndS, type IncidentStep, type LibraryIncident } from '../../scenario/incidentLibrary/index.js';
import { didYouMean } from '../../scenario/hints.js';
import { table } from '../../report/terminalTable.js';
import { UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

/**
 * `fleetsim incidents`: the published incidents a scenario can replay (faults.incidents), with their
 * sources; `fleetsim incidents <name>`: one incident's timeline as fleetsim replays it, and which of
 * its numbers are the source's and which are modelling choices (docs/incidents.md).
 */
export function incidentsAction(name: string | undefined, opts: { output: string }) {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  if (name === undefined) {
    process.stdout.write(output !== 'table' ? structuredText(INCIDENT_LIBRARY.map(jsonOf), output) : listText());
    return;
  }
  const incident = findIncident(name);
  if (incident === undefined) {
    const hint = didYouMean(name, INCIDENT_LIBRARY.map((i) => i.name));
    throw new UserError(`no incident "${name}" in the library${hint ? `: ${hint}` : ''} (fleetsim incidents lists them)`);
  }
  process.stdout.write(output !== 'table' ? structuredText(jsonOf(incident), output) : timelineText(incident));
}

/** "6 h 52 min", "40 min", "12 h". */
export function hoursMinutes(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.round((s - h * 3600) / 60);
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function jsonOf(i: LibraryIncident) {
  return { ...i, modelledDurationS: modelledDurationS(i) };
}

function listText(): string {
  const rows = INCIDENT_LIBRARY.map((i) => [i.name, i.date, i.provider, i.scope, hoursMinutes(i.publishedDurationS), `${i.citation.url}${i.citation.verified ? '' : ' (partly not verified)'}`]);
  return `${table(['name', 'date', 'provider', 'scope', 'duration', 'source'], rows)}\n\nfleetsim incidents <name> shows a timeline; docs/incidents.md explains the modelling.\n`;
}

/** The UTC clock time of an offset from the incident's start, e.g. "09:25 UTC (+2 h 37 min)". */
function clock(startUtc: string, offsetS: number): string {
  const t = new Date(Date.parse(startUtc) + offsetS * 1000).toISOString();
  const sameDay = t.slice(0, 10) === startUtc.slice(0, 10);
  return `${sameDay ? '' : `${t.slice(5, 10)} `}${t.slice(11, 16)} UTC${offsetS > 0 ? ` (+${hoursMinutes(offsetS)})` : ''}`;
}

function effectText(step: IncidentStep): string {
  const e = step.effect;
  switch (e.kind) {
    case 'controlPlane':
      return 'managed control planes down';
    case 'nodeLaunches':
      return 'node launches fail';
    case 'brownout':
      return `${Math.round(e.errorRatio * 100)}% of ${e.scope === 'ingress' ? "users' requests at the ingress" : 'requests to the pods'} fail${e.extraLatencyMs > 0 ? `, +${e.extraLatencyMs} ms` : ''}`;
    case 'nodeCrash':
      return `${Math.round(e.nodeRatio * 100)}% of nodes crash; repaired over ${hoursMinutes(e.remediationS)} after`;
  }
}

const APPLIES: Record<IncidentStep['appliesTo'], string> = { everyone: 'all', cloudApiUsers: 'cloudApis: true', anycastIngress: 'anycast designs' };

function timelineText(i: LibraryIncident): string {
  const c = i.citation;
  const head = [
    `${i.name}: ${i.title}`,
    `Started ${i.startUtc.replace('T', ' ').replace(':00Z', ' UTC')}; provider ${i.provider}; ${i.scope}.`,
    `Published duration ${hoursMinutes(i.publishedDurationS)}; modelled effects last ${hoursMinutes(modelledDurationS(i))}.`,
    `Source: ${c.title} (${c.published}), ${c.url}${c.verified ? '' : ' — some numbers not verified against the source here (see the notes)'}.`,
    '',
  ];
  const rows = i.timeline.map((s, k) => [
    String(k + 1),
    clock(i.startUtc, s.startS),
    clock(i.startUtc, stepEndS(s)),
    s.region === '*' ? `every region${s.except ? ` but ${s.except.join(', ')}` : ''}` : `${s.region}${s.optional ? ' (if present)' : ''}`,
    effectText(s),
    APPLIES[s.appliesTo],
    s.timing,
  ]);
  const notes = i.timeline.map((s, k) => `[${k + 1}] ${s.what}. ${s.note}`);
  return [...head, table(['#', 'from', 'until', 'where', 'effect', 'applies to', 'times'], rows), '', ...notes, ''].join('\n');
}
