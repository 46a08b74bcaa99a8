import { readFileSync } from 'node:fs';
import { EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { table } from '../../report/terminalTable.js';
import type { Interval } from '../../run/results.js';
import { asResults, diffResults, failures, parseFailOn, ResultsFileError, type MetricDelta, type ResultsDiff } from '../resultsDiff.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { readStdinText } from '../scenarioSource.js';

interface DiffOptions {
  output: string;
  failOn?: string[];
}

/** `fleetsim diff A.json B.json`: B − A per design, with significance; exit 3 when a --fail-on rule is crossed. */
export function diffAction(fileA: string, fileB: string, opts: DiffOptions): void {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml', 'md'] as const);
  if (fileA === '-' && fileB === '-') throw new UserError('"-" (standard input) can stand for one of the two files, not both');
  let rules;
  try {
    rules = (opts.failOn ?? []).map(parseFailOn);
    const a = asResults(readJson(fileA), fileA);
    const b = asResults(readJson(fileB), fileB);
    const diff = diffResults(a, b, { a: fileA, b: fileB });
    const failed = rules.flatMap((r) => failures(diff, r));
    process.stdout.write(output === 'table' ? diffTable(diff) : output === 'md' ? diffMarkdown(diff) : structuredText({ ...diff, failed }, output));
    if (failed.length > 0) {
      process.stderr.write(`fleetsim diff: ${failed.length} change${failed.length === 1 ? '' : 's'} beyond --fail-on:\n${failed.map((f) => `  - ${f}\n`).join('')}`);
      process.exitCode = EXIT_SLO_NOT_MET;
    }
  } catch (err) {
    if (err instanceof ResultsFileError) throw new UserError(err.message);
    throw err;
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? readStdinText() : readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message})\n  expected: a results file from "fleetsim run --output json" or a report's results.json`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UserError(`${file}: not JSON (${(err as Error).message})\n  expected: a results file from "fleetsim run --output json" or a report's results.json`);
  }
}

// ---- formatting ------------------------------------------------------------------------------

type Kind = 'usd' | 'ratio' | 'min' | 's';

function value(kind: Kind, x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (kind === 'usd') return `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  if (kind === 'ratio') return `${(x * 100).toFixed(4)}%`;
  if (kind === 'min') return `${x.toFixed(1)} min`;
  return `${(x * 1000).toFixed(0)} ms`;
}

function withCi(kind: Kind, i: Interval | null): string {
  if (i === null || i.mean === null) return '–';
  return i.halfWidth === null ? value(kind, i.mean) : `${value(kind, i.mean)} ± ${value(kind, i.halfWidth).replace(/^\$/, '$')}`;
}

function delta(kind: Kind, d: number | null): string {
  if (d === null) return '–';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const a = Math.abs(d);
  if (kind === 'usd') return `${sign}$${a.toLocaleString('en-US', { maximumFractionDigits: a < 10 ? 2 : 0 })}`;
  if (kind === 'ratio') return `${sign}${(a * 100).toFixed(4)} pts`;
  if (kind === 'min') return `${sign}${a.toFixed(1)} min`;
  return `${sign}${(a * 1000).toFixed(1)} ms`;
}

function verdict(m: MetricDelta): string {
  if (m.significant === null) return '–';
  if (m.test === 'welch') return m.significant ? `yes (Welch p=${m.pValue!.toFixed(3)})` : `no (Welch p=${m.pValue!.toFixed(2)})`;
  return m.significant ? 'yes (CIs do not overlap)' : 'no (CIs overlap)';
}

function rows(diff: ResultsDiff): { design: string; metric: string; kind: Kind; m: MetricDelta }[] {
  return diff.designs.flatMap((d) => [
    { design: d.design, metric: 'cost/month', kind: 'usd' as Kind, m: d.costMonthlyUsd },
    { design: d.design, metric: 'availability', kind: 'ratio' as Kind, m: d.availability },
    { design: d.design, metric: 'downtime/month', kind: 'min' as Kind, m: d.downtimeMinutesPerMonth },
    { design: d.design, metric: 'p99', kind: 's' as Kind, m: d.p99S },
    ...d.p99SByUserRegion.map((r) => ({ design: d.design, metric: `p99 ${r.userRegion}`, kind: 's' as Kind, m: r as MetricDelta })),
  ]);
}

function header(diff: ResultsDiff): string {
  const same = diff.a.scenario === diff.b.scenario ? diff.a.scenario : `${diff.a.scenario} → ${diff.b.scenario}`;
  return `${same}: ${diff.a.file} (A, seed ${diff.a.seed}, ${diff.a.replications} replications) → ${diff.b.file} (B, seed ${diff.b.seed}, ${diff.b.replications} replications)`;
}

function onlyLines(diff: ResultsDiff): string[] {
  const out: string[] = [];
  if (diff.onlyInA.length > 0) out.push(`only in A (removed): ${diff.onlyInA.join(', ')}`);
  if (diff.onlyInB.length > 0) out.push(`only in B (added): ${diff.onlyInB.join(', ')}`);
  return out;
}

export function diffTable(diff: ResultsDiff): string {
  const lines = [header(diff), ''];
  for (const n of diff.notes) lines.push(`note: ${n}`);
  if (diff.notes.length > 0) lines.push('');
  if (diff.designs.length === 0) lines.push('No design is in both files.');
  else lines.push(table(['design', 'metric', 'A (95% CI)', 'B (95% CI)', 'Δ (B − A)', 'significant'], rows(diff).map((r) => [r.design, r.metric, withCi(r.kind, r.m.a), withCi(r.kind, r.m.b), delta(r.kind, r.m.delta), verdict(r.m)])));
  const only = onlyLines(diff);
  if (only.length > 0) lines.push('', ...only);
  return lines.join('\n') + '\n';
}

/** A pull-request comment: a headline, one small table, the rest folded in <details>. */
export function diffMarkdown(diff: ResultsDiff): string {
  const costs = diff.designs.map((d) => d.costMonthlyUsd.delta).filter((x): x is number => x !== null);
  const sig = diff.designs.filter((d) => d.availability.significant || d.p99S.significant || d.costMonthlyUsd.significant).map((d) => d.design);
  const costText = costs.length === 0 ? 'cost unchanged or unknown' : costs.every((c) => c === 0) ? 'monthly cost unchanged' : `monthly cost ${delta('usd', Math.min(...costs))}${Math.min(...costs) !== Math.max(...costs) ? ` to ${delta('usd', Math.max(...costs))}` : ''}`;
  const lines = [
    `#### fleetsim diff: ${diff.a.scenario === diff.b.scenario ? diff.a.scenario : `${diff.a.scenario} → ${diff.b.scenario}`}`,
    '',
    `**${diff.designs.length} design${diff.designs.length === 1 ? '' : 's'} compared: ${costText}; ${sig.length === 0 ? 'no significant change' : `significant changes in ${sig.join(', ')}`}.**`,
    '',
    '| Design | Cost/month | Δ cost | Availability | Δ availability | p99 | Δ p99 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...diff.designs.map((d) => `| ${mdEscape(d.design)} | ${value('usd', d.costMonthlyUsd.b?.mean)} | ${mark(delta('usd', d.costMonthlyUsd.delta), d.costMonthlyUsd)} | ${value('ratio', d.availability.b?.mean)} | ${mark(delta('ratio', d.availability.delta), d.availability)} | ${value('s', d.p99S.b?.mean)} | ${mark(delta('s', d.p99S.delta), d.p99S)} |`),
    '',
    '\\* significant at 95% (Welch on the replications, or non-overlapping CIs).',
    '',
    '<details><summary>Details: intervals, downtime, p99 per user region, inputs</summary>',
    '',
    `A: \`${mdEscape(diff.a.file)}\` (seed ${diff.a.seed}, ${diff.a.replications} replications, ${diff.a.horizonS / 86400} d) · B: \`${mdEscape(diff.b.file)}\` (seed ${diff.b.seed}, ${diff.b.replications} replications, ${diff.b.horizonS / 86400} d)`,
    '',
    ...diff.notes.map((n) => `- ${mdEscape(n)}`),
    ...onlyLines(diff).map((n) => `- ${mdEscape(n)}`),
    ...(diff.notes.length + onlyLines(diff).length > 0 ? [''] : []),
    '| Design | Metric | A (95% CI) | B (95% CI) | Δ | Significant |',
    '|---|---|---:|---:|---:|---|',
    ...rows(diff).map((r) => `| ${mdEscape(r.design)} | ${mdEscape(r.metric)} | ${withCi(r.kind, r.m.a)} | ${withCi(r.kind, r.m.b)} | ${delta(r.kind, r.m.delta)} | ${verdict(r.m)} |`),
    '',
    '</details>',
  ];
  return lines.join('\n') + '\n';
}

const mark = (text: string, m: MetricDelta) => (m.significant ? `${text}\\*` : text);
/** Design names come from a scenario: keep them from breaking the table or adding markup. */
const mdEscape = (s: string) => s.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`);
