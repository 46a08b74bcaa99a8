import { line, type Line } from './line.js';

/** The ? overlay: every key, grouped by where it works. */
export const HELP: readonly (readonly [string, string])[] = [
  ['Everywhere', ''],
  ['1…6  Tab  Shift-Tab', 'panels: Scenarios Fleet Compare Charts What-if Replay'],
  ['j k ↓ ↑  g G', 'move or scroll; g/G (Home/End) top, bottom'],
  ['r', 're-run with the what-ifs (in a worker)'],
  ['c  Esc', 'c: cancel the run; Esc: back (input, help, filter, panel)'],
  ['/  :', 'filter this panel; command: run, save FILE, design NAME, q'],
  ['w  e', 'save the what-ifs as a scenario; export a report folder'],
  ['?  q  Ctrl-C', 'this help (any key closes it); quit'],
  ['Scenarios', 'Enter loads the scenario under the cursor and runs it'],
  ['Compare', 'h l ← → scroll design columns'],
  ['What-if', ''],
  ['h l ← →  - +', 'step the value under the cursor'],
  ['Enter', 'type the exact value (30d19h, 25%, 7); on the fault: add it'],
  ['x Del  X', 'reset a knob or remove a fault; X resets all'],
  ['Replay', ''],
  ['h l ← →  H L', 'step back / forward (H L: 10 steps)'],
  ['[ ]', 'previous / next event of the selected design'],
  ['Space  d', 'play / pause; d: next design'],
];

export function helpView(width: number): Line[] {
  const keyW = Math.min(24, Math.max(...HELP.map(([k]) => k.length)) + 2);
  const out: Line[] = [line('fleetsim tui: keys', 'accent', true)];
  for (const [k, what] of HELP) {
    if (what === '') out.push(line(k, 'accent', true));
    else if (k === 'Scenarios' || k === 'Compare') out.push(line(`${k.padEnd(keyW + 2)}${what}`, 'accent'));
    else out.push(line(`  ${k.padEnd(keyW)}${what}`.slice(0, Math.max(20, width))));
  }
  return out;
}
