import type { PlanReport, PointRow } from './report.js';

/**
 * `fleetsim plan -o md`: the plan's answer as Markdown for a pull-request comment or a wiki page —
 * the optimum, the warnings (an optimum on the edge of a range), then the cheapest candidates.
 * Names come from the scenario file: cells are escaped so a "|" or a newline cannot break the table.
 */
export function planMarkdown(r: PlanReport, rows: number): string {
  const out: string[] = [];
  out.push(`### fleetsim plan: ${inline(r.scenario)}`, '');
  out.push(
    `${r.strategy} search over ${r.spacePoints} points; ${r.evaluatedPoints} evaluated, ${r.jobsRun} replications run. ` +
      `SLO: availability ≥ ${pct(r.slo.availabilityRatio)}${r.slo.latency.map((l) => `, p${l.percentile}${l.userRegion ? ` ${inline(l.userRegion)}` : ''} ≤ ${(l.maxS * 1000).toFixed(0)} ms`).join('')} (95% confidence); prices: ${inline(r.catalogVersion)}.`,
    '',
  );
  if (r.interrupted) out.push('**Interrupted**: partial results; run the plan again to resume.', '');
  if (r.optimum !== null) {
    const o = r.optimum;
    out.push(`**Cheapest configuration meeting the SLO:** ${inline(describe(o))}: ${usd(o.monthlyUsd.mean)} a month, availability ${pct(o.availability.mean)} over ${o.replications} replications.`, '');
  } else if (!r.interrupted) out.push('**No configuration meets the SLO at 95% confidence.**', '');
  if (r.warnings.length > 0) {
    out.push('**Warnings**', '');
    for (const w of r.warnings) out.push(`- \`${code(`${w.file}:${w.line}:${w.col}`)}\` ${inline(w.path)}: ${inline(w.message)}. Hint: ${inline(w.hint)}.`);
    out.push('');
  }
  const shown = r.points.slice(0, rows);
  out.push('| configuration | reps | USD/month | vs optimum | availability | status | misses by |', '|---|--:|--:|--:|--:|---|---|');
  for (const p of shown) {
    const vs = r.optimum !== null && p.id === r.optimum.id ? 'optimum' : p.extraUsdVsOptimum === null ? '' : signedUsd(p.extraUsdVsOptimum);
    out.push(`| ${cell(describe(p))}${p.onFrontier ? ' \\*' : ''} | ${p.replications} | ${usd(p.monthlyUsd.mean)} | ${vs} | ${pct(p.availability.mean)} | ${p.status} | ${cell(p.misses.join('; '))} |`);
  }
  if (r.points.length > shown.length) out.push('', `… ${r.points.length - shown.length} more (--rows, or -o json)`);
  out.push('', '\\* on the cost–availability frontier');
  return out.join('\n') + '\n';
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(3)}%`);
const usd = (x: number | null) => (x === null ? '–' : `$${Math.round(x).toLocaleString('en-US')}`);
const signedUsd = (x: number) => {
  const v = Math.round(x);
  return v === 0 ? '+$0' : `${v > 0 ? '+' : '−'}$${Math.abs(v).toLocaleString('en-US')}`;
};
const describe = (p: PointRow) => [...Object.entries(p.values).map(([k, v]) => `${k}=${v}`), p.design].join(' ');
/** One line of text, Markdown's special characters escaped. */
const inline = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
/** A table cell: as inline text (its "|" escaped). */
const cell = inline;
/** Inside a code span: no backticks, one line. */
const code = (s: string) => s.replace(/[\r\n`]+/g, ' ');
