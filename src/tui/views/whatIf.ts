import { formatDuration } from '../../scenario/index.js';
import { knobValue, selectedFault, type FaultSelection } from '../knobs.js';
import type { AppState } from '../state.js';
import { describeWhatIf } from '../whatIf.js';
import { line, type Line } from './line.js';

/** A row of the what-if panel the cursor can sit on. */
export type WhatIfRow =
  | { readonly kind: 'knob'; readonly id: string }
  | { readonly kind: 'faultField'; readonly field: keyof FaultSelection }
  | { readonly kind: 'addFault' }
  | { readonly kind: 'fault'; readonly index: number };

export function whatIfRows(s: AppState): WhatIfRow[] {
  if (!s.scenario) return [];
  const rows: WhatIfRow[] = s.scenario.knobs.map((k) => ({ kind: 'knob', id: k.id }));
  if (s.scenario.choices.kinds.length > 0) {
    for (const field of ['kind', 'target', 'at', 'for'] as const) rows.push({ kind: 'faultField', field });
    rows.push({ kind: 'addFault' });
  }
  s.faults.forEach((_, index) => rows.push({ kind: 'fault', index }));
  return rows;
}

const FIELD_LABEL: Readonly<Record<keyof FaultSelection, string>> = { kind: 'fault: kill a', target: '  target', at: '  at', for: '  for' };

/** Knobs with file value → chosen value, the fault builder and the faults added. One line per row, plus headings. */
export function whatIfView(s: AppState): { lines: Line[]; rowLine: number[] } {
  if (!s.scenario) return { lines: [line('Load a scenario first (panel 1).', 'dim')], rowLine: [] };
  const { knobs, choices } = s.scenario;
  const rows = whatIfRows(s);
  const cursor = s.cursor.whatif;
  const lines: Line[] = [line('←/→ or h/l change · x reset · Enter adds the fault · r re-runs with these what-ifs', 'dim')];
  const rowLine: number[] = [];
  let group = '';
  const labelW = Math.min(30, Math.max(18, ...knobs.map((k) => k.label.length)) + 2);
  rows.forEach((row, i) => {
    const selected = i === cursor;
    if (row.kind === 'knob') {
      const k = knobs.find((x) => x.id === row.id)!;
      if (k.group !== group) {
        group = k.group;
        lines.push(line(group === 'nodes' ? 'Node pools' : group === 'replicas' ? 'Services' : group === 'etcd' ? 'etcd' : group === 'traffic' ? 'Traffic policy' : 'Run', 'accent', true));
      }
      const v = knobValue(k, s.knobValues);
      const changed = v !== k.base;
      const applies = k.toWhatIf(v, s.knobValues) !== null;
      const value = changed ? `${k.format(k.base)} → ${k.format(v)}` : k.format(v);
      rowLine.push(lines.length);
      lines.push({ text: `${k.label.padEnd(labelW)} ${value}${applies ? '' : '  (n/a with anycast)'}`, selected, ...(changed ? { tone: 'accent' as const, bold: true } : {}) });
    } else if (row.kind === 'faultField') {
      if (row.field === 'kind') lines.push(line('Inject a fault', 'accent', true));
      const sel = s.faultSel;
      const k = choices.kinds[sel.kind];
      const value = row.field === 'kind' ? k.kind : row.field === 'target' ? k.targets[sel.target] : row.field === 'at' ? formatDuration(choices.atS[sel.at]) : formatDuration(choices.forS[sel.for]);
      rowLine.push(lines.length);
      lines.push({ text: `${FIELD_LABEL[row.field].padEnd(labelW)} ${value}`, selected });
    } else if (row.kind === 'addFault') {
      rowLine.push(lines.length);
      lines.push({ text: `[ add: ${describeWhatIf({ kind: 'fault', fault: selectedFault(choices, s.faultSel) })} ]`, selected, tone: 'accent' });
      if (s.faults.length > 0) lines.push(line('Faults added (x removes)', 'accent', true));
    } else {
      rowLine.push(lines.length);
      lines.push({ text: `  ${describeWhatIf({ kind: 'fault', fault: s.faults[row.index] })}`, selected, tone: 'bad' });
    }
  });
  return { lines, rowLine };
}
