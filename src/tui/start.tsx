import { render } from 'ink';
import { App } from './components/App.js';
import { colorsWanted } from './components/theme.js';
import { exportReport } from './export.js';
import { loadForTui } from './load.js';
import { bundledScenarioDir, discoverScenarios } from './scenarios.js';
import { InlineSimRunner, WorkerSimRunner } from './sim/runner.js';
import type { LoadedScenario } from './state.js';

export interface TuiOptions {
  readonly scenario: LoadedScenario | null;
  readonly replications?: number;
  readonly reportDir: string;
  /** false: simulate in the UI thread (debugging); the UI then freezes during a run. */
  readonly worker: boolean;
}

/** Mount the UI on the terminal and resolve when the user quits. */
export async function startTui(o: TuiOptions): Promise<void> {
  const runner = o.worker ? new WorkerSimRunner() : new InlineSimRunner();
  const entries = discoverScenarios(process.cwd(), bundledScenarioDir());
  const initialKnobs: Record<string, number> = o.replications !== undefined ? { 'run:replications': o.replications } : {};
  const instance = render(
    <App
      runner={runner}
      entries={entries}
      initial={o.scenario}
      autoRun={o.scenario !== null}
      colors={colorsWanted()}
      loadFile={loadForTui}
      exportReport={(r) => exportReport(r, o.reportDir)}
      initialKnobs={initialKnobs}
    />,
    { exitOnCtrlC: false },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    await runner.close();
  }
}
