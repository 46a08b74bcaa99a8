import { line, type Line } from './line.js';

/** The ? overlay: every key, grouped by where it works. */
export const HELP: readonly (readonly [string, string])[] = [
  ['Everywhere', ''],
  ['1 … 6, Tab, Shift-Tab', 'switch panel: Scenarios, Fleet, Compare, Charts, What-if, Replay'],
  ['j k  ↓ ↑', 'move the cursor or scroll'],
  ['g G  Home End', 'top / bottom'],
  ['r', 're-run with the current what-ifs (in a worker; the UI stays live)'],
  ['c  Esc', 'cancel the run in progress'],
  ['e', 'export the current comparison as a report folder (reports/)'],
  ['?', 'this help (any key closes it)'],
  ['q  Ctrl-C', 'quit'],
  ['Scenarios', ''],
  ['Enter', 'load the scenario under the cursor and run it'],
  ['Compare', ''],
  ['h l  ← →', 'scroll design columns on narrow terminals'],
  ['What-if', ''],
  ['h l  ← →  - +', 'change the value under the cursor'],
  ['Enter', 'add the fault built above'],
  ['x  Delete', 'reset a knob / remove a fault;  X resets everything'],
  ['Replay', ''],
  ['h l  ← →', 'step back / forward;  H L: 10 steps'],
  ['[ ]', 'previous / next event of the selected design'],
  ['Space', 'play / pause'],
  ['d', 'next design (its timeline of events)'],
];

export function helpView(width: number): Line[] {
  const keyW = Math.min(24, Math.max(...HELP.map(([k]) => k.length)) + 2);
  const out: Line[] = [line('fleetsim tui: keys', 'accent', true)];
  for (const [k, what] of HELP) {
    if (what === '') out.push(line(k, 'accent', true));
    else out.push(line(`  ${k.padEnd(keyW)}${what}`.slice(0, Math.max(20, width))));
  }
  return out;
}
