import type { TopLevelSpec } from 'vega-lite';
import { humanDuration } from '../run/numberFormat.js';
import type { FaultTimelineEntry, Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { escapeHtml } from './htmlParts.js';
import { designColour } from './palette.js';

/**
 * The fault picker: every fault of one replication (results.faultTimelines) in a table, and for the
 * most severe a timeline each, chosen with radio buttons and CSS alone (the page has no script).
 * Timeline, panel and table read the same fault entry, so their numbers agree by construction; the
 * per-kind recovery table pools these same figures over every replication.
 */

type DesignFigures = NonNullable<FaultTimelineEntry['designs'][number]>;

/** The faults with a timeline: (index in faultTimelines.faults, entry). */
export function pickableFaults(r: Results): { readonly k: number; readonly f: FaultTimelineEntry }[] {
  return (r.faultTimelines?.faults ?? []).flatMap((f, k) => (f.timeline !== null ? [{ k, f }] : []));
}

/** "day 63 04:15" of the run (time since t = 0, warm-up included: the times results.json gives). */
export function whenText(s: number): string {
  const day = Math.floor(s / 86_400);
  const rest = s - day * 86_400;
  const hh = Math.floor(rest / 3600);
  const mm = Math.floor((rest - hh * 3600) / 60);
  return `day ${day} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

export function faultLabel(f: FaultTimelineEntry): string {
  return `${f.kind} · ${f.target} · ${whenText(f.startS)}`;
}

const lastedS = (f: FaultTimelineEntry) => (f.endS === null ? null : f.endS - f.startS);

/** The figures of one fault in one design, as both the table and the picker print them (one function: they cannot disagree). */
export const FIGURES = [
  ['served', 'served while active', (d: DesignFigures) => (d.servedRatio === null ? '—' : `${(d.servedRatio * 100).toFixed(3)}%`)],
  ['capacity', 'ready capacity while active', (d: DesignFigures) => (d.readyCapacity === null ? '—' : `${(d.readyCapacity * 100).toFixed(1)}%`)],
  ['detection', 'detected after', (d: DesignFigures) => humanDuration(d.detectionS)],
  ['recovery', 'full capacity after', (d: DesignFigures) => (d.censored ? 'not within the run' : d.recoveryS === 0 ? 'at once' : humanDuration(d.recoveryS))],
  ['usersOut', 'users outside the SLO', (d: DesignFigures) => (d.usersCensored ? 'still at the end' : d.usersOutS === 0 ? 'none' : humanDuration(d.usersOutS))],
] as const;

type FigureKey = (typeof FIGURES)[number][0];
const cell = (k: number, design: string, field: FigureKey, text: string) => `<td class="num" data-fault="${k}" data-design="${escapeHtml(design)}" data-field="${field}">${escapeHtml(text)}</td>`;

/** One timeline chart per pickable fault, or the older single-fault showcase when the results have no fault timelines. */
export function faultTimelineCharts(r: Results, showcase: () => Chart): Chart[] {
  const picks = pickableFaults(r);
  if (picks.length === 0) return [showcase()];
  return picks.map(({ k, f }) => faultChart(r, k, f));
}

function faultChart(r: Results, k: number, f: FaultTimelineEntry): Chart {
  const t = f.timeline!;
  const designs: string[] = [];
  const values: Record<string, unknown>[] = [];
  const steps = t.designs.find((d) => d !== null)?.readyCapacity.length ?? 0;
  const windowEndMin = (t.windowStartS + steps * t.stepS - f.startS) / 60;
  t.designs.forEach((d, i) => {
    if (d === null) return;
    designs.push(d.design);
    const minutesAt = (j: number) => (t.windowStartS + j * t.stepS - f.startS) / 60;
    // Each step's value holds over the step: the last is repeated at the window's end so the step line reaches it.
    const n = d.readyCapacity.length;
    for (let j = 0; j <= n; j++) {
      const jj = Math.min(j, n - 1);
      values.push({ row: 'line', design: d.design, minutes: minutesAt(j), series: 'ready capacity', ratio: d.readyCapacity[jj] });
      const ok = d.successRatio[jj];
      if (ok !== null) values.push({ row: 'line', design: d.design, minutes: minutesAt(j), series: 'share served', ratio: ok });
    }
    const fig = f.designs[i];
    if (fig && fig.recoveryS !== null && !fig.censored && fig.recoveryS / 60 <= windowEndMin) values.push({ row: 'recovered', design: d.design, minutes: fig.recoveryS / 60, label: `full capacity after ${humanDuration(fig.recoveryS)}` });
  });
  const lasted = lastedS(f);
  const bandEnd = Math.min(lasted === null ? windowEndMin : lasted / 60, windowEndMin);
  const lineEncoding = {
    x: { field: 'minutes', type: 'quantitative', title: 'minutes since the fault started' },
    y: { field: 'ratio', type: 'quantitative', title: 'ratio', scale: { domain: [0, 1] } },
    color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['ready capacity', 'share served'], range: SERIES_COLOURS } },
    strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: ['ready capacity', 'share served'], range: [[1, 0], [6, 3]] } },
    tooltip: [{ field: 'design' }, { field: 'series' }, { field: 'minutes', title: 'minute', format: '.1f' }, { field: 'ratio', format: '.4f' }],
  };
  return {
    id: `fault-timeline-${k}`,
    title: `Fault timeline: ${faultLabel(f)}`,
    caption: `The ${f.kind} fault on ${f.target} in replication ${r.faultTimelines!.replication} (${f.source}${f.origin ? `, from ${f.origin}` : ''}), as the replication itself ran it in each design: ready capacity and the share of requests served per ${humanDuration(t.stepS)} step. Shaded: the fault was active (${humanDuration(lasted)}). Green line: every service back to its required ready replicas (the "full capacity after" figure below and in the fault table).`,
    spec: {
      $schema: SCHEMA,
      title: `${f.kind} fault on ${f.target}, ${whenText(f.startS)} (replication ${r.faultTimelines!.replication}): active ${humanDuration(lasted)} from minute 0 (shaded)`,
      config: CONFIG,
      data: { values },
      facet: { row: { field: 'design', type: 'nominal', title: null, sort: designs } },
      spec: {
        width: CHART_WIDTH - 80,
        height: 110,
        layer: [
          {
            transform: [{ filter: "datum.row === 'line'" }, { aggregate: [{ op: 'count', as: 'rows' }], groupby: ['design'] }, { calculate: '0', as: 'from' }, { calculate: String(bandEnd), as: 'to' }],
            mark: { type: 'rect', color: '#f1c0c0', opacity: 0.45 },
            encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
          },
          { transform: [{ filter: "datum.row === 'line'" }], mark: { type: 'line', interpolate: 'step-after' }, encoding: lineEncoding },
          { transform: [{ filter: "datum.row === 'recovered'" }], mark: { type: 'rule', color: '#2b8a3e', strokeWidth: 2 }, encoding: { x: { field: 'minutes', type: 'quantitative' }, tooltip: [{ field: 'design' }, { field: 'label', title: 'recovery' }] } },
        ],
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}

/** Series of the fault timelines: neutral inks, never a design's colour (the rows name the designs). */
const SERIES_COLOURS = ['#343a40', '#c08a00'];

/** The per-design figures of fault k, one row per design (the picker's panel). */
function panelTable(r: Results, k: number, f: FaultTimelineEntry): string {
  const rows = f.designs.map((d, i) => {
    const name = r.designs[i]?.name ?? '';
    if (d === null) return `<tr><th scope="row">${escapeHtml(name)}</th><td colspan="${FIGURES.length}">this design did not have this fault</td></tr>`;
    return `<tr><th scope="row"><span class="swatch" style="background:${designColour(r, d.design)}"></span>${escapeHtml(d.design)}</th>${FIGURES.map(([key, , fmt]) => cell(k, d.design, key, fmt(d))).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="fault-panel"><thead><tr><th></th>${FIGURES.map(([, title]) => `<th class="num">${escapeHtml(title)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/**
 * The picker: a radio button per fault with a timeline, each showing its panel (chart and figures).
 * `figures`: the rendered charts, in pickableFaults' order. CSS only: `:checked ~` shows one panel.
 */
export function faultPickerHtml(r: Results, figures: readonly string[]): string {
  const picks = pickableFaults(r);
  if (picks.length === 0 || figures.length !== picks.length) return '';
  const css = picks.map((_, i) => `#fp-${i}:checked ~ #fp-panel-${i} { display: block; } #fp-${i}:checked + label { background: #1f5fbf; color: #fff; border-color: #1f5fbf; }`).join('\n');
  const inputs = picks.map(({ f }, i) => `<input type="radio" name="fault-picker" id="fp-${i}"${i === 0 ? ' checked' : ''}><label for="fp-${i}">${escapeHtml(faultLabel(f))}</label>`).join('\n');
  const panels = picks.map(({ k, f }, i) => `<div class="fp-panel" id="fp-panel-${i}" data-fault="${k}">\n${figures[i]}\n${panelTable(r, k, f)}\n</div>`).join('\n');
  return `<section id="chart-fault-timeline">
<h2>Fault timelines: pick a fault</h2>
<p class="foot">The ${picks.length} most severe faults of replication ${r.faultTimelines!.replication} (scripted first, then the worst of each kind, then the second worst of each, by kind and length), each as that replication ran it. Every fault of the replication is in the table "Faults of replication ${r.faultTimelines!.replication}" below, with the same figures.</p>
<style>
.picker > input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.picker > label { display: inline-block; padding: .15rem .6rem; margin: .15rem .2rem .15rem 0; border: 1px solid #bbb; border-radius: 1rem; font-size: .82rem; cursor: pointer; background: #fafafa; }
.picker > input:focus-visible + label { outline: 2px solid #1f5fbf; }
.picker > .fp-panel { display: none; margin-top: .6rem; }
${css}
</style>
<div class="picker">
${inputs}
${panels}
</div>
</section>
`;
}

/** Every fault of the replication, one row each, with each design's figures (the same cells as the picker's panels). */
export function faultListHtml(r: Results): string {
  const ft = r.faultTimelines;
  if (!ft || ft.faults.length === 0) return '';
  const keys = ['served', 'recovery', 'usersOut'] as const;
  const fig = (key: FigureKey) => FIGURES.find(([k]) => k === key)!;
  const head = `<tr><th rowspan="2">#</th><th rowspan="2">fault</th><th rowspan="2">started</th><th rowspan="2" class="num">lasted</th>${r.designs.map((d) => `<th colspan="${keys.length}" class="num">${escapeHtml(d.name)}</th>`).join('')}</tr>
<tr>${r.designs.map(() => keys.map((k) => `<th class="num">${escapeHtml(fig(k)[1])}</th>`).join('')).join('')}</tr>`;
  const picked = new Set(pickableFaults(r).map((p) => p.k));
  const rows = ft.faults.map((f, k) => {
    const cells = f.designs.map((d, i) => (d === null ? `<td colspan="${keys.length}">—</td>` : keys.map((key) => cell(k, r.designs[i].name, key, fig(key)[2](d))).join('')));
    return `<tr data-fault="${k}"><td class="num">${k + 1}${picked.has(k) ? ' ◆' : ''}</td><td>${escapeHtml(`${f.kind} · ${f.target}`)}${f.origin ? ` <small>(${escapeHtml(f.origin)})</small>` : ''}</td><td class="nw">${escapeHtml(whenText(f.startS))}</td><td class="num">${escapeHtml(humanDuration(lastedS(f)))}</td>${cells.join('')}</tr>`;
  });
  const table = `<div class="scroll"><table class="fault-list">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
  const body = ft.faults.length > 25 ? `<details><summary>All ${ft.faults.length} faults</summary>\n${table}\n</details>` : table;
  return `<section id="fault-list">
<h2>Faults of replication ${ft.replication}</h2>
${body}
<p class="foot">Every fault that started after warm-up in replication ${ft.replication}, in order of start; ◆: it has a timeline in the picker above. Served: the share of requests served while the fault was active; full capacity: from its start until every service had its required ready replicas; users outside the SLO: the minutes charged to it. The fault recovery table pools these figures over every replication, per kind. —: the design did not have this fault (its own rollouts differ).</p>
</section>
`;
}
