import { humanDuration } from '../run/numberFormat.js';
import type { Results } from '../run/results.js';
import type { Chart } from './charts.js';
import { comparisonTable } from './comparison.js';
import { RECOVERY_HEADER, recoveryNote, recoveryRows } from './markdown.js';
import { originSections } from './origins.js';
import { breakdownSections, failureSection, type TrafficSection } from './trafficTables.js';
import { dataFlowSection, stateSections } from './stateTables.js';

export interface RenderedChart {
  readonly chart: Chart;
  /** Inline SVG, or null when the chart is missing (chart.missingReason says why). */
  readonly svg: string | null;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Several SVGs in one page share one id space: give each chart's ids a prefix. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.sub { color: #555; margin-top: 0; } .verdict { background: #f3f7ff; border-left: 4px solid #3b6fd8; padding: .8rem 1rem; }
.verdict p { font-weight: 600; margin: 0 0 .4rem 0; } table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #e5e5e5; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #fafafa; } figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.placeholder { border: 1px dashed #aaa; color: #555; padding: 1.2rem; background: #fcfcfc; } .foot { font-size: .85rem; color: #555; }
`;

function sectionHtml(s: TrafficSection): string {
  return `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${htmlTable(s.header, s.rows, s.numericFrom)}\n${s.notes.map((n) => `<p class="foot">${escapeHtml(n)}</p>`).join('\n')}\n</section>\n`;
}

/** index.html: self-contained (inline CSS and SVG, no scripts, no network). */
export function indexHtml(r: Results, charts: readonly RenderedChart[]): string {
  const t = comparisonTable(r);
  const rec = recoveryRows(r);
  const recNote = rec.length > 0 ? recoveryNote(r) : null;
  const figures = charts
    .map(({ chart, svg }) => {
      const body = svg !== null ? scopeSvgIds(svg, chart.id) : `<div class="placeholder" role="note">${escapeHtml(chart.missingReason ?? 'Not available.')}</div>`;
      return `<section id="chart-${chart.id}">\n<h2>${escapeHtml(chart.title)}</h2>\n<figure>${body}</figure>\n</section>`;
    })
    .join('\n');
  const stop = r.run.stopping;
  const failures = failureSection(r);
  const flows = dataFlowSection(r);
  const traffic = [...(failures !== null ? [failures] : []), ...breakdownSections(r), ...stateSections(r), ...(flows !== null ? [flows] : [])].map(sectionHtml).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.scenario.name)} — fleetsim report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(r.scenario.name)}: which design?</h1>
<p class="sub">${escapeHtml(r.scenario.description)}</p>
<div class="verdict">
<p>${escapeHtml(r.verdict.headline)}</p>
<ul>
${r.verdict.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('\n')}
</ul>
</div>
<h2>Comparison</h2>
${htmlTable(t.header, t.rows)}
${t.footnotes.map((f, i) => `<p class="foot">[${i + 1}] ${escapeHtml(f)}</p>`).join('\n')}
${figures}
${traffic}<h2>Fault recovery</h2>
${rec.length > 0 ? htmlTable(RECOVERY_HEADER, rec, 2) : '<p>No fault started after warm-up.</p>'}
${recNote !== null ? `<p class="foot">${escapeHtml(recNote)}</p>\n` : ''}${originSections(r)
    .map((s) => `<h2>${escapeHtml(s.title)}</h2>\n${htmlTable(s.header, s.rows, 2)}\n${s.notes.map((n) => `<p class="foot">${escapeHtml(n)}</p>`).join('\n')}\n`)
    .join('')}<h2>How this was computed</h2>
<p>${r.run.replications} replications of ${escapeHtml(humanDuration(r.scenario.horizonS - r.scenario.warmupS))} after a ${escapeHtml(humanDuration(r.scenario.warmupS))} warm-up, seed <code>${escapeHtml(r.scenario.seed)}</code>, scenario <code>${escapeHtml(r.scenario.file)}</code> (sha256 <code>${r.scenario.sha256.slice(0, 12)}…</code>).
Every design replays the same faults in each replication (common random numbers); intervals are 95% Student-t over replications and differences between designs are paired by replication.
The fault timeline replays the window around one fault from the midnight before it; the tables come from the full replications.${stop ? ` Sequential stopping on ${escapeHtml(stop.metric)} (target half-width ${stop.targetHalfWidth}, cap ${stop.maxReplications}): ${stop.met ? 'target reached' : 'cap reached first'}.` : ''}</p>
<p class="foot">fleetsim ${escapeHtml(r.fleetsimVersion)}, ${escapeHtml(r.createdAt)}. Data: results.json (schema ${escapeHtml(r.schema)} v${r.schemaVersion}); chart specs: specs/*.vl.json.</p>
</body>
</html>
`;
}
