import type { Key } from 'ink';
import { basename, dirname, join } from 'node:path';
import { exactDuration } from './duration.js';
import { completeCommand, parseCommand } from './commands.js';
import { knobValue, parseFaultTime, selectedFault } from './knobs.js';
import { PANELS, type Action, type AppState, type Prompt } from './state.js';
import { eventSteps } from './views/replay.js';
import { whatIfRows } from './views/whatIf.js';

/** What a key asks for: a state change, or something only the App can do. */
export type Effect =
  | { readonly type: 'run' }
  | { readonly type: 'cancel' }
  | { readonly type: 'export' }
  | { readonly type: 'quit' }
  | { readonly type: 'open'; readonly path: string }
  /** Write the what-ifs as a scenario file; null: the default name next to the loaded file. */
  | { readonly type: 'save'; readonly path: string | null };
export const EFFECT_TYPES: ReadonlySet<string> = new Set(['run', 'cancel', 'export', 'quit', 'open', 'save']);
export type Command = Action | Effect;

export interface KeyContext {
  readonly scenarioPaths: readonly string[];
  /** Lines of the active panel and the first one shown (for scrolling). */
  readonly lineCount: number;
  readonly offset: number;
  readonly height: number;
}

export const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false,
  hyper: false, capsLock: false, numLock: false,
};

/**
 * Keys typed faster than a frame (or sent by tmux send-keys) arrive as one string: split plain text
 * into single keys so "jjh" moves twice and then changes a value, as typed.
 */
export function splitKeys(input: string, key: Key): { input: string; key: Key }[] {
  if (input.length <= 1 || key.ctrl || key.meta || key.escape) return [{ input, key }];
  // Control characters in a burst keep their meaning: Enter, Tab, and Backspace (DEL or ^H) while typing a value.
  return Array.from(input).map((ch) => {
    if (ch === '\r') return { input: '', key: { ...NO_KEY, return: true } };
    if (ch === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
    if (ch === '\u007f' || ch === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
    return { input: ch, key: NO_KEY };
  });
}

/** Where `:save` without a name writes: next to the loaded file, "-whatif" added to its name. */
export function defaultSavePath(loadedPath: string): string {
  const name = basename(loadedPath).replace(/\.ya?ml$/i, '');
  return join(dirname(loadedPath), `${name}-whatif.yaml`);
}

/** A key while the prompt is open: it edits the line; Enter submits it; Esc closes it. */
function promptKey(s: AppState, p: Prompt, input: string, key: Key): Command[] {
  if (key.ctrl && input === 'c') return [{ type: 'quit' }];
  if (key.escape) return [{ type: 'closePrompt' }];
  if (key.backspace || key.delete) return [{ type: 'promptText', text: p.text.slice(0, -1) }];
  if (key.ctrl && input === 'u') return [{ type: 'promptText', text: '' }];
  if (key.tab) return p.kind === 'command' ? [{ type: 'promptText', text: completeCommand(p.text, s.scenario?.base.designs.map((d) => d.name) ?? []) }] : [];
  if (key.return) return submitPrompt(s, p);
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || input === '') return [];
  return [{ type: 'promptText', text: p.text + input.replace(/[\r\n]/g, '') }];
}

function submitPrompt(s: AppState, p: Prompt): Command[] {
  switch (p.kind) {
    case 'filter':
      return [{ type: 'setFilter', text: p.text }];
    case 'value': {
      if (!s.scenario) return [{ type: 'closePrompt' }];
      if ('knob' in p.target) {
        const id = p.target.knob;
        const k = s.scenario.knobs.find((x) => x.id === id);
        if (!k) return [{ type: 'closePrompt' }];
        const v = k.parse(p.text);
        return v.ok ? [{ type: 'setKnob', id: k.id, value: v.value }, { type: 'closePrompt' }] : [{ type: 'promptError', message: v.message }];
      }
      const field = p.target.fault;
      const v = parseFaultTime(s.scenario.base, field, p.text);
      return v.ok ? [{ type: 'setFaultTime', field, seconds: Number(v.value) }, { type: 'closePrompt' }] : [{ type: 'promptError', message: v.message }];
    }
    case 'command': {
      const c = parseCommand(p.text);
      const close: Action = { type: 'closePrompt' };
      switch (c.kind) {
        case 'run':
          return [close, { type: 'run' }];
        case 'save':
          return [close, { type: 'save', path: c.path }];
        case 'export':
          return [close, { type: 'export' }];
        case 'reset':
          return [close, { type: 'resetAll' }];
        case 'help':
          return [close, { type: 'toggleHelp' }];
        case 'quit':
          return [close, { type: 'quit' }];
        case 'panel':
          return [close, { type: 'panel', panel: c.panel }];
        case 'design': {
          const names = s.scenario?.base.designs.map((d) => d.name) ?? [];
          const index = names.indexOf(c.name);
          if (index < 0) return [close, { type: 'message', text: `No design "${c.name}"${names.length > 0 ? `: ${names.join(', ')}` : ' (no scenario loaded)'}` }];
          return [close, { type: 'selectDesign', index }, { type: 'message', text: `Design ${c.name}` }];
        }
        case 'error':
          return [close, { type: 'message', text: c.message }];
      }
    }
  }
}

/** The commands one key stands for, in the given state. Pure: the key bindings are tested through it. */
export function interpretKey(s: AppState, input: string, key: Key, ctx: KeyContext): Command[] {
  if (s.prompt !== null) return promptKey(s, s.prompt, input, key);
  if (s.help) return input === 'q' ? [{ type: 'quit' }] : [{ type: 'closeHelp' }];
  if (input === 'q' || (key.ctrl && input === 'c')) return [{ type: 'quit' }];
  if (key.escape) return [{ type: 'back' }];
  if (input === '?') return [{ type: 'toggleHelp' }];
  if (/^[1-6]$/.test(input)) return [{ type: 'panel', panel: PANELS[Number(input) - 1] }];
  if (key.tab) return [{ type: 'cyclePanel', dir: key.shift ? -1 : 1 }];
  if (input === 'r') return [{ type: 'run' }];
  if (input === 'c') return [{ type: 'cancel' }];
  if (input === 'e') return [{ type: 'export' }];
  if (input === '/') return [{ type: 'openPrompt', prompt: { kind: 'filter', text: s.filter[s.panel] } }];
  if (input === ':') return [{ type: 'openPrompt', prompt: { kind: 'command', text: '', error: null } }];
  if (input === 'w' && s.scenario) return [{ type: 'openPrompt', prompt: { kind: 'command', text: `save ${defaultSavePath(s.scenario.path)}`, error: null } }];

  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  const left = key.leftArrow || input === 'h' || input === '-';
  const right = key.rightArrow || input === 'l' || input === '+' || input === '=';
  const top = input === 'g' || key.home;
  const bottom = input === 'G' || key.end;
  const remove = input === 'x' || key.delete || key.backspace;

  switch (s.panel) {
    case 'scenarios': {
      const max = ctx.scenarioPaths.length - 1;
      if (up || down) return [{ type: 'move', delta: up ? -1 : 1, max }];
      if (top || bottom) return [{ type: 'moveTo', index: top ? 0 : max, max }];
      const path = ctx.scenarioPaths[s.cursor.scenarios];
      if (key.return && path !== undefined) return [{ type: 'open', path }];
      return [];
    }
    case 'whatif': {
      const rows = whatIfRows(s);
      const max = rows.length - 1;
      if (up || down) return [{ type: 'move', delta: up ? -1 : 1, max }];
      if (top || bottom) return [{ type: 'moveTo', index: top ? 0 : max, max }];
      if (input === 'X') return [{ type: 'resetAll' }];
      const row = rows[s.cursor.whatif];
      if (!row || !s.scenario) return [];
      const dir = left ? -1 : 1;
      switch (row.kind) {
        case 'knob': {
          if (left || right) return [{ type: 'knob', id: row.id, dir }];
          if (remove) return [{ type: 'resetKnob', id: row.id }];
          const k = s.scenario.knobs.find((x) => x.id === row.id);
          if (key.return && k) return [{ type: 'openPrompt', prompt: { kind: 'value', target: { knob: k.id }, label: k.label, expects: k.expects, text: k.format(knobValue(k, s.knobValues)), error: null } }];
          return [];
        }
        case 'faultField': {
          if (left || right) return [{ type: 'faultField', field: row.field, dir }];
          const f = row.field;
          if (key.return && (f === 'at' || f === 'for')) {
            const c = s.scenario.choices;
            const now = f === 'at' ? c.atS[s.faultSel.at] : c.forS[s.faultSel.for];
            const expects = f === 'at' ? 'a start time after warm-up, e.g. 30d19h' : 'a duration, e.g. 45m';
            return [{ type: 'openPrompt', prompt: { kind: 'value', target: { fault: f }, label: f === 'at' ? 'fault at' : 'fault for', expects, text: exactDuration(now), error: null } }];
          }
          if (key.return) return [{ type: 'addFault', fault: selectedFault(s.scenario.choices, s.faultSel) }];
          return [];
        }
        case 'addFault':
          return key.return || input === ' ' ? [{ type: 'addFault', fault: selectedFault(s.scenario.choices, s.faultSel) }] : [];
        case 'fault':
          // Keep the cursor on a row that still exists.
          return remove ? [{ type: 'removeFault', index: row.index }, { type: 'moveTo', index: Math.min(s.cursor.whatif, max - 1), max: max - 1 }] : [];
      }
      return [];
    }
    case 'replay': {
      const replay = s.current?.outcome.replay;
      if (!replay) return [];
      if (input === ' ') return [{ type: 'replayPlay', playing: !s.replay.playing }];
      if (input === 'H' || input === 'L') return [{ type: 'replayStep', delta: input === 'H' ? -10 : 10 }];
      if (left || right) return [{ type: 'replayStep', delta: left ? -1 : 1 }];
      if (top || bottom) return [{ type: 'replayTo', step: top ? 0 : replay.tS.length - 1 }];
      if (input === 'd') return [{ type: 'replayDesign' }];
      if (input === '[' || input === ']') {
        const steps = eventSteps(replay, s.replay.design);
        const target = input === ']' ? steps.find((k) => k > s.replay.step) : [...steps].reverse().find((k) => k < s.replay.step);
        return target !== undefined ? [{ type: 'replayTo', step: target }] : [];
      }
      return [];
    }
    case 'compare': {
      const designs = s.current?.outcome.results.designs.length ?? 0;
      if (left || right) return [{ type: 'columns', delta: left ? -1 : 1, max: designs - 1 }];
      break;
    }
    default:
      break;
  }
  // Scrolling panels (fleet, compare, charts): the cursor is the first line shown.
  const last = Math.max(0, ctx.lineCount - ctx.height);
  const at = Math.min(ctx.offset, last);
  if (up || down) return [{ type: 'moveTo', index: at + (up ? -1 : 1), max: last }];
  if (key.pageUp || key.pageDown) return [{ type: 'moveTo', index: at + (key.pageUp ? -ctx.height : ctx.height), max: last }];
  if (top || bottom) return [{ type: 'moveTo', index: top ? 0 : last, max: last }];
  return [];
}
