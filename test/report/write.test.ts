import { existsSync, mkdtempSync as mkdtempRaw, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allCharts } from '../../src/report/charts.js';
import { reportFolderName, resultsJson, writeReport } from '../../src/report/write.js';
import { loadPage } from './cdp.js';
import { decodePng } from './png.js';
import { fullResults } from './fixture.js';
import { runAndAggregate } from '../run/fixture.js';
import { describeWithPrograms, realProgram } from '../support/realProgram.js';

// Skipped without Chromium on a developer machine; a failure under CI (test/support/realProgram.ts).
const chromiumProgram = realProgram({ program: 'chromium', candidates: [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'], install: 'apt-get install -y chromium, or set CHROMIUM to its path' });
const chromium = chromiumProgram.path;
const made: string[] = [];
const mkdtempSync = (prefix: string) => {
  const dir = mkdtempRaw(prefix);
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('report folder', () => {
  it('holds index.html, results.json, summary.md and the vega-lite specs, and nothing temporary', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-report-'));
    const r = fullResults();
    const folder = await writeReport(r, parent);
    expect(folder).toBe(join(parent, 'synthetic-20250101-000000'));
    expect(readdirSync(parent)).toEqual(['synthetic-20250101-000000']);
    const files = readdirSync(folder, { recursive: true }).map(String).sort();
    expect(files).toEqual(expect.arrayContaining(['index.html', 'results.json', 'summary.md', 'specs/availability.vl.json', 'specs/latency-cdf.vl.json', 'specs/fault-timeline-0.vl.json', 'specs/cost-breakdown.vl.json', 'specs/cost-vs-availability.vl.json']));
    expect(readFileSync(join(folder, 'results.json'), 'utf8')).toBe(resultsJson(r));
    const html = readFileSync(join(folder, 'index.html'), 'utf8');
    // Every chart the fixture has data for (all but the latency breakdown), and its spec beside it.
    expect(html.match(/<svg/g)!.length).toBe(allCharts(r).filter((c) => c.spec !== null).length);
    expect(files).toEqual(expect.arrayContaining(allCharts(r).filter((c) => c.spec !== null).map((c) => `specs/${c.id}.vl.json`)));
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained: no scripts, no network
    expect(readFileSync(join(folder, 'summary.md'), 'utf8')).toMatch(/\*\*replicated: .*SLO/);
    // A second report in the same second gets its own folder.
    expect(await writeReport(r, parent)).toBe(join(parent, 'synthetic-20250101-000000-2'));
  });

  it('leaves nothing behind when writing fails', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-report-'));
    const bad = { ...fullResults(), extra: 1n } as unknown as ReturnType<typeof fullResults>; // JSON cannot hold a BigInt
    await expect(writeReport(bad, parent)).rejects.toThrow(/BigInt/);
    expect(readdirSync(parent)).toEqual([]);
    const file = join(parent, 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(writeReport(fullResults(), file)).rejects.toThrow();
    expect(readdirSync(parent)).toEqual(['not-a-folder']);
  });

  it('names folders after the scenario and the UTC time', () => {
    const r = fullResults();
    expect(reportFolderName({ ...r, scenario: { ...r.scenario, name: 'EU / US: Test!' }, createdAt: '2026-03-04T05:06:07.890Z' })).toBe('eu-us-test-20260304-050607');
  });
});

describeWithPrograms([chromiumProgram], 'index.html in headless Chromium', () => {
  it.each([
    ['every chart (synthetic traffic and cost)', async () => fullResults()],
    ['the default scenario as it runs today', async () => runAndAggregate({ overrides: { horizonS: 60 * 86_400, replications: 4 }, workers: 0 })],
  ])('%s: loads without console errors and is not blank', async (_, make) => {
    const folder = await writeReport(await make(), mkdtempSync(join(tmpdir(), 'fleetsim-browser-')));
    expect(existsSync(join(folder, 'index.html'))).toBe(true);
    const { errors, png } = await loadPage(chromium!, pathToFileURL(join(folder, 'index.html')).href);
    expect(errors).toEqual([]);
    const { width, height, rgba } = decodePng(png);
    expect(width).toBeGreaterThan(500);
    let dark = 0;
    const colours = new Set<number>();
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]];
      if (r + g + b < 300) dark++;
      colours.add((r << 16) | (g << 8) | b);
    }
    // Text and chart lines: a real page has some dark pixels and many shades (anti-aliasing, colours).
    expect(dark / (width * height)).toBeGreaterThan(0.005);
    expect(colours.size).toBeGreaterThan(50);
  });
});

describeWithPrograms([chromiumProgram], 'index.html at a desk (1400 px) and on a narrow window (700 px)', () => {
  // Screenshots stay in a temporary folder of their own (printed), to look at after a change.
  const shots = mkdtempRaw(join(tmpdir(), 'fleetsim-report-shots-'));
  it.each([1400, 700])('at %i px: no horizontal overflow, the headline fits, every chart within the page', async (widthPx) => {
    const r = await runAndAggregate({ overrides: { horizonS: 60 * 86_400, replications: 4 }, workers: 0 });
    const text = readFileSync('scenarios/default.yaml', 'utf8');
    const folder = await writeReport(r, mkdtempSync(join(tmpdir(), 'fleetsim-browser-')), { scenarioText: text });
    const { errors, png, values } = await loadPage(chromium!, pathToFileURL(join(folder, 'index.html')).href, {
      widthPx,
      fullPage: true,
      evaluate: [
        'document.documentElement.scrollWidth',
        'document.documentElement.clientWidth',
        // The Δ headline is the answer: at 700 px its table must fit without scrolling sideways.
        "(() => { const s = document.querySelector('#headline .scroll'); return s.scrollWidth - s.clientWidth; })()",
        // The widest chart, as laid out, against the page.
        "Math.max(...[...document.querySelectorAll('figure svg')].map((e) => e.getBoundingClientRect().right))",
        "document.querySelectorAll('figure svg').length",
        "document.querySelector('#scenario pre').textContent",
      ],
    });
    writeFileSync(join(shots, `report-${widthPx}.png`), png);
    console.log(`screenshot: ${join(shots, `report-${widthPx}.png`)}`);
    expect(errors).toEqual([]);
    const [scrollWidth, clientWidth, headlineOverflow, svgRight, svgCount, yaml] = values as [number, number, number, number, number, string];
    expect(clientWidth).toBeLessThanOrEqual(widthPx);
    expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(clientWidth);
    expect(headlineOverflow).toBeLessThanOrEqual(0);
    expect(svgRight).toBeLessThanOrEqual(clientWidth);
    // Every chart with data, and the fleet map (drawn from the scenario text).
    expect(svgCount).toBe(allCharts(r).filter((c) => c.spec !== null).length + 1);
    expect(existsSync(join(folder, 'specs', 'fleet-map.vl.json'))).toBe(true);
    expect(yaml).toBe(text);
    const { width } = decodePng(png);
    expect(width).toBe(widthPx);
  });
});
