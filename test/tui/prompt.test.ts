import { describe, expect, it } from 'vitest';
import { completeCommand, parseCommand } from '../../src/tui/commands.js';
import { EFFECT_TYPES, interpretKey, NO_KEY, splitKeys, type Command, type KeyContext } from '../../src/tui/keys.js';
import { parseCount, parseDurationIn, parseRatioIn } from '../../src/tui/knobs.js';
import { initialState, reduce, type AppState } from '../../src/tui/state.js';
import { whatIfRows } from '../../src/tui/views/whatIf.js';
import { smallDefault } from './fixture.js';

const { loaded } = smallDefault();
const ctx: KeyContext = { scenarioPaths: ['a.yaml', 'b.yaml'], lineCount: 50, offset: 0, height: 20 };
const ESC = { ...NO_KEY, escape: true };
const ENTER = { ...NO_KEY, return: true };
const TAB = { ...NO_KEY, tab: true };
const BACKSPACE = { ...NO_KEY, backspace: true };

/** Apply one key as the App does; effects are collected, not performed. */
function press(s: AppState, input: string, key = NO_KEY, effects: Command[] = []): AppState {
  for (const c of interpretKey(s, input, key, ctx)) {
    if (EFFECT_TYPES.has(c.type)) effects.push(c);
    else s = reduce(s, c as never);
  }
  return s;
}
function typeText(s: AppState, text: string, effects: Command[] = []): AppState {
  for (const k of splitKeys(text, NO_KEY)) s = press(s, k.input, k.key, effects);
  return s;
}
const onRow = (s: AppState, pick: (r: ReturnType<typeof whatIfRows>[number]) => boolean) => {
  const rows = whatIfRows(s);
  return reduce(s, { type: 'moveTo', index: rows.findIndex(pick), max: rows.length - 1 });
};
const whatIf = () => reduce(initialState(loaded), { type: 'panel', panel: 'whatif' });

describe('Esc goes back', () => {
  it('returns through the panels visited, most recent first, and never cancels a run', () => {
    let s = initialState(loaded); // compare
    s = typeText(s, '52');
    expect(s.panel).toBe('fleet');
    s = press(s, '', ESC);
    expect(s.panel).toBe('whatif');
    s = press(s, '', ESC);
    expect(s.panel).toBe('compare');
    s = press(s, '', ESC);
    expect(s.panel).toBe('compare');
    expect(s.message).toContain('Nothing to go back to');
    expect(interpretKey(s, '', ESC, ctx)).toEqual([{ type: 'back' }]);
  });

  it('closes the innermost thing first: the input, then the help, then the filter, then the panel', () => {
    let s = typeText(initialState(loaded), '5');
    s = typeText(s, '/web\r');
    expect(s.filter.whatif).toBe('web');
    s = press(s, '?');
    expect(s.help).toBe(true);
    s = press(s, '', ESC);
    expect(s.help).toBe(false);
    expect(s.panel).toBe('whatif');
    s = press(s, '', ESC);
    expect(s.filter.whatif).toBe('');
    expect(s.panel).toBe('whatif');
    s = press(s, '', ENTER); // opens the value input on the first knob
    expect(s.prompt?.kind).toBe('value');
    s = press(s, '', ESC);
    expect(s.prompt).toBeNull();
    expect(s.panel).toBe('whatif');
    s = press(s, '', ESC);
    expect(s.panel).toBe('compare');
  });
});

describe('typed values', () => {
  it('Enter on a knob opens its value; a valid count is set, arrows still step from it', () => {
    let s = onRow(whatIf(), (r) => r.kind === 'knob' && r.id === 'replicas:web');
    s = press(s, '', ENTER);
    expect(s.prompt).toMatchObject({ kind: 'value', label: 'web replicas', text: '6' });
    s = press(s, '', BACKSPACE);
    s = typeText(s, '17');
    s = press(s, '', ENTER);
    expect(s.prompt).toBeNull();
    expect(s.knobValues).toEqual({ 'replicas:web': 17 });
    s = press(s, 'l');
    expect(s.knobValues).toEqual({ 'replicas:web': 18 });
  });

  it('refuses a bad value inline, keeps the input open, and changes nothing', () => {
    let s = onRow(whatIf(), (r) => r.kind === 'knob' && r.id === 'replicas:web');
    s = press(s, '', ENTER);
    s = press(s, '', BACKSPACE);
    s = typeText(s, 'lots\r');
    expect(s.prompt).toMatchObject({ kind: 'value', text: 'lots', error: 'expected a whole number from 1 to 1000, got "lots"' });
    expect(s.knobValues).toEqual({});
    // Typing again clears the error.
    s = press(s, '', BACKSPACE);
    expect(s.prompt).toMatchObject({ error: null });
  });

  it('a typed duration: DNS TTL 45s, read with the scenario parser', () => {
    let s = onRow(whatIf(), (r) => r.kind === 'knob' && r.id === 'ttl:replicated');
    s = press(s, '', ENTER);
    expect(s.prompt).toMatchObject({ text: '1m' });
    s = press(s, 'u', { ...NO_KEY, ctrl: true });
    s = typeText(s, '45s\r');
    expect(s.knobValues).toEqual({ 'ttl:replicated': 45 });
  });

  it('a fault at exactly 30d19h5m for 45m: the typed times join the lists and the fault uses them', () => {
    let s = onRow(whatIf(), (r) => r.kind === 'faultField' && r.field === 'at');
    s = press(s, '', ENTER);
    s = press(s, 'u', { ...NO_KEY, ctrl: true });
    s = typeText(s, '30d19h5m\r');
    expect(s.scenario!.choices.atS[s.faultSel.at]).toBe(30 * 86_400 + 19 * 3600 + 300);
    s = typeText(s, 'j\r');
    s = press(s, 'u', { ...NO_KEY, ctrl: true });
    s = typeText(s, '45m\r');
    s = typeText(s, 'j\r'); // the add row
    expect(s.faults).toEqual([{ atS: 30 * 86_400 + 19 * 3600 + 300, forS: 2700, target: { kind: 'zone', zone: 'eu-west-1a' } }]);
    // Past the horizon (60d): refused inline.
    s = onRow(s, (r) => r.kind === 'faultField' && r.field === 'at');
    s = press(s, '', ENTER);
    s = press(s, 'u', { ...NO_KEY, ctrl: true });
    s = typeText(s, '90d\r');
    expect(s.prompt).toMatchObject({ error: expect.stringContaining('expected a duration from') });
  });

  it('parsers: counts, durations and percentages as scenario files write them', () => {
    expect(parseCount(' 12 ', 1, 100)).toEqual({ ok: true, value: 12 });
    expect(parseCount('1.5', 1, 100).ok).toBe(false);
    expect(parseCount('0', 1, 100)).toEqual({ ok: false, message: 'expected a whole number from 1 to 100, got 0' });
    expect(parseDurationIn('30d19h', 0, 1e9)).toEqual({ ok: true, value: 30 * 86_400 + 19 * 3600 });
    expect(parseDurationIn('40', 0, 1e9)).toMatchObject({ ok: false, message: expect.stringContaining('add a unit') });
    expect(parseRatioIn('25%', 0, 1)).toEqual({ ok: true, value: 0.25 });
    expect(parseRatioIn('0.3', 0, 1)).toEqual({ ok: true, value: 0.3 });
    expect(parseRatioIn('100%', 0, 1).ok).toBe(false);
  });
});

describe('/ filter', () => {
  it('narrows the what-if rows as you type; Esc clears it', () => {
    let s = whatIf();
    const all = whatIfRows(s).length;
    s = typeText(s, '/web');
    expect(whatIfRows(s)).toEqual([{ kind: 'knob', id: 'replicas:web' }]);
    s = press(s, '', ENTER);
    expect(s.prompt).toBeNull();
    expect(whatIfRows(s)).toHaveLength(1);
    s = press(s, '', ESC);
    expect(whatIfRows(s)).toHaveLength(all);
    // Esc while typing drops the filter at once.
    s = typeText(s, '/ttl');
    expect(whatIfRows(s).map((r) => (r.kind === 'knob' ? r.id : r.kind))).toEqual(['ttl:replicated', 'ttl:active-active']);
    s = press(s, '', ESC);
    expect(s.filter.whatif).toBe('');
  });
});

describe(': commands', () => {
  it('parse the k9s-style commands, and say what is unknown', () => {
    expect(parseCommand('run')).toEqual({ kind: 'run' });
    expect(parseCommand(' save  out/x.yaml ')).toEqual({ kind: 'save', path: 'out/x.yaml' });
    expect(parseCommand('save')).toEqual({ kind: 'save', path: null });
    expect(parseCommand('design active-active')).toEqual({ kind: 'design', name: 'active-active' });
    expect(parseCommand('q')).toEqual({ kind: 'quit' });
    expect(parseCommand('charts')).toEqual({ kind: 'panel', panel: 'charts' });
    expect(parseCommand('frobnicate')).toMatchObject({ kind: 'error', message: expect.stringContaining('Unknown command "frobnicate"') });
  });

  it('complete command names, then design names', () => {
    expect(completeCommand('ru', [])).toBe('run');
    expect(completeCommand('sa', [])).toBe('save ');
    expect(completeCommand('re', [])).toBe('re'); // run, reset, replay: nothing common beyond "re"
    expect(completeCommand('res', [])).toBe('reset');
    expect(completeCommand('design a', ['replicated', 'active-active'])).toBe('design active-active');
    expect(completeCommand('zzz', [])).toBe('zzz');
  });

  it('run from the prompt: Tab completes, Enter asks for the run, unknown ones leave a message', () => {
    const effects: Command[] = [];
    let s = typeText(initialState(loaded), ':de');
    s = press(s, '', TAB);
    expect(s.prompt).toMatchObject({ kind: 'command', text: 'design ' });
    s = typeText(s, 'act');
    s = press(s, '', TAB);
    expect(s.prompt).toMatchObject({ text: 'design active-active' });
    s = press(s, '', ENTER);
    expect(s.replay.design).toBe(1);
    expect(s.columnOffset).toBe(1);
    s = typeText(s, ':run\r', effects);
    s = typeText(s, ':save /tmp/x.yaml\r', effects);
    s = typeText(s, ':q\r', effects);
    expect(effects).toEqual([{ type: 'run' }, { type: 'save', path: '/tmp/x.yaml' }, { type: 'quit' }]);
    s = typeText(s, ':nope\r');
    expect(s.prompt).toBeNull();
    expect(s.message).toMatch(/^Unknown command "nope": try run, save FILE/);
    s = typeText(s, ':design nobody\r');
    expect(s.message).toBe('No design "nobody": replicated, active-active');
  });

  it('w opens :save with a name next to the loaded file', () => {
    const s = press(initialState(loaded), 'w');
    expect(s.prompt).toEqual({ kind: 'command', text: 'save default-whatif.yaml', error: null });
  });
});
