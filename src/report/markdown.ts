import { fleetLines } from './fleets.js';
import { userRecoveryOf } from '../run/summarize.js';
import { humanDuration } from '../run/numberFormat.js';
import type { Results, Spread } from '../run/results.js';
import { comparisonTable } from './comparison.js';
import { originSections } from './origins.js';
import { breakdownSections, failureSection } from './trafficTables.js';
import { dataFlowSection, stateSections } from './stateTables.js';
import { terminalSafe } from './terminalText.js';

/**
 * Scenario text (names, descriptions, and the verdict sentences that quote them) as inert Markdown:
 * control characters shown escaped (summary.md is also printed by `run --output md`), line breaks
 * folded and a leading block marker escaped so a description cannot start a heading or a list, and
 * the characters that open HTML, entities, links, code or emphasis backslash-escaped: no raw HTML,
 * links or emphasis from a file. (Parentheses, "-" and "$" mid-line mean nothing and stay plain.)
 */
export function escapeMarkdown(s: string): string {
  return terminalSafe(s)
    .replace(/\s*[\n\t]\s*/g, ' ')
    .replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`);
}

/** escapeMarkdown for text that starts a line of its own (a paragraph), where "#", "-", "1." open a block. */
export function escapeMarkdownParagraph(s: string): string {
  return escapeMarkdown(s).replace(/^(\s*)([#>+=-]|\d+[.)])/, (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`);
}

const cell = escapeMarkdown;

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Per design and fault kind: how long detection, failover and recovery took, and when users were back within the SLO (median / p90 / max). */
export function recoveryRows(r: Results): string[][] {
  const spread = (s: Spread, format: (x: number | null) => string = humanDuration) => (s.medianS === null ? '—' : `${format(s.medianS)} / ${format(s.p90S)} / ${format(s.maxS)}`);
  // 0 is "users never noticed": shown as 0, not as 0 ms.
  const usersDuration = (x: number | null) => (x === 0 ? '0' : humanDuration(x));
  return r.designs.flatMap((d) => {
    const users = userRecoveryOf(d);
    return d.recovery.byKind.map((k) => {
      const u = users?.byKind.find((x) => x.kind === k.kind);
      const usersCell = u ? `${spread(u.felt, usersDuration)}${u.censored > 0 ? ` (${u.censored} not back)` : ''}` : '—';
      return [d.name, k.kind, String(k.count), String(k.censored), spread(k.detection), spread(k.failover), spread(k.recovery), usersCell];
    });
  });
}
export const RECOVERY_HEADER = ['design', 'fault', 'faults', 'not recovered', 'detection (median / p90 / max)', 'failover', 'recovery', 'users back within SLO'];

/** What the two recovery columns measure, and by which criterion users were judged (null without the traffic model). */
export function recoveryNote(r: Results): string | null {
  const users = r.designs.map(userRecoveryOf).find((u) => u !== null);
  if (!users) return null;
  const c = users.criterion;
  const pct = `${Number((c.availabilityRatio * 100).toPrecision(6))}%`;
  const missed =
    c.source === 'default'
      ? `under ${pct} of requests succeeded (the scenario has no SLO: fleetsim's default)`
      : `under ${pct} of requests succeeded${c.latencyTargets > 0 ? ' or a latency target of the SLO was missed' : ''}`;
  return (
    `"users back within SLO": recovery as users felt it, the time they spent outside the SLO because of the fault (its bad minutes, a relapse included, the good minutes between not); ` +
    `a minute is outside when ${missed}; 0: users never noticed. "recovery": from the fault's start until every service had its required ready replicas again (docs/failures.md).`
  );
}

/** summary.md: the answer first, then the table and the evidence. */
export function summaryMarkdown(r: Results): string {
  const t = comparisonTable(r);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(r.scenario.name)}: design comparison`, '');
  if (r.scenario.description) out.push(escapeMarkdownParagraph(r.scenario.description), '');
  out.push(`**${escapeMarkdown(r.verdict.headline)}**`, '');
  for (const reason of r.verdict.reasons) out.push(`- ${escapeMarkdown(reason)}`);
  out.push('', markdownTable(t.header, t.rows), '');
  t.footnotes.forEach((f, i) => out.push(`\\[${i + 1}\\] ${escapeMarkdown(f)}  `));
  const fleets = fleetLines(r);
  if (fleets.length > 0) {
    out.push('', '## Fleets', '', escapeMarkdownParagraph(fleets[0]), '');
    for (const l of fleets.slice(1)) out.push(`- ${escapeMarkdown(l.trim())}`);
    const sized = r.scenario.designs.filter((d) => d.fleet?.sizing);
    for (const d of sized) {
      out.push('', `How fleetsim sized ${escapeMarkdown(d.name)}:`, '');
      for (const l of d.fleet!.sizing!.explanation.slice(1)) out.push(`- ${escapeMarkdown(l)}`);
    }
  }
  out.push('', '## Fault recovery', '');
  const rows = recoveryRows(r);
  out.push(rows.length > 0 ? markdownTable(RECOVERY_HEADER, rows) : 'No fault started after warm-up.', '');
  const note = recoveryNote(r);
  if (rows.length > 0 && note !== null) out.push(escapeMarkdownParagraph(note), '');
  for (const section of originSections(r)) {
    out.push(`## ${section.title}`, '', markdownTable(section.header, section.rows), '');
    for (const n of section.notes) out.push(escapeMarkdownParagraph(n), '');
  }
  // Shown only with the issue-16 outputs (a timeout cause, a latency breakdown): other summaries keep their form.
  const failures = failureSection(r);
  const traffic = [...(failures !== null && failures.header.includes('timeout') ? [failures] : []), ...breakdownSections(r)];
  // Only for scenarios with datastores (and their data flows): other summaries keep their form.
  const flows = dataFlowSection(r);
  for (const section of [...traffic, ...stateSections(r), ...(flows !== null ? [flows] : [])]) {
    out.push(`## ${escapeMarkdown(section.title)}`, '', markdownTable(section.header, section.rows), '');
    for (const n of section.notes) out.push(escapeMarkdownParagraph(n), '');
  }
  out.push('## How this was computed', '');
  out.push(
    `${r.run.replications} replications of ${humanDuration(r.scenario.horizonS - r.scenario.warmupS)} after a ${humanDuration(r.scenario.warmupS)} warm-up, seed ${escapeMarkdown(r.scenario.seed)}, ` +
      `scenario ${escapeMarkdown(r.scenario.file)} (sha256 ${r.scenario.sha256.slice(0, 12)}…). Every design replays the same faults in each replication (common random numbers); ` +
      'intervals are 95% Student-t over replications, and differences between designs are paired by replication.',
  );
  if (r.run.stopping) {
    const s = r.run.stopping;
    out.push('', `Sequential stopping on ${s.metric}: target half-width ${s.targetHalfWidth}, cap ${s.maxReplications} replications — ${s.met ? 'target reached' : 'cap reached before the target'}.`);
  }
  out.push('', `Generated by fleetsim ${r.fleetsimVersion} at ${r.createdAt}. Files: index.html (charts), results.json (schema ${r.schema} v${r.schemaVersion}), specs/*.vl.json (vega-lite).`, '');
  return out.join('\n');
}
