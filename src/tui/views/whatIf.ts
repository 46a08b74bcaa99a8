import { exactDuration } from '../duration.js';
import { deltaLine, whatIfDelta } from '../delta.js';
import { matchesFilter } from '../filter.js';
import { knobValue, selectedFault, whatIfsFrom, type FaultSelection, type Knob } from '../knobs.js';
import { unreachableCalls } from '../consequences.js';
import { resolveWhatIfs } from '../docWhatIf.js';
import type { AppState } from '../state.js';
import { describeWhatIf } from '../whatIf.js';
import { line, type Line } from './line.js';

/** A row of the what-if panel the cursor can sit on. */
export type WhatIfRow =
  | { readonly kind: 'knob'; readonly id: string }
  | { readonly kind: 'faultField'; readonly field: keyof FaultSelection }
  | { readonly kind: 'addFault' }
  | { readonly kind: 'fault'; readonly index: number };

/** The rows, narrowed by the panel's `/` filter: knobs by label, the fault builder by "inject a fault", added faults by what they do. */
export function whatIfRows(s: AppState): WhatIfRow[] {
  if (!s.scenario) return [];
  const f = s.filter.whatif;
  const rows: WhatIfRow[] = s.scenario.knobs.filter((k) => matchesFilter(`${GROUP_TITLE[k.group]} ${k.label}`, f)).map((k) => ({ kind: 'knob', id: k.id }));
  if (s.scenario.choices.kinds.length > 0 && matchesFilter('Inject a fault', f)) {
    for (const field of ['kind', 'target', 'at', 'for'] as const) rows.push({ kind: 'faultField', field });
    rows.push({ kind: 'addFault' });
  }
  s.faults.forEach((fault, index) => {
    if (matchesFilter(`fault ${describeWhatIf({ kind: 'fault', fault })}`, f)) rows.push({ kind: 'fault', index });
  });
  return rows;
}

const GROUP_TITLE: Readonly<Record<Knob['group'], string>> = { nodes: 'Node pools', replicas: 'Services', etcd: 'etcd', traffic: 'Traffic policy', failover: 'Placement and failover', run: 'Run' };

const FIELD_LABEL: Readonly<Record<keyof FaultSelection, string>> = { kind: 'fault: kill a', target: '  target', at: '  at', for: '  for' };

/** Knobs with file value → chosen value, the fault builder and the faults added. One line per row, plus headings. */
export function whatIfView(s: AppState): { lines: Line[]; rowLine: number[] } {
  if (!s.scenario) return { lines: [line('Load a scenario first (panel 1).', 'dim')], rowLine: [] };
  const { knobs, choices } = s.scenario;
  const rows = whatIfRows(s);
  const cursor = s.cursor.whatif;
  const lines: Line[] = [line('←/→ change · Enter types a value · x reset · r re-runs · w saves as a scenario', 'dim')];
  if (s.filter.whatif !== '') lines.push(line(`/${s.filter.whatif}: ${rows.length} of ${whatIfRows({ ...s, filter: { ...s.filter, whatif: '' } }).length} rows (Esc shows all)`, 'warn'));
  const rowLine: number[] = [];
  let group = '';
  const labelW = Math.min(30, Math.max(18, ...knobs.map((k) => k.label.length)) + 2);
  lines.push(...deltaLines(s));
  rows.forEach((row, i) => {
    const selected = i === cursor;
    if (row.kind === 'knob') {
      const k = knobs.find((x) => x.id === row.id)!;
      if (k.group !== group) {
        group = k.group;
        lines.push(line(GROUP_TITLE[k.group], 'accent', true));
      }
      const v = knobValue(k, s.knobValues);
      const changed = v !== k.base;
      const applies = k.toWhatIf(v, s.knobValues) !== null;
      const value = changed ? `${k.format(k.base)} → ${k.format(v)}` : k.format(v);
      const note = k.note?.(v) ?? null;
      rowLine.push(lines.length);
      lines.push({ text: `${k.label.padEnd(labelW)} ${value}${applies ? '' : '  (n/a with anycast)'}${note !== null ? `  ${note}` : ''}`, selected, ...(changed ? { tone: 'accent' as const, bold: true } : {}) });
      if (k.id.startsWith('mesh:') && v === 'off') lines.push(...meshOffLines(s, k.id.slice('mesh:'.length), changed));
    } else if (row.kind === 'faultField') {
      if (row.field === 'kind') lines.push(line('Inject a fault', 'accent', true));
      const sel = s.faultSel;
      const k = choices.kinds[sel.kind];
      const value = row.field === 'kind' ? k.kind : row.field === 'target' ? k.targets[sel.target] : row.field === 'at' ? exactDuration(choices.atS[sel.at]) : exactDuration(choices.forS[sel.for]);
      rowLine.push(lines.length);
      lines.push({ text: `${FIELD_LABEL[row.field].padEnd(labelW)} ${value}`, selected });
    } else if (row.kind === 'addFault') {
      rowLine.push(lines.length);
      lines.push({ text: `[ add: ${describeWhatIf({ kind: 'fault', fault: selectedFault(choices, s.faultSel) })} ]`, selected, tone: 'accent' });
      if (s.faults.length > 0 && rows.some((r) => r.kind === 'fault')) lines.push(line('Faults added (x removes)', 'accent', true));
    } else {
      rowLine.push(lines.length);
      lines.push({ text: `  ${describeWhatIf({ kind: 'fault', fault: s.faults[row.index] })}`, selected, tone: 'bad' });
    }
  });
  return { lines, rowLine };
}

/** Shown under a design's mesh knob while it is off: the calls that then fail, from the knobs' scenario as it stands (before any run). */
function meshOffLines(s: AppState, design: string, changed: boolean): Line[] {
  const sc = s.scenario!;
  let calls: string[];
  try {
    calls = unreachableCalls(resolveWhatIfs(sc.text, sc.path, sc.base, whatIfsFrom(sc.knobs, s.knobValues, [])), design);
  } catch (err) {
    return [line(`    ✗ ${err instanceof Error ? err.message : String(err)}`, 'bad')];
  }
  // A file without a mesh whose calls all stay local needs no line; turning one off does (it is safe).
  if (calls.length === 0) return changed ? [line('    every call finds its callee in its own cluster', 'dim')] : [];
  const shown = calls.slice(0, 3).map((c) => line(`    ✗ ${c}`, 'bad'));
  return calls.length > shown.length ? [...shown, line(`    ✗ … ${calls.length - shown.length} more caller → callee pairs fail`, 'bad')] : shown;
}

/**
 * Δ cost, availability and p99 of the last run against the latest run of the file as loaded, per
 * design: what the knobs above bought (after r), next to them.
 */
export function deltaLines(s: AppState): Line[] {
  const cur = s.current;
  const base = s.baseline;
  if (cur === null) return [];
  if (base === null) return [line('Δ vs the file as loaded: run it first (X resets every what-if, then r).', 'dim')];
  if (cur === base) return [line('Δ vs the file as loaded: change a value, then r to see what it costs.', 'dim')];
  const out: Line[] = [line(`Δ vs the file as loaded (last run: ${cur.whatIfs.map(describeWhatIf).join('; ')}):`, 'accent', true)];
  const ds = whatIfDelta(base.outcome.results, cur.outcome.results);
  const nameW = Math.max(...ds.map((d) => d.design.length));
  for (const d of ds) out.push(line(`  ${d.design.padEnd(nameW)}  ${deltaLine(d)}`, d.cost !== null && d.cost.deltaUsd > 0.005 ? 'warn' : d.cost !== null && d.cost.deltaUsd < -0.005 ? 'ok' : undefined));
  return out;
}
