import { humanDuration } from '../run/numberFormat.js';
import type { Results } from '../run/results.js';
import type { Chart } from './charts.js';
import { comparisonTable } from './comparison.js';
import { headlineHtml } from './headlineHtml.js';
import { scenarioHtml } from './scenarioEmbed.js';
import { escapeHtml, htmlTable } from './htmlParts.js';

export { escapeHtml } from './htmlParts.js';
import { RECOVERY_HEADER, recoveryNote, recoveryRows } from './markdown.js';
import { originSections } from './origins.js';
import { designColour } from './palette.js';
import type { FleetFacts } from './fleetFacts.js';
import { fleetTablesHtml, placementHtml } from './fleetMap.js';
import { fleetLines } from './fleets.js';
import { breakdownSections, failureSection, type TrafficSection } from './trafficTables.js';
import { dataFlowSection, stateSections } from './stateTables.js';
import { faultListHtml, faultPickerHtml } from './faultPicker.js';
import { regionSloTableHtml, regionTableHtml } from './regionAvailability.js';

export interface RenderedChart {
  readonly chart: Chart;
  /** Inline SVG, or null when the chart is missing (chart.missingReason says why). */
  readonly svg: string | null;
}


/** Several SVGs in one page share one id space: give each chart's ids a prefix. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.sub { color: #555; margin-top: 0; } .verdict { background: #f3f7ff; border-left: 4px solid #3b6fd8; padding: .8rem 1rem; }
.verdict p { font-weight: 600; margin: 0 0 .4rem 0; } table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #e5e5e5; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #fafafa; } figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.placeholder { border: 1px dashed #aaa; color: #555; padding: 1.2rem; background: #fcfcfc; } .foot { font-size: .85rem; color: #555; }
.scroll { max-width: 100%; overflow-x: auto; } figure { max-width: 100%; overflow-x: auto; } figcaption { font-size: .85rem; color: #444; max-width: 60rem; }
td.delta small { color: #555; font-weight: normal; } td.delta .ci { color: #555; font-size: .85em; white-space: nowrap; }
.nw, .rtt td.num { white-space: nowrap; } .matrices { display: flex; flex-wrap: wrap; gap: 0 2rem; } .matrix h3 { font-size: 1rem; margin: .8rem 0 0 0; } td.better { background: #ebfbee; color: #1b5e20; font-weight: 600; } td.worse { background: #fff0f0; color: #a61b1b; font-weight: 600; } td.same { color: #444; }
td.base { background: #f6f6f6; } table.fault-list td.num, table.fault-panel td.num, table.fault-list td.nw { white-space: nowrap; } .headline table { font-size: .95rem; }
nav.toc { font-size: .85rem; margin: .8rem 0; } nav.toc a { margin-right: .8rem; white-space: nowrap; }
pre.yaml { background: #f7f7f7; padding: .8rem; overflow-x: auto; font-size: .8rem; max-height: 40rem; } .warn { color: #a61b1b; font-weight: 600; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .3em; vertical-align: baseline; }
@media (max-width: 760px) { body { margin: 1rem auto; padding: 0 .5rem; } th, td { padding: .25rem .4rem; } table, .headline table { font-size: .8rem; } td.delta .ci { display: block; white-space: normal; } }
`;

function sectionHtml(s: TrafficSection): string {
  return `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${htmlTable(s.header, s.rows, s.numericFrom)}\n${s.notes.map((n) => `<p class="foot">${escapeHtml(n)}</p>`).join('\n')}\n</section>\n`;
}

/** Each design's own fleet at the start (fleets.ts), as a list; empty when no design has one. */
function fleetLinesHtml(r: Results): string {
  const lines = fleetLines(r);
  if (lines.length === 0) return '';
  return `<p class="foot">${escapeHtml(lines[0])}</p>\n<ul class="foot">\n${lines.slice(1).map((l) => `<li>${escapeHtml(l.trim())}</li>`).join('\n')}\n</ul>\n`;
}

/** index.html: self-contained (inline CSS and SVG, no scripts, no network). */
/** What index.html shows besides the results and their charts (each absent when not given). */
export interface PageExtras {
  /** The scenario text as run, embedded so the report can be re-run. */
  readonly scenarioText?: string;
  /** The fleet map (rendered) and the fleet's facts, or why there are none. */
  readonly fleet?: { readonly map: RenderedChart; readonly facts: FleetFacts | null };
}

export function indexHtml(r: Results, charts: readonly RenderedChart[], extras: PageExtras = {}): string {
  const scenarioText = extras.scenarioText;
  const t = comparisonTable(r);
  const rec = recoveryRows(r);
  const recNote = rec.length > 0 ? recoveryNote(r) : null;
  const figure = ({ chart, svg }: RenderedChart) => {
      const body = svg !== null ? scopeSvgIds(svg, chart.id) : `<div class="placeholder" role="note">${escapeHtml(chart.missingReason ?? 'Not available.')}</div>`;
      const caption = chart.caption && svg !== null ? `<figcaption>${escapeHtml(chart.caption)}</figcaption>` : '';
      return `<section id="chart-${chart.id}">\n<h2>${escapeHtml(chart.title)}</h2>\n<figure>${body}${caption}</figure>\n</section>`;
  };
  // The per-fault timelines form one picker, where the first of them stands; the per-region chart carries its Δ table.
  const picked = charts.filter((c) => c.chart.id.startsWith('fault-timeline-'));
  const figureBody = ({ chart, svg }: RenderedChart) =>
    `<figure>${svg !== null ? scopeSvgIds(svg, chart.id) : `<div class="placeholder" role="note">${escapeHtml(chart.missingReason ?? 'Not available.')}</div>`}${chart.caption && svg !== null ? `<figcaption>${escapeHtml(chart.caption)}</figcaption>` : ''}</figure>`;
  const figures = charts
    .map((c) => {
      if (c.chart.id.startsWith('fault-timeline-')) return c === picked[0] ? faultPickerHtml(r, picked.map(figureBody)) : '';
      if (c.chart.id === 'region-availability') return figure(c).replace(/<\/section>$/, `${regionTableHtml(r)}${regionSloTableHtml(r)}</section>`);
      return figure(c);
    })
    .filter((x) => x !== '')
    .join('\n');
  const fleet = extras.fleet
    ? `${figure(extras.fleet.map)}\n${extras.fleet.facts !== null ? `${fleetTablesHtml(extras.fleet.facts)}<section id="placement">\n<h2>Placement: services × clusters per design</h2>\n${placementHtml(extras.fleet.facts)}${fleetLinesHtml(r)}</section>\n` : ''}`
    : '';
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
<p class="sub">Designs: ${r.designs.map((d) => `<span class="swatch" style="background:${designColour(r, d.name)}"></span>${escapeHtml(d.name)}`).join(', ')} (the same colour in every chart).</p>
${headlineHtml(r)}
<div class="verdict">
<p>${escapeHtml(r.verdict.headline)}</p>
<ul>
${r.verdict.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('\n')}
</ul>
</div>
<nav class="toc">${[['headline', 'Δ headline'], ['comparison', 'comparison'], ...(extras.fleet ? [['chart-fleet-map', 'fleet map'], ...(extras.fleet.facts ? [['placement', 'placement']] : [])] : []), ...charts.filter((c) => !c.chart.id.startsWith('fault-timeline-') || c === picked[0]).map((c) => (c === picked[0] ? ['chart-fault-timeline', 'fault timelines'] : [`chart-${c.chart.id}`, c.chart.title])), ['recovery', 'fault recovery'], ['scenario', 'input scenario']].map(([id, t]) => `<a href="#${id}">${escapeHtml(t)}</a>`).join(' ')}</nav>
<span id="comparison"></span><h2>Comparison</h2>
${htmlTable(t.header, t.rows)}
${t.footnotes.map((f, i) => `<p class="foot">[${i + 1}] ${escapeHtml(f)}</p>`).join('\n')}
${fleet}${figures}
${traffic}<span id="recovery"></span><h2>Fault recovery</h2>
${rec.length > 0 ? htmlTable(RECOVERY_HEADER, rec, 2) : '<p>No fault started after warm-up.</p>'}
${recNote !== null ? `<p class="foot">${escapeHtml(recNote)}</p>\n` : ''}${faultListHtml(r)}${originSections(r)
    .map((s) => `<h2>${escapeHtml(s.title)}</h2>\n${htmlTable(s.header, s.rows, 2)}\n${s.notes.map((n) => `<p class="foot">${escapeHtml(n)}</p>`).join('\n')}\n`)
    .join('')}${scenarioHtml(r, scenarioText)}<h2>How this was computed</h2>
<p>${r.run.replications} replications of ${escapeHtml(humanDuration(r.scenario.horizonS - r.scenario.warmupS))} after a ${escapeHtml(humanDuration(r.scenario.warmupS))} warm-up, seed <code>${escapeHtml(r.scenario.seed)}</code>, scenario <code>${escapeHtml(r.scenario.file)}</code> (sha256 <code>${r.scenario.sha256.slice(0, 12)}…</code>).
Every design replays the same faults in each replication (common random numbers); intervals are 95% Student-t over replications and differences between designs are paired by replication.
${picked.length > 0 ? 'The fault timelines and the fault list come from the full replication itself, like the tables.' : 'The fault timeline replays the window around one fault from the midnight before it; the tables come from the full replications.'}${stop ? ` Sequential stopping on ${escapeHtml(stop.metric)} (target half-width ${stop.targetHalfWidth}, cap ${stop.maxReplications}): ${stop.met ? 'target reached' : 'cap reached first'}.` : ''}</p>
<p class="foot">fleetsim ${escapeHtml(r.fleetsimVersion)}, ${escapeHtml(r.createdAt)}. Data: results.json (schema ${escapeHtml(r.schema)} v${r.schemaVersion}); chart specs: specs/*.vl.json.</p>
</body>
</html>
`;
}
