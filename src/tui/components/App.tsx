import { Box, useApp, useInput, useStdout, type Key } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { Results } from '../../run/results.js';
import { defaultSavePath, EFFECT_TYPES, interpretKey, splitKeys, type Effect } from '../keys.js';
import { matchesFilter } from '../filter.js';
import { saveScenarioFile } from '../save.js';
import { whatIfsFrom } from '../knobs.js';
import type { ScenarioEntry } from '../scenarios.js';
import type { SimRunner } from '../sim/runner.js';
import { initialState, reduce, type Action, type AppState, type LoadedScenario } from '../state.js';
import { WhatIfError } from '../whatIf.js';
import { resolveWhatIfs } from '../docWhatIf.js';
import { chartsView } from '../views/charts.js';
import { compareView } from '../views/compare.js';
import { fleetView } from '../views/fleet.js';
import { helpView } from '../views/help.js';
import type { Line } from '../views/line.js';
import { replayView } from '../views/replay.js';
import { SCENARIO_HEADER_LINES, scenariosView } from '../views/scenarios.js';
import { whatIfView } from '../views/whatIf.js';
import { KeyHints, PromptLine, StatusLine, Tabs } from './Frame.js';
import { follow, Lines } from './Lines.js';
import { ThemeContext } from './theme.js';

export interface AppProps {
  readonly runner: SimRunner;
  readonly entries: readonly ScenarioEntry[];
  readonly initial: LoadedScenario | null;
  /** Run the initial scenario at once. */
  readonly autoRun: boolean;
  readonly colors: boolean;
  /** Load a scenario file: the loaded scenario, or an error message for the status line. */
  readonly loadFile: (path: string) => LoadedScenario | string;
  /** Write a report folder; resolves to its path. */
  readonly exportReport: (results: Results) => Promise<string>;
  /** Fixed terminal size (tests); otherwise the terminal's, following resizes. */
  readonly size?: { readonly columns: number; readonly rows: number };
  readonly initialKnobs?: Readonly<Record<string, number | string>>;
  /** Milliseconds between replay steps while playing. */
  readonly playIntervalMs?: number;
}

function isEffect(c: { type: string }): c is Effect {
  return EFFECT_TYPES.has(c.type);
}

/** The scenario list narrowed by the Scenarios panel's `/` filter. */
function shownEntries(s: AppState, entries: readonly ScenarioEntry[]): readonly ScenarioEntry[] {
  const f = s.filter.scenarios;
  return f === '' ? entries : entries.filter((e) => matchesFilter(`${e.name} ${e.path}`, f));
}

function useTerminalSize(fixed: AppProps['size']): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** The lines of the active panel and the first one to show. */
function body(s: AppState, allEntries: readonly ScenarioEntry[], width: number, height: number): { lines: Line[]; offset: number } {
  const f = s.filter[s.panel];
  // Scrolling panels: the filter keeps the lines that contain it.
  const scroll = (all: Line[]) => {
    const lines = f === '' ? all : [{ text: `/${f}: lines that contain it (Esc shows all)`, tone: 'warn' as const }, ...all.filter((l) => matchesFilter(l.text, f))];
    return { lines, offset: Math.min(s.cursor[s.panel], Math.max(0, lines.length - height)) };
  };
  const entries = shownEntries(s, allEntries);
  if (s.help) return { lines: helpView(width), offset: 0 };
  const record = s.current;
  const replay = record?.outcome.replay ?? null;
  switch (s.panel) {
    case 'scenarios': {
      const lines = scenariosView(entries, s.cursor.scenarios, s.scenario?.path ?? null);
      return { lines, offset: follow(SCENARIO_HEADER_LINES + s.cursor.scenarios, height, lines.length) };
    }
    case 'fleet': {
      if (!s.scenario) return scroll([{ text: 'Load a scenario first (panel 1).', tone: 'dim' }]);
      let scenario = s.scenario.base;
      try {
        scenario = resolveWhatIfs(s.scenario.text, s.scenario.path, scenario, record?.whatIfs ?? []);
      } catch {
        // The file's fleet is still worth showing.
      }
      return scroll(fleetView(scenario, replay, s.replay.step, width));
    }
    case 'compare':
      return scroll(compareView(record, s.previous, width, s.columnOffset));
    case 'charts':
      return scroll(chartsView(record?.outcome.results ?? null, replay, width));
    case 'whatif': {
      const v = whatIfView(s);
      return { lines: v.lines, offset: follow(v.rowLine[s.cursor.whatif] ?? 0, height, v.lines.length) };
    }
    case 'replay':
      return { lines: replayView(replay, s.replay.step, s.replay.design, s.replay.playing, width, height), offset: 0 };
  }
}

export function App(props: AppProps) {
  const { runner, entries } = props;
  const app = useApp();
  const { columns, rows } = useTerminalSize(props.size);
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(props.initial, props.initialKnobs ?? {}));
  const ref = useRef(state);
  ref.current = state;
  const width = Math.max(20, columns - 1);
  const height = Math.max(3, rows - 3);

  /** Starts a run of `s`'s scenario with its what-ifs; returns the state changes to apply. */
  function startRun(s: AppState): Action[] {
    const sc = s.scenario;
    if (!sc) return [{ type: 'message', text: 'Load a scenario first (panel 1).' }];
    const whatIfs = whatIfsFrom(sc.knobs, s.knobValues, s.faults);
    let total: number;
    try {
      // Instance types and meshes are parsed with the file here, so a file they break is refused before the worker starts.
      total = resolveWhatIfs(sc.text, sc.path, sc.base, whatIfs).run.replications;
    } catch (err) {
      return [{ type: 'message', text: err instanceof WhatIfError ? `Cannot apply the what-ifs: ${err.message}` : String(err) }];
    }
    runner.start(
      { text: sc.text, fileName: sc.path, whatIfs },
      {
        onProgress: (done, t) => dispatch({ type: 'progress', done, total: t }),
        onDone: (outcome) => dispatch({ type: 'runDone', outcome }),
        onError: (message) => dispatch({ type: 'runFailed', message }),
      },
    );
    return [{ type: 'runStarted', whatIfs, total }];
  }

  /** Do what only the App can do; returns the state changes that follow. */
  function perform(e: Effect, s: AppState): Action[] {
    switch (e.type) {
      case 'run':
        return startRun(s);
      case 'cancel':
        return runner.cancel() ? [{ type: 'runCancelled' }] : [{ type: 'message', text: 'No run in progress (Esc goes back, q quits).' }];
      case 'save': {
        const sc = s.scenario;
        if (!sc) return [{ type: 'message', text: 'Load a scenario first (panel 1).' }];
        const path = e.path ?? defaultSavePath(sc.path);
        const r = saveScenarioFile(path, sc.text, sc.path, sc.base, whatIfsFrom(sc.knobs, s.knobValues, s.faults));
        return [{ type: 'message', text: r.ok ? `Saved the what-ifs as a scenario: ${r.path} (fleetsim check ${r.path})` : `Not saved: ${r.message}` }];
      }
      case 'quit':
        runner.cancel();
        app.exit();
        return [];
      case 'export': {
        const results = s.current?.outcome.results;
        if (!results) return [{ type: 'message', text: 'Nothing to export yet: run first (r).' }];
        props.exportReport(results).then(
          (path) => dispatch({ type: 'message', text: `Report written: ${path}` }),
          (err: unknown) => dispatch({ type: 'message', text: `Export failed: ${err instanceof Error ? err.message : String(err)}` }),
        );
        return [{ type: 'message', text: 'Writing the report…' }];
      }
      case 'open': {
        const loaded = props.loadFile(e.path);
        if (typeof loaded === 'string') return [{ type: 'message', text: loaded }];
        const load: Action = { type: 'load', scenario: loaded };
        return [load, ...startRun(reduce(s, load))];
      }
    }
  }

  useEffect(() => {
    if (props.autoRun && props.initial) {
      const actions = startRun(ref.current);
      actions.forEach(dispatch);
    }
    return () => {
      runner.cancel();
    };
  }, []);

  useEffect(() => {
    if (!state.replay.playing) return;
    const timer = setInterval(() => dispatch({ type: 'replayStep', delta: 1 }), props.playIntervalMs ?? 100);
    return () => clearInterval(timer);
  }, [state.replay.playing, props.playIntervalMs]);

  const view = body(state, entries, width, height);

  useInput((input: string, key: Key) => {
    // Apply each key to the state the previous one left, even before React re-renders.
    let s = ref.current;
    for (const k of splitKeys(input, key)) {
      const v = body(s, entries, width, height);
      const paths = shownEntries(s, entries).map((e) => e.path);
      for (const cmd of interpretKey(s, k.input, k.key, { scenarioPaths: paths, lineCount: v.lines.length, offset: v.offset, height })) {
        const actions = isEffect(cmd) ? perform(cmd, s) : [cmd];
        for (const a of actions) {
          s = reduce(s, a);
          dispatch(a);
        }
      }
    }
    ref.current = s;
  });

  return (
    <ThemeContext.Provider value={{ colors: props.colors }}>
      <Box flexDirection="column" width={columns} height={rows}>
        <Tabs panel={state.panel} width={width} />
        <Lines lines={view.lines} offset={view.offset} height={height} width={width} />
        {state.prompt ? <PromptLine prompt={state.prompt} width={width} /> : <StatusLine state={state} width={width} />}
        <KeyHints state={state} width={width} />
      </Box>
    </ThemeContext.Provider>
  );
}

