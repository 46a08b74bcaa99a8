import { describe, expect, it } from 'vitest';
import { EFFECT_TYPES, interpretKey, NO_KEY, splitKeys, type KeyContext } from '../../src/tui/keys.js';
import { initialState, reduce, type AppState } from '../../src/tui/state.js';
import { whatIfRows } from '../../src/tui/views/whatIf.js';
import { smallDefault } from './fixture.js';

const { loaded } = smallDefault();
const ctx: KeyContext = { scenarioPaths: ['a.yaml', 'b.yaml'], lineCount: 50, offset: 0, height: 20 };
const press = (s: AppState, input: string, key = NO_KEY) => interpretKey(s, input, key, ctx);
/** Apply keys the way the App does (effects left out). */
function type(s: AppState, keys: string): AppState {
  for (const k of splitKeys(keys, NO_KEY)) for (const c of interpretKey(s, k.input, k.key, ctx)) if (!EFFECT_TYPES.has(c.type)) s = reduce(s, c as never);
  return s;
}

describe('key bindings', () => {
  it('split a burst of typed keys into single keys', () => {
    expect(splitKeys('jjh', NO_KEY).map((k) => k.input)).toEqual(['j', 'j', 'h']);
    expect(splitKeys('a\r', NO_KEY)[1].key.return).toBe(true);
    // tmux sends BSpace and the next key in one burst: DEL must still erase.
    expect(splitKeys('1\u007fx', NO_KEY).map((k) => [k.input, k.key.backspace])).toEqual([['1', false], ['', true], ['x', false]]);
    expect(splitKeys('j', NO_KEY)).toHaveLength(1);
  });

  it('have global keys in every panel', () => {
    const s = initialState(loaded);
    expect(press(s, 'q')).toEqual([{ type: 'quit' }]);
    expect(press(s, 'c', { ...NO_KEY, ctrl: true })).toEqual([{ type: 'quit' }]);
    expect(press(s, 'r')).toEqual([{ type: 'run' }]);
    expect(press(s, 'c')).toEqual([{ type: 'cancel' }]);
    // Esc goes back, as in k9s; it no longer cancels a run.
    expect(press(s, '', { ...NO_KEY, escape: true })).toEqual([{ type: 'back' }]);
    expect(press(s, 'e')).toEqual([{ type: 'export' }]);
    expect(press(s, '4')).toEqual([{ type: 'panel', panel: 'charts' }]);
    expect(press(s, '', { ...NO_KEY, tab: true, shift: true })).toEqual([{ type: 'cyclePanel', dir: -1 }]);
    // With help open any key closes it, and q still quits.
    const help = reduce(s, { type: 'toggleHelp' });
    expect(press(help, 'j')).toEqual([{ type: 'closeHelp' }]);
    expect(press(help, 'q')).toEqual([{ type: 'quit' }]);
  });

  it('treat vim keys and arrows alike', () => {
    const s = reduce(initialState(loaded), { type: 'panel', panel: 'whatif' });
    expect(press(s, 'j')).toEqual(press(s, '', { ...NO_KEY, downArrow: true }));
    expect(press(s, 'l')).toEqual(press(s, '', { ...NO_KEY, rightArrow: true }));
    expect(press(s, 'h')).toEqual(press(s, '', { ...NO_KEY, leftArrow: true }));
  });

  it('change a knob in the what-if panel: "jjhh" takes web replicas from 6 to 4', () => {
    let s = reduce(initialState(loaded), { type: 'panel', panel: 'whatif' });
    s = type(s, 'jjhh');
    expect(whatIfRows(s)[s.cursor.whatif]).toEqual({ kind: 'knob', id: 'replicas:web' });
    expect(s.knobValues).toEqual({ 'replicas:web': 4 });
    s = type(s, 'x');
    expect(s.knobValues).toEqual({});
  });

  it('build and add a fault, then remove it', () => {
    let s = reduce(initialState(loaded), { type: 'panel', panel: 'whatif' });
    const rows = whatIfRows(s);
    s = reduce(s, { type: 'moveTo', index: rows.findIndex((r) => r.kind === 'faultField'), max: rows.length - 1 });
    s = type(s, 'l'); // kind: zone → region
    s = type(s, 'G'); // to the add row
    expect(whatIfRows(s)[s.cursor.whatif].kind).toBe('addFault');
    for (const c of press(s, '\r', { ...NO_KEY, return: true })) s = reduce(s, c as never);
    expect(s.faults).toHaveLength(1);
    expect(s.faults[0].target.kind).toBe('region');
    s = type(s, 'Gx');
    expect(s.faults).toEqual([]);
    expect(s.cursor.whatif).toBe(whatIfRows(s).length - 1);
  });

  it('open the scenario under the cursor', () => {
    const s = initialState();
    expect(press(s, '', { ...NO_KEY, return: true })).toEqual([{ type: 'open', path: 'a.yaml' }]);
    expect(press(type(s, 'j'), '', { ...NO_KEY, return: true })).toEqual([{ type: 'open', path: 'b.yaml' }]);
  });

  it('scroll the scrolling panels within their content', () => {
    const s = reduce(initialState(loaded), { type: 'panel', panel: 'compare' });
    expect(press(s, 'G')).toEqual([{ type: 'moveTo', index: 30, max: 30 }]);
    expect(press(s, 'j')).toEqual([{ type: 'moveTo', index: 1, max: 30 }]);
  });
});
