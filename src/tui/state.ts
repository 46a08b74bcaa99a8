import type { Scenario, ScriptedFault } from '../scenario/types.js';
import { faultChoices, initialSelection, knobsFor, knobValue, stepSelection, withFaultTime, type FaultChoices, type FaultSelection, type Knob, type KnobValue, type KnobValues } from './knobs.js';
import type { SimOutcome } from './sim/types.js';
import type { WhatIf } from './whatIf.js';

/**
 * Everything the terminal UI shows, as one plain object changed only by `reduce`. Side effects
 * (simulate, export, quit) are the App component's; this module is pure and tested on its own.
 */
export const PANELS = ['scenarios', 'fleet', 'compare', 'charts', 'whatif', 'replay'] as const;
export type Panel = (typeof PANELS)[number];
export const PANEL_TITLES: Readonly<Record<Panel, string>> = { scenarios: 'Scenarios', fleet: 'Fleet', compare: 'Compare', charts: 'Charts', whatif: 'What-if', replay: 'Replay' };

export interface LoadedScenario {
  readonly path: string;
  readonly text: string;
  readonly base: Scenario;
  readonly knobs: readonly Knob[];
  readonly choices: FaultChoices;
}

export type RunStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly total: number; readonly whatIfs: readonly WhatIf[] }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'cancelled' };

export interface RunRecord {
  readonly outcome: SimOutcome;
  readonly whatIfs: readonly WhatIf[];
}

/**
 * A one-line input at the bottom, as in k9s: a knob's exact value, a `/` filter, or a `:` command.
 * While it is open every key edits it; Enter submits, Esc closes it.
 */
export type Prompt =
  | { readonly kind: 'value'; readonly target: { readonly knob: string } | { readonly fault: 'at' | 'for' }; readonly label: string; readonly expects: string; readonly text: string; readonly error: string | null }
  | { readonly kind: 'filter'; readonly text: string }
  | { readonly kind: 'command'; readonly text: string; readonly error: string | null };

/** Panels visited before this one, most recent last (Esc goes back through them). */
const HISTORY_MAX = 32;

export interface AppState {
  readonly panel: Panel;
  readonly history: readonly Panel[];
  readonly prompt: Prompt | null;
  /** `/` filter per panel: lines (or rows) whose text contains it, case-insensitively; '' shows all. */
  readonly filter: Readonly<Record<Panel, string>>;
  /** The latest run of the file as loaded (no what-if but replications): what Δ cost is measured against. */
  readonly baseline: RunRecord | null;
  readonly help: boolean;
  readonly scenario: LoadedScenario | null;
  readonly knobValues: KnobValues;
  readonly faults: readonly ScriptedFault[];
  readonly faultSel: FaultSelection;
  /** Selected row (lists) or first visible line (scrolling panels), per panel. */
  readonly cursor: Readonly<Record<Panel, number>>;
  /** Compare panel: first design column shown (narrow terminals). */
  readonly columnOffset: number;
  readonly run: RunStatus;
  readonly current: RunRecord | null;
  readonly previous: RunRecord | null;
  readonly replay: { readonly step: number; readonly playing: boolean; readonly design: number };
  readonly message: string;
}

export type Action =
  | { readonly type: 'panel'; readonly panel: Panel }
  | { readonly type: 'cyclePanel'; readonly dir: 1 | -1 }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'closeHelp' }
  | { readonly type: 'load'; readonly scenario: LoadedScenario }
  | { readonly type: 'move'; readonly delta: number; readonly max: number }
  | { readonly type: 'moveTo'; readonly index: number; readonly max: number }
  | { readonly type: 'columns'; readonly delta: number; readonly max: number }
  | { readonly type: 'knob'; readonly id: string; readonly dir: 1 | -1 }
  | { readonly type: 'resetKnob'; readonly id: string }
  | { readonly type: 'faultField'; readonly field: keyof FaultSelection; readonly dir: 1 | -1 }
  | { readonly type: 'addFault'; readonly fault: ScriptedFault }
  | { readonly type: 'removeFault'; readonly index: number }
  | { readonly type: 'resetAll' }
  | { readonly type: 'runStarted'; readonly whatIfs: readonly WhatIf[]; readonly total: number }
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'runDone'; readonly outcome: SimOutcome }
  | { readonly type: 'runFailed'; readonly message: string }
  | { readonly type: 'runCancelled' }
  | { readonly type: 'replayStep'; readonly delta: number }
  | { readonly type: 'replayTo'; readonly step: number }
  | { readonly type: 'replayPlay'; readonly playing: boolean }
  | { readonly type: 'replayDesign' }
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'back' }
  | { readonly type: 'openPrompt'; readonly prompt: Prompt }
  | { readonly type: 'promptText'; readonly text: string }
  | { readonly type: 'promptError'; readonly message: string }
  | { readonly type: 'closePrompt' }
  | { readonly type: 'setKnob'; readonly id: string; readonly value: KnobValue }
  | { readonly type: 'setFaultTime'; readonly field: 'at' | 'for'; readonly seconds: number }
  | { readonly type: 'setFilter'; readonly text: string }
  | { readonly type: 'selectDesign'; readonly index: number };

const zeroCursor = Object.fromEntries(PANELS.map((p) => [p, 0])) as Record<Panel, number>;
const noFilter = Object.fromEntries(PANELS.map((p) => [p, ''])) as Record<Panel, string>;

export function initialState(scenario: LoadedScenario | null = null, knobValues: KnobValues = {}): AppState {
  return {
    panel: scenario ? 'compare' : 'scenarios',
    history: [],
    prompt: null,
    filter: noFilter,
    baseline: null,
    help: false,
    scenario,
    knobValues,
    faults: [],
    faultSel: scenario ? initialSelection(scenario.choices) : { kind: 0, target: 0, at: 0, for: 0 },
    cursor: zeroCursor,
    columnOffset: 0,
    run: { kind: 'idle' },
    current: null,
    previous: null,
    replay: { step: 0, playing: false, design: 0 },
    message: scenario ? '' : 'Pick a scenario and press Enter.',
  };
}

export function loadedScenario(path: string, text: string, base: Scenario): LoadedScenario {
  return { path, text, base, knobs: knobsFor(base), choices: faultChoices(base) };
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

function replaySteps(s: AppState): number {
  return s.current?.outcome.replay?.tS.length ?? 0;
}

/** Show `panel`, remembering the one left so Esc can return to it. */
function goTo(s: AppState, panel: Panel): AppState {
  if (panel === s.panel) return { ...s, help: false };
  return { ...s, panel, help: false, history: [...s.history, s.panel].slice(-HISTORY_MAX) };
}

/** A run of the file as loaded: nothing changed but how many replications it took. */
export function isBaseline(r: RunRecord): boolean {
  return r.whatIfs.every((w) => w.kind === 'replications');
}

function setKnob(s: AppState, id: string, value: KnobValue): AppState {
  const k = s.scenario?.knobs.find((x) => x.id === id);
  if (!k) return s;
  const values = { ...s.knobValues };
  if (value === k.base) delete values[k.id];
  else values[k.id] = value;
  return { ...s, knobValues: values };
}

export function reduce(s: AppState, a: Action): AppState {
  switch (a.type) {
    case 'panel':
      return goTo(s, a.panel);
    case 'cyclePanel': {
      const i = PANELS.indexOf(s.panel);
      return goTo(s, PANELS[(i + a.dir + PANELS.length) % PANELS.length]);
    }
    case 'back': {
      // Esc, as in k9s: close what is open, innermost first, then return to the previous view.
      if (s.prompt !== null) return reduce(s, { type: 'closePrompt' });
      if (s.help) return { ...s, help: false };
      if (s.filter[s.panel] !== '') return { ...s, filter: { ...s.filter, [s.panel]: '' }, cursor: { ...s.cursor, [s.panel]: 0 } };
      const previous = s.history.at(-1);
      if (previous === undefined) return { ...s, message: 'Nothing to go back to (q quits, c cancels a run).' };
      return { ...s, panel: previous, history: s.history.slice(0, -1) };
    }
    case 'openPrompt':
      return { ...s, prompt: a.prompt, help: false };
    case 'promptText':
      if (s.prompt === null) return s;
      if (s.prompt.kind === 'filter') return { ...s, prompt: { ...s.prompt, text: a.text }, filter: { ...s.filter, [s.panel]: a.text }, cursor: { ...s.cursor, [s.panel]: 0 } };
      return { ...s, prompt: { ...s.prompt, text: a.text, error: null } };
    case 'promptError':
      return s.prompt !== null && s.prompt.kind !== 'filter' ? { ...s, prompt: { ...s.prompt, error: a.message } } : s;
    case 'closePrompt':
      // Esc on an open filter drops it too: the list comes back whole.
      if (s.prompt?.kind === 'filter') return { ...s, prompt: null, filter: { ...s.filter, [s.panel]: '' } };
      return { ...s, prompt: null };
    case 'setFilter':
      return { ...s, prompt: null, filter: { ...s.filter, [s.panel]: a.text }, cursor: { ...s.cursor, [s.panel]: 0 } };
    case 'setKnob':
      return setKnob(s, a.id, a.value);
    case 'setFaultTime': {
      if (!s.scenario) return s;
      const next = withFaultTime(s.scenario.choices, s.faultSel, a.field, a.seconds);
      return { ...s, scenario: { ...s.scenario, choices: next.choices }, faultSel: next.sel };
    }
    case 'selectDesign':
      return { ...s, replay: { ...s.replay, design: a.index }, columnOffset: a.index };
    case 'toggleHelp':
      return { ...s, help: !s.help };
    case 'closeHelp':
      return { ...s, help: false };
    case 'load':
      // A new scenario: what-ifs and runs of the old one no longer mean anything.
      return { ...initialState(a.scenario), message: `Loaded ${a.scenario.path}` };
    case 'move':
      return { ...s, cursor: { ...s.cursor, [s.panel]: clamp(s.cursor[s.panel] + a.delta, 0, Math.max(0, a.max)) } };
    case 'moveTo':
      return { ...s, cursor: { ...s.cursor, [s.panel]: clamp(a.index, 0, Math.max(0, a.max)) } };
    case 'columns':
      return { ...s, columnOffset: clamp(s.columnOffset + a.delta, 0, Math.max(0, a.max)) };
    case 'knob': {
      const k = s.scenario?.knobs.find((x) => x.id === a.id);
      if (!k) return s;
      return setKnob(s, k.id, k.step(knobValue(k, s.knobValues), a.dir));
    }
    case 'resetKnob': {
      const values = { ...s.knobValues };
      delete values[a.id];
      return { ...s, knobValues: values };
    }
    case 'faultField':
      return s.scenario ? { ...s, faultSel: stepSelection(s.scenario.choices, s.faultSel, a.field, a.dir) } : s;
    case 'addFault':
      return { ...s, faults: [...s.faults, a.fault], message: 'Fault added: press r to re-run.' };
    case 'removeFault':
      return { ...s, faults: s.faults.filter((_, i) => i !== a.index) };
    case 'resetAll':
      return { ...s, knobValues: {}, faults: [], message: 'Every what-if reset to the file.' };
    case 'runStarted':
      return { ...s, run: { kind: 'running', done: 0, total: a.total, whatIfs: a.whatIfs }, message: '' };
    case 'progress':
      return s.run.kind === 'running' ? { ...s, run: { ...s.run, done: a.done, total: a.total } } : s;
    case 'runDone': {
      if (s.run.kind !== 'running') return s;
      const record: RunRecord = { outcome: a.outcome, whatIfs: s.run.whatIfs };
      const steps = a.outcome.replay?.tS.length ?? 0;
      // Start the replay just before the fault, where the story begins.
      const focus = a.outcome.replay ? a.outcome.replay.tS.findIndex((t) => t >= a.outcome.replay!.focus.startS) : 0;
      return {
        ...s,
        run: { kind: 'idle' },
        previous: s.current,
        current: record,
        baseline: isBaseline(record) ? record : s.baseline,
        replay: { step: clamp(focus > 0 ? focus - 1 : 0, 0, Math.max(0, steps - 1)), playing: false, design: Math.min(s.replay.design, a.outcome.results.designs.length - 1) },
        message: `Done: ${a.outcome.results.run.replications} replications in ${(a.outcome.elapsedMs / 1000).toFixed(1)} s.`,
      };
    }
    case 'runFailed':
      return { ...s, run: { kind: 'error', message: a.message }, message: `Run failed: ${a.message.split('\n')[0]}` };
    case 'runCancelled':
      return s.run.kind === 'running' ? { ...s, run: { kind: 'cancelled' }, message: 'Run cancelled; the previous results are still shown.' } : s;
    case 'replayStep': {
      const n = replaySteps(s);
      if (n === 0) return s;
      const step = clamp(s.replay.step + a.delta, 0, n - 1);
      return { ...s, replay: { ...s.replay, step, playing: s.replay.playing && step < n - 1 } };
    }
    case 'replayTo':
      return { ...s, replay: { ...s.replay, step: clamp(a.step, 0, Math.max(0, replaySteps(s) - 1)) } };
    case 'replayPlay':
      return replaySteps(s) > 0 ? { ...s, replay: { ...s.replay, playing: a.playing } } : s;
    case 'replayDesign': {
      const n = s.current?.outcome.results.designs.length ?? 1;
      return { ...s, replay: { ...s.replay, design: (s.replay.design + 1) % n } };
    }
    case 'message':
      return { ...s, message: a.text };
  }
}
