/**
 * `npm run bench [-- [--quick] [--no-save] [--list] [FILTER...]]`
 *
 * Runs the registered suites (all, or those whose name contains a FILTER word), prints a table per
 * suite with its targets, and writes bench/results/SUITE.json with the machine's facts. Quick runs
 * are for smoke checks and are not saved unless --save is given.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from '../src/report/terminalTable.js';
import { machineFacts, type MachineFacts } from './machine.js';
import { suites } from './registry.js';
import type { BenchOptions, Cell, Row, SuiteResult } from './types.js';

interface SavedResult extends SuiteResult {
  suite: string;
  description: string;
  quick: boolean;
  durationS: number;
  machine: MachineFacts;
}

const USAGE = `usage: npm run bench -- [--quick] [--save | --no-save] [--list] [FILTER...]
  FILTER     run only suites whose name contains one of these words (e.g. hold); opt-in suites
             (coverage) run only when named
  --quick    short run (seconds); not saved unless --save
  --list     list suites and exit`;

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fleetsim') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the fleetsim repository root above bench/run');
    dir = parent;
  }
}

function formatCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1e4 ? v.toLocaleString('en-US') : String(v);
  return String(v);
}

function rowsTable(rows: readonly Row[]): string {
  const header: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  return table(header, rows.map((r) => header.map((h) => formatCell(r[h]))));
}

function report(name: string, result: SuiteResult): string {
  const out = [rowsTable(result.rows)];
  if (result.figures) out.push(Object.entries(result.figures).map(([k, v]) => `${k}: ${formatCell(v)}`).join('\n'));
  for (const t of result.targets ?? []) {
    const verdict = t.pass === null ? 'N/A ' : t.pass ? 'PASS' : 'FAIL';
    out.push(`${verdict}  ${t.name}: ${t.measured} (target ${t.target})`);
  }
  for (const n of result.notes ?? []) out.push(`note: ${n}`);
  return `== ${name}\n${out.join('\n\n')}\n`;
}

/** Markdown digest of every saved result, for pasting into bench/README.md. */
function writeSummary(resultsDir: string): void {
  const files = readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort();
  const parts: string[] = ['# Latest saved benchmark results', ''];
  for (const f of files) {
    const r = JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as SavedResult;
    parts.push(`## ${r.suite}: ${r.description}`, '', `${r.machine.date.slice(0, 10)}, ${r.machine.cpuModel}, ${r.machine.logicalCores} cores, Node ${r.machine.nodeVersion}${r.quick ? ' (quick run)' : ''}`, '');
    const header: string[] = [];
    for (const row of r.rows) for (const k of Object.keys(row)) if (!header.includes(k)) header.push(k);
    parts.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const row of r.rows) parts.push(`| ${header.map((h) => formatCell(row[h])).join(' | ')} |`);
    parts.push('');
    for (const t of r.targets ?? []) parts.push(`- ${t.pass === null ? 'N/A' : t.pass ? 'PASS' : 'FAIL'}: ${t.name}: ${t.measured} (target ${t.target})`);
    if (r.figures) for (const [k, v] of Object.entries(r.figures)) parts.push(`- ${k}: ${formatCell(v)}`);
    parts.push('');
  }
  writeFileSync(path.join(resultsDir, 'SUMMARY.md'), parts.join('\n'));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      save: { type: 'boolean' },
      'no-save': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const s of suites) console.log(`${s.name.padEnd(8)} ${s.description}${s.optIn ? ' [runs only when named]' : ''}`);
    return 0;
  }
  // Opt-in suites (minutes long) run only when a FILTER names them.
  const chosen = positionals.length === 0 ? suites.filter((s) => !s.optIn) : suites.filter((s) => positionals.some((p) => s.name.includes(p)));
  if (chosen.length === 0) {
    console.error(`no suite matches ${positionals.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const quick = values.quick ?? false;
  const save = values['no-save'] ? false : (values.save ?? !quick);
  const repoRoot = findRepoRoot();
  const options: BenchOptions = { quick, repoRoot, log: (line) => process.stderr.write(`  … ${line}\n`) };
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  const machine = machineFacts();
  console.log(`fleetsim benchmarks${quick ? ' (quick)' : ''}: ${machine.cpuModel}, ${machine.logicalCores} cores, Node ${machine.nodeVersion}, load ${machine.loadAverage1m}, ${machine.date}\n`);

  let failed = 0;
  for (const suite of chosen) {
    const started = performance.now();
    const result = await suite.run(options);
    const durationS = Math.round((performance.now() - started) / 100) / 10;
    console.log(report(`${suite.name} (${durationS} s): ${suite.description}`, result));
    failed += (result.targets ?? []).filter((t) => t.pass === false).length;
    if (save) {
      mkdirSync(resultsDir, { recursive: true });
      const saved: SavedResult = { suite: suite.name, description: suite.description, quick, durationS, machine: machineFacts(), ...result };
      writeFileSync(path.join(resultsDir, `${suite.name}.json`), `${JSON.stringify(saved, null, 2)}\n`);
    }
  }
  if (save) {
    writeSummary(resultsDir);
    console.log(`results written to ${path.relative(process.cwd(), resultsDir) || '.'}/`);
  }
  // Missed targets are reported, not fatal: the figures depend on the machine and its load.
  if (failed > 0) console.log(`${failed} target(s) missed`);
  return 0;
}

process.exitCode = await main();
