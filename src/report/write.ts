import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Results } from '../run/results.js';
import type { TopLevelSpec } from 'vega-lite';
import { allCharts } from './charts.js';
import type { FleetFacts } from './fleetFacts.js';
import { fleetMapChart } from './fleetMap.js';
import { indexHtml, type RenderedChart } from './html.js';
import { summaryMarkdown } from './markdown.js';
import { ensureDir } from './outputDir.js';

/** What the report shows besides the results. */
export interface ReportInputs {
  /** The scenario's text as run: embedded so the report can be re-run (checked against results' sha256). */
  readonly scenarioText?: string;
}

/** Every file of a report, in memory: rendering cannot fail halfway through writing. */
export async function buildReport(r: Results, inputs: ReportInputs = {}): Promise<Map<string, string>> {
  // vega is large: load it only when a report is written.
  const { renderSvg } = await import('./render.js');
  const charts: RenderedChart[] = [];
  for (const chart of allCharts(r)) charts.push({ chart, svg: chart.spec ? await renderSvg(chart.spec) : null });
  const fleet = await fleetPart(r, inputs, renderSvg);
  const files = new Map<string, string>();
  files.set('index.html', indexHtml(r, charts, { ...(inputs.scenarioText !== undefined ? { scenarioText: inputs.scenarioText } : {}), ...(fleet ? { fleet } : {}) }));
  files.set('results.json', resultsJson(r));
  files.set('summary.md', summaryMarkdown(r));
  for (const { chart, svg } of fleet ? [...charts, fleet.map] : charts) {
    if (chart.spec === null || svg === null) continue;
    files.set(`specs/${chart.id}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`charts/${chart.id}.svg`, svg);
  }
  return files;
}

/**
 * The fleet map and placement, from the scenario text (results.json holds neither): parsing and
 * placing the scenario again loads the model, so only when a text was given, and lazily.
 */
async function fleetPart(r: Results, inputs: ReportInputs, renderSvg: (spec: TopLevelSpec) => Promise<string>): Promise<{ map: RenderedChart; facts: FleetFacts | null } | undefined> {
  if (inputs.scenarioText === undefined) return undefined;
  const { fleetFacts } = await import('./fleetFacts.js');
  const got = fleetFacts(inputs.scenarioText, r.scenario.file, r.scenario.sha256);
  const facts = got.ok ? got.facts : null;
  const chart = fleetMapChart(facts, got.ok ? '' : got.why);
  return { map: { chart, svg: chart.spec ? await renderSvg(chart.spec) : null }, facts };
}

export function resultsJson(r: Results): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** "two-regions" + 2025-01-31T12:04:05.123Z → "two-regions-20250131-120405". */
export function reportFolderName(r: Results): string {
  const slug = r.scenario.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
  const d = new Date(r.createdAt);
  const stamp = Number.isNaN(d.getTime()) ? 'undated' : d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug}-${stamp}`;
}

/**
 * Write the report under `parentDir` atomically: into a hidden temporary folder first, then one
 * rename. A reader (or a crash) never sees a half-written report. Returns the folder's path.
 */
export async function writeReport(r: Results, parentDir: string, inputs: ReportInputs = {}): Promise<string> {
  const files = await buildReport(r, inputs);
  ensureDir(parentDir);
  removeStaleTemporaries(parentDir);
  const base = reportFolderName(r);
  // A new folder of our own: mkdir fails rather than reuse one someone placed there. Not mkdtemp,
  // whose mode 0700 would make the report private; this one follows the umask like any folder.
  const tmp = join(parentDir, `.tmp-${base}-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(tmp);
  try {
    for (const [name, text] of files) {
      const path = join(tmp, name);
      ensureDir(dirname(path));
      writeFileSync(path, text, { flag: 'wx' });
    }
    for (let k = 1; ; k++) {
      const target = join(parentDir, k === 1 ? base : `${base}-${k}`);
      if (existsSync(target)) continue;
      try {
        renameSync(tmp, target);
        return target;
      } catch (err) {
        // Another run took the name between the check and the rename: try the next one.
        const code = (err as NodeJS.ErrnoException).code;
        if ((code === 'ENOTEMPTY' || code === 'EEXIST') && k < 1000) continue;
        throw err;
      }
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The hidden folders writeReport and checkReportDir make, and nothing else (user files never match). */
const OWN_TEMPORARY = /^\.tmp-[a-z0-9._-]+-(\d{8}-\d{6}|undated)-\d+-[A-Za-z0-9]{6}$|^\.fleetsim-probe-[A-Za-z0-9]{6}$/;
/** Older than any report takes to write: a folder this old belongs to no live run. */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * A run killed while writing (SIGKILL, out of memory, a pod evicted) leaves its hidden temporary
 * folder behind, and nothing else ever removes it. The next report written to the same folder
 * removes those: only fleetsim's own name pattern, and only when older than an hour, so a run
 * writing its report right now beside us is never touched. Best effort: a failure here is ignored.
 */
export function removeStaleTemporaries(parentDir: string, nowMs = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parentDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!OWN_TEMPORARY.test(name)) continue;
    const path = join(parentDir, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || nowMs - st.mtimeMs < STALE_TEMPORARY_MS) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      /* gone already, or not ours to remove: leave it */
    }
  }
  return removed;
}
