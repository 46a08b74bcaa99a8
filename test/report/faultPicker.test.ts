import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCharts } from '../../src/report/charts.js';
import { FIGURES, pickableFaults } from '../../src/report/faultPicker.js';
import { indexHtml } from '../../src/report/html.js';
import { writeReport } from '../../src/report/write.js';
import type { Results } from '../../src/run/results.js';
import { describeWithPrograms, realProgram } from '../support/realProgram.js';
import { loadPage } from './cdp.js';

const golden = (): Results => JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as Results;

/** Every cell the picker's panels and the fault list print: (fault, design, field) → text, per place. */
function cells(html: string, within: string): Map<string, string> {
  const start = html.indexOf(within);
  const part = html.slice(start, html.indexOf('</section>', start));
  const out = new Map<string, string>();
  for (const m of part.matchAll(/<td class="num" data-fault="(\d+)" data-design="([^"]+)" data-field="(\w+)">([^<]*)<\/td>/g)) out.set(`${m[1]}|${m[2]}|${m[3]}`, m[4]);
  return out;
}

describe('the fault picker and the fault list', () => {
  const r = golden();
  const html = indexHtml(r, allCharts(r).map((chart) => ({ chart, svg: chart.spec ? '<svg></svg>' : null })));

  it('print the same figures for the same fault and design', () => {
    const panel = cells(html, 'id="chart-fault-timeline"');
    const list = cells(html, 'id="fault-list"');
    const picks = pickableFaults(r);
    expect(picks.length).toBeGreaterThan(1);
    // Every fault of replication 0 in the list: 3 figures per design that had it.
    const expected = r.faultTimelines!.faults.reduce((a, f) => a + f.designs.filter((d) => d !== null).length * 3, 0);
    expect(list.size).toBe(expected);
    let compared = 0;
    for (const [key, text] of panel) {
      const [k, design, field] = key.split('|');
      expect(picks.map((p) => p.k)).toContain(Number(k));
      // Each panel cell is the results' own number for that fault, formatted once.
      const fig = r.faultTimelines!.faults[Number(k)].designs.find((d) => d?.design === design)!;
      expect(text).toBe(FIGURES.find(([f]) => f === field)![2](fig));
      if (list.has(key)) {
        expect(list.get(key), key).toBe(text);
        compared++;
      }
    }
    expect(compared).toBe(picks.reduce((a, p) => a + p.f.designs.filter((d) => d !== null).length * 3, 0));
  });

  it('serves each fault\'s share from the results: a fault that cost users nothing served (almost) everything', () => {
    for (const f of r.faultTimelines!.faults) {
      for (const d of f.designs) {
        if (d === null || d.servedRatio === null) continue;
        expect(d.servedRatio).toBeGreaterThanOrEqual(0);
        expect(d.servedRatio).toBeLessThanOrEqual(1);
        // A fault during which users were never outside the SLO cannot have lost more than the SLO allows in its worst minute.
        if (d.usersOutS === 0 && (f.endS ?? 0) - f.startS > 120) expect(d.servedRatio).toBeGreaterThan(r.scenario.slo!.availabilityRatio - 0.01);
      }
    }
  });

  it('one radio per picked fault, the first checked, a CSS rule showing each panel', () => {
    const n = pickableFaults(r).length;
    expect(html.match(/<input type="radio" name="fault-picker"/g)!.length).toBe(n);
    expect(html.match(/<input type="radio" name="fault-picker" id="fp-\d+" checked>/g)!.length).toBe(1);
    for (let i = 0; i < n; i++) expect(html).toContain(`#fp-${i}:checked ~ #fp-panel-${i} { display: block; }`);
    expect(html).not.toMatch(/<script/);
  });
});

const chromiumProgram = realProgram({ program: 'chromium', candidates: [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'], install: 'apt-get install -y chromium, or set CHROMIUM to its path' });

describeWithPrograms([chromiumProgram], 'the fault picker in headless Chromium (no script)', () => {
  it('shows the first fault\'s panel, and after a click on another label only that one', async () => {
    const r = golden();
    const folder = await writeReport(r, mkdtempSync(join(tmpdir(), 'fleetsim-picker-')));
    const visible = "[...document.querySelectorAll('.fp-panel')].map((p) => getComputedStyle(p).display)";
    const shown = (i: number) => `(() => { document.querySelector('label[for=fp-${i}]').click(); return ${visible}; })()`;
    const { errors, values } = await loadPage(chromiumProgram.path!, pathToFileURL(join(folder, 'index.html')).href, { widthPx: 700, evaluate: [visible, shown(2), "document.querySelector('#fp-panel-2 svg').getBoundingClientRect().width"] });
    expect(errors).toEqual([]);
    const [before, after, svgWidth] = values as [string[], string[], number];
    expect(before[0]).toBe('block');
    expect(before.slice(1).every((d) => d === 'none')).toBe(true);
    expect(after.map((d, i) => (i === 2 ? d === 'block' : d === 'none')).every(Boolean)).toBe(true);
    // The chosen panel's chart is laid out within a 700 px page.
    expect(svgWidth).toBeGreaterThan(200);
    expect(svgWidth).toBeLessThanOrEqual(700);
  });
});
