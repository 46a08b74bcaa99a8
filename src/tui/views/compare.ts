import { table } from '../../report/terminalTable.js';
import { humanDuration } from '../../run/numberFormat.js';
import { comparisonTable } from '../../report/comparison.js';
import type { Results } from '../../run/results.js';
import { diffRuns } from '../diff.js';
import type { RunRecord } from '../state.js';
import { describeWhatIf } from '../whatIf.js';
import { line, wrap, type Line } from './line.js';

/** Keep the label column and the designs from `offset` on: wide tables scroll sideways. */
function windowed(header: readonly string[], rows: readonly (readonly string[])[], offset: number): { header: string[]; rows: string[][] } {
  const pick = (r: readonly string[]) => [r[0], ...r.slice(1 + offset)];
  return { header: pick(header), rows: rows.map(pick) };
}

/** The `run` comparison table (report/comparison.ts), the change against the previous run, the verdict. */
export function compareView(current: RunRecord | null, previous: RunRecord | null, width: number, columnOffset: number): Line[] {
  if (current === null) return [line('No results yet. Press r to run the scenario.', 'dim')];
  const r: Results = current.outcome.results;
  const out: Line[] = [];
  out.push(line(`${r.scenario.name}: ${r.designs.length} designs, ${r.run.replications} replications × ${humanDuration(r.scenario.horizonS - r.scenario.warmupS)}, seed ${r.scenario.seed}`, undefined, true));
  out.push(line(current.whatIfs.length > 0 ? `What-ifs: ${current.whatIfs.map(describeWhatIf).join('; ')}` : 'What-ifs: none (the file as written)', 'accent'));
  if (columnOffset > 0) out.push(line(`(designs from column ${columnOffset + 1}; h/← shows the first)`, 'dim'));
  out.push(line(''));
  const t = comparisonTable(r);
  const w = windowed(t.header, t.rows, columnOffset);
  for (const text of table(w.header, w.rows).split('\n')) out.push(line(text));
  if (previous !== null) {
    const d = diffRuns(previous.outcome.results, r);
    const dw = windowed(d.header, d.rows, columnOffset);
    out.push(line(''));
    const before = previous.whatIfs.length > 0 ? previous.whatIfs.map(describeWhatIf).join('; ') : 'the file as written';
    out.push(line(`Change against the previous run (${before}):`, 'accent'));
    for (const text of table(dw.header, dw.rows).split('\n')) out.push(line(text));
    if (d.note) out.push(line(d.note, 'dim'));
    out.push(line('Δ = this run − previous, paired by replication (same seed), 95% CI.', 'dim'));
  }
  out.push(line(''));
  for (const text of wrap(`Verdict: ${r.verdict.headline}`, width)) out.push(line(text, r.verdict.recommended ? 'ok' : 'warn', true));
  t.footnotes.forEach((f, i) => wrap(`[${i + 1}] ${f}`, width).forEach((x) => out.push(line(x, 'dim'))));
  return out;
}
