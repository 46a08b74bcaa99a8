import { Box, useApp, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Results } from '../../run/results.js';
import { selectedFault, whatIfsFrom } from '../knobs.js';
import type { ScenarioEntry } from '../scenarios.js';
import type { SimRunner } from '../sim/runner.js';
import { initialState, PANELS, reduce, type AppState, type LoadedScenario } from '../state.js';
import { applyWhatIfs, WhatIfError } from '../whatIf.js';
import { chartsView } from '../views/charts.js';
import { compareView } from '../views/compare.js';
import { fleetView } from '../views/fleet.js';
import { helpView } from '../views/help.js';
import type { Line } from '../views/line.js';
import { eventSteps, replayView } from '../views/replay.js';
import { SCENARIO_HEADER_LINES, scenariosView } from '../views/scenarios.js';
import { whatIfRows, whatIfView } from '../views/whatIf.js';
import { KeyHints, StatusLine, Tabs } from './Frame.js';
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
function body(s: AppState, entries: readonly ScenarioEntry[], width: number, height: number): { lines: Line[]; offset: number } {
  const scroll = (lines: Line[]) => ({ lines, offset: Math.min(s.cursor[s.panel], Math.max(0, lines.length - height)) });
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
        scenario = applyWhatIfs(scenario, record?.whatIfs ?? []);
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

  const startRun = useCallback(
    (s: AppState) => {
      const sc = s.scenario;
      if (!sc) {
        dispatch({ type: 'message', text: 'Load a scenario first (panel 1).' });
        return;
      }
      const whatIfs = whatIfsFrom(sc.knobs, s.knobValues, s.faults);
      let total: number;
      try {
        total = applyWhatIfs(sc.base, whatIfs).run.replications;
      } catch (err) {
        dispatch({ type: 'message', text: err instanceof WhatIfError ? `Cannot apply the what-ifs: ${err.message}` : String(err) });
        return;
      }
      dispatch({ type: 'runStarted', whatIfs, total });
      runner.start(
        { text: sc.text, fileName: sc.path, whatIfs },
        {
          onProgress: (done, t) => dispatch({ type: 'progress', done, total: t }),
          onDone: (outcome) => dispatch({ type: 'runDone', outcome }),
          onError: (message) => dispatch({ type: 'runFailed', message }),
        },
      );
    },
    [runner],
  );

  useEffect(() => {
    if (props.autoRun && props.initial) startRun(ref.current);
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
    const s = ref.current;
    if (s.help) {
      if (input === 'q') return quit();
      dispatch({ type: 'closeHelp' });
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) return quit();
    if (input === '?') return dispatch({ type: 'toggleHelp' });
    if (/^[1-6]$/.test(input)) return dispatch({ type: 'panel', panel: PANELS[Number(input) - 1] });
    if (key.tab) return dispatch({ type: 'cyclePanel', dir: key.shift ? -1 : 1 });
    if (input === 'r') return startRun(s);
    if (input === 'c' || key.escape) {
      if (runner.cancel()) dispatch({ type: 'runCancelled' });
      return;
    }
    if (input === 'e') return exportCurrent(s);
    panelKey(s, input, key);
  });

  function quit(): void {
    runner.cancel();
    app.exit();
  }

  function exportCurrent(s: AppState): void {
    const results = s.current?.outcome.results;
    if (!results) return dispatch({ type: 'message', text: 'Nothing to export yet: run first (r).' });
    dispatch({ type: 'message', text: 'Writing the report…' });
    props.exportReport(results).then(
      (path) => dispatch({ type: 'message', text: `Report written: ${path}` }),
      (err: unknown) => dispatch({ type: 'message', text: `Export failed: ${err instanceof Error ? err.message : String(err)}` }),
    );
  }

  function panelKey(s: AppState, input: string, key: Key): void {
    const up = key.upArrow || input === 'k';
    const down = key.downArrow || input === 'j';
    const left = key.leftArrow || input === 'h' || input === '-';
    const right = key.rightArrow || input === 'l' || input === '+' || input === '=';
    const top = input === 'g' || key.home;
    const bottom = input === 'G' || key.end;
    const lastLine = Math.max(0, view.lines.length - height);

    switch (s.panel) {
      case 'scenarios': {
        const max = entries.length - 1;
        if (up || down) return dispatch({ type: 'move', delta: up ? -1 : 1, max });
        if (top || bottom) return dispatch({ type: 'moveTo', index: top ? 0 : max, max });
        if (key.return && entries[s.cursor.scenarios]) {
          const loaded = props.loadFile(entries[s.cursor.scenarios].path);
          if (typeof loaded === 'string') return dispatch({ type: 'message', text: loaded });
          dispatch({ type: 'load', scenario: loaded });
          startRun(initialState(loaded));
        }
        return;
      }
      case 'whatif': {
        const rows = whatIfRows(s);
        const max = rows.length - 1;
        if (up || down) return dispatch({ type: 'move', delta: up ? -1 : 1, max });
        if (top || bottom) return dispatch({ type: 'moveTo', index: top ? 0 : max, max });
        const row = rows[s.cursor.whatif];
        if (!row || !s.scenario) return;
        if (input === 'X') return dispatch({ type: 'resetAll' });
        if (row.kind === 'knob') {
          if (left || right) return dispatch({ type: 'knob', id: row.id, dir: left ? -1 : 1 });
          if (input === 'x' || key.delete || key.backspace) return dispatch({ type: 'resetKnob', id: row.id });
        } else if (row.kind === 'faultField') {
          if (left || right) return dispatch({ type: 'faultField', field: row.field, dir: left ? -1 : 1 });
          if (key.return) return dispatch({ type: 'addFault', fault: selectedFault(s.scenario.choices, s.faultSel) });
        } else if (row.kind === 'addFault') {
          if (key.return || input === ' ') return dispatch({ type: 'addFault', fault: selectedFault(s.scenario.choices, s.faultSel) });
        } else if (input === 'x' || key.delete || key.backspace) {
          dispatch({ type: 'removeFault', index: row.index });
          if (s.cursor.whatif >= max) dispatch({ type: 'moveTo', index: max - 1, max: max - 1 });
        }
        return;
      }
      case 'replay': {
        const replay = s.current?.outcome.replay;
        if (!replay) return;
        if (input === ' ') return dispatch({ type: 'replayPlay', playing: !s.replay.playing });
        if (input === 'H' || input === 'L') return dispatch({ type: 'replayStep', delta: input === 'H' ? -10 : 10 });
        if (left || right) return dispatch({ type: 'replayStep', delta: left ? -1 : 1 });
        if (top || bottom) return dispatch({ type: 'replayTo', step: top ? 0 : replay.tS.length - 1 });
        if (input === 'd') return dispatch({ type: 'replayDesign' });
        if (input === '[' || input === ']') {
          const steps = eventSteps(replay, s.replay.design);
          const target = input === ']' ? steps.find((k) => k > s.replay.step) : [...steps].reverse().find((k) => k < s.replay.step);
          if (target !== undefined) dispatch({ type: 'replayTo', step: target });
        }
        return;
      }
      case 'compare': {
        const designs = s.current?.outcome.results.designs.length ?? 0;
        if (left || right) return dispatch({ type: 'columns', delta: left ? -1 : 1, max: designs - 1 });
        break;
      }
      default:
        break;
    }
    // Scrolling panels: the cursor is the first visible line.
    if (up || down) dispatch({ type: 'moveTo', index: Math.min(view.offset, lastLine) + (up ? -1 : 1), max: lastLine });
    else if (key.pageUp || key.pageDown) dispatch({ type: 'moveTo', index: view.offset + (key.pageUp ? -height : height), max: lastLine });
    else if (top || bottom) dispatch({ type: 'moveTo', index: top ? 0 : lastLine, max: lastLine });
  }

  return (
    <ThemeContext.Provider value={{ colors: props.colors }}>
      <Box flexDirection="column" width={columns} height={rows}>
        <Tabs panel={state.panel} width={width} />
        <Lines lines={view.lines} offset={view.offset} height={height} width={width} />
        <StatusLine state={state} width={width} />
        <KeyHints panel={state.panel} width={width} />
      </Box>
    </ThemeContext.Provider>
  );
}

