import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppProps } from '../../../src/tui/components/App.js';
import { runJob } from '../../../src/tui/sim/runJob.js';
import type { SimHandlers, SimRunner } from '../../../src/tui/sim/runner.js';
import type { SimJob, SimOutcome } from '../../../src/tui/sim/types.js';
import type { WhatIf } from '../../../src/tui/whatIf.js';
import { comparable } from '../../../src/tui/save.js';
import { applyWhatIfs } from '../../../src/tui/whatIf.js';
import { scenarioOf, smallDefault } from '../fixture.js';

// chalk decides at import whether it may colour; the test's output is no TTY, so force it to be
// able to, and check that the App itself withholds colour under NO_COLOR.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { App } = await import('../../../src/tui/components/App.js');

const { text, loaded } = smallDefault();
const base = runJob({ id: 0, text, fileName: 'default.yaml', whatIfs: [] }, () => {}, () => 0);
const fewerWeb: WhatIf[] = [{ kind: 'replicas', service: 'web', replicas: 5 }];
const changed = runJob({ id: 0, text, fileName: 'default.yaml', whatIfs: fewerWeb }, () => {}, () => 0);

/** Records jobs; the test decides when (and with what) they finish. */
class FakeRunner implements SimRunner {
  jobs: Omit<SimJob, 'id'>[] = [];
  handlers: SimHandlers | null = null;
  cancels = 0;
  start(job: Omit<SimJob, 'id'>, handlers: SimHandlers): void {
    this.jobs.push(job);
    this.handlers = handlers;
  }
  cancel(): boolean {
    this.cancels++;
    const was = this.handlers !== null;
    this.handlers = null;
    return was;
  }
  async close(): Promise<void> {}
  finish(outcome: SimOutcome): void {
    const h = this.handlers!;
    this.handlers = null;
    h.onDone(outcome);
  }
}

const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));
const ESC = '\u001b';
const KEYS = { down: `${ESC}[B`, up: `${ESC}[A`, right: `${ESC}[C`, left: `${ESC}[D`, enter: '\r' };
/** Any SGR colour code: 30–37, 90–97 (foreground), 38;… (extended). */
const COLOUR = /\u001b\[(3[0-8]|9[0-7])[;m]/;

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
});

function mount(over: Partial<AppProps> = {}) {
  const runner = new FakeRunner();
  const props: AppProps = {
    runner,
    entries: [{ path: 'scenarios/default.yaml', source: 'bundled', name: 'two-regions' }],
    initial: loaded,
    autoRun: true,
    colors: true,
    loadFile: () => loaded,
    exportReport: async () => 'reports/x',
    size: { columns: 80, rows: 24 },
    ...over,
  };
  const ui = render(createElement(App, props));
  cleanups.push(ui.unmount);
  return { ui, runner, frame: () => ui.lastFrame() ?? '' };
}

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('App', () => {
  it('runs the scenario at start, shows progress, then the run comparison table, inside 80×24', async () => {
    const { runner, frame, ui } = mount();
    await tick();
    expect(runner.jobs).toEqual([{ text, fileName: 'default.yaml', whatIfs: [] }]);
    runner.handlers!.onProgress(1, 3);
    await tick();
    expect(plain(frame())).toMatch(/simulating .* 1\/3 replications/);
    runner.finish(base);
    await tick();
    const f = plain(frame());
    expect(f).toContain('[3 Compare]');
    expect(f).toMatch(/availability \(95% CI\)\s+\d+\.\d+% ± /);
    expect(f).toContain('replicated');
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    ui.unmount();
  });

  it('changes a knob with the keyboard, re-runs with it, and shows the change against the previous run', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    ui.stdin.write('jj'); // to "web replicas"
    await tick();
    ui.stdin.write(KEYS.left);
    await tick();
    expect(plain(frame())).toMatch(/web replicas\s+6 → 5/);
    ui.stdin.write('r');
    await tick();
    expect(runner.jobs.at(-1)!.whatIfs).toEqual(fewerWeb);
    runner.finish(changed);
    ui.stdin.write('3');
    await tick();
    const f = plain(frame());
    expect(f).toContain('What-ifs: web replicas = 5');
    expect(f).toContain('Change against the previous run (the file as written)');
    expect(f).toMatch(/Δ availability\s+[−+]?\d/);
  });

  it('cancels a run in progress and keeps the previous results', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('r');
    await tick();
    ui.stdin.write('c');
    await tick();
    expect(runner.handlers).toBeNull();
    expect(plain(frame())).toContain('Run cancelled; the previous results are still shown.');
    expect(plain(frame())).toContain('availability (95% CI)');
  });

  it('shows the help overlay on ?, closes it on any key, and quits on q', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    ui.stdin.write('?');
    await tick();
    expect(plain(frame())).toContain('fleetsim tui: keys');
    for (const l of plain(frame()).split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    // Every key fits in 80×24, down to the last (Replay's) line.
    expect(plain(frame())).toContain('play / pause; d: next design');
    ui.stdin.write('j');
    await tick();
    expect(plain(frame())).not.toContain('fleetsim tui: keys');
    const before = runner.cancels;
    ui.stdin.write('q');
    await tick();
    expect(runner.cancels).toBeGreaterThan(before);
  });

  it('respects NO_COLOR: no colour codes at all, while the cursor stays visible as "›"', async () => {
    const coloured = mount();
    await tick();
    coloured.runner.finish(base);
    await tick();
    coloured.ui.stdin.write('5');
    await tick();
    expect(coloured.frame()).toMatch(COLOUR);
    const mono = mount({ colors: false });
    await tick();
    mono.runner.finish(base);
    await tick();
    mono.ui.stdin.write('5');
    await tick();
    expect(mono.frame()).not.toMatch(COLOUR);
    expect(mono.frame()).toContain('›eu-1/general nodes');
  });

  it('fits a resized terminal', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    const props = (size: { columns: number; rows: number }) =>
      createElement(App, { runner, entries: [], initial: loaded, autoRun: false, colors: false, loadFile: () => loaded, exportReport: async () => '', size });
    ui.rerender(props({ columns: 60, rows: 12 }));
    await tick();
    const lines = plain(frame()).split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('picks a scenario: Enter loads it and runs it', async () => {
    const opened: string[] = [];
    const { ui, runner, frame } = mount({ initial: null, autoRun: false, loadFile: (p) => (opened.push(p), loaded) });
    await tick();
    expect(plain(frame())).toContain('two-regions');
    expect(runner.jobs).toEqual([]);
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(opened).toEqual(['scenarios/default.yaml']);
    expect(runner.jobs).toHaveLength(1);
  });

  it('replays the fault: steps forward and back, and the fleet view follows the replay clock', async () => {
    const withFault = runJob(
      { id: 0, text, fileName: 'default.yaml', whatIfs: [{ kind: 'fault', fault: { atS: 20 * 86_400, forS: 7200, target: { kind: 'region', region: 'us-east-1' } } }] },
      () => {},
      () => 0,
    );
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(withFault);
    ui.stdin.write('6');
    await tick();
    expect(plain(frame())).toContain('region us-east-1 (scripted) at d20 00:00:00');
    expect(plain(frame())).toContain('Failed now: nothing');
    ui.stdin.write('l');
    await tick();
    expect(plain(frame())).toContain('Failed now: region us-east-1');
    ui.stdin.write('2');
    await tick();
    expect(plain(frame())).toMatch(/us-1\s+k8s 1\.31, managed eks-standard \[DOWN\]/);
    // One key per frame: a loaded machine must not merge them.
    ui.stdin.write('6');
    await tick();
    ui.stdin.write(KEYS.left);
    await tick();
    ui.stdin.write('2');
    await tick();
    expect(plain(frame())).not.toContain('[DOWN]');
  });

  it('exports the current comparison and says where', async () => {
    const exported: string[] = [];
    const { ui, runner, frame } = mount({ autoRun: false, exportReport: async (r) => (exported.push(r.scenario.name), 'reports/two-regions-x') });
    await tick();
    ui.stdin.write('e');
    await tick();
    expect(plain(frame())).toContain('Nothing to export yet');
    ui.stdin.write('r');
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('e');
    await tick();
    expect(exported).toEqual(['two-regions']);
    expect(plain(frame())).toContain('Report written: reports/two-regions-x');
  });
});

describe('App, as k9s users expect', () => {
  const BACKSPACE = '\u007f';

  it('Esc goes back to the previous panel and does not cancel a run; c does', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    ui.stdin.write('r');
    await tick();
    expect(plain(frame())).toMatch(/c cancel run/);
    ui.stdin.write(ESC);
    await tick();
    expect(plain(frame())).toContain('[3 Compare]');
    expect(runner.handlers).not.toBeNull();
    ui.stdin.write('c');
    await tick();
    expect(runner.handlers).toBeNull();
    expect(plain(frame())).toContain('Run cancelled');
  });

  it('types an exact value: accepted with its unit, refused inline with what was expected', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    ui.stdin.write('jj');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(plain(frame())).toMatch(/web replicas: 6 +\(a replica count, 1…1000; Enter sets, Esc cancels\)/);
    ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write('x9');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(plain(frame())).toContain('✗ expected a whole number from 1 to 1000, got "x9"');
    ui.stdin.write(BACKSPACE);
    ui.stdin.write(BACKSPACE);
    await tick();
    ui.stdin.write('3');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(plain(frame())).toMatch(/web replicas\s+6 → 3/);
    ui.stdin.write('r');
    await tick();
    expect(runner.jobs.at(-1)!.whatIfs).toEqual([{ kind: 'replicas', service: 'web', replicas: 3 }]);
  });

  it('/ filters the rows of the panel as you type; Esc brings them all back', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    expect(plain(frame())).toContain('catalog replicas');
    ui.stdin.write('/');
    await tick();
    ui.stdin.write('ttl');
    await tick();
    const f = plain(frame());
    expect(f).toContain('/ttl: 2 of');
    expect(f).toContain('replicated DNS TTL');
    expect(f).not.toContain('catalog replicas');
    ui.stdin.write(KEYS.enter);
    await tick();
    ui.stdin.write(ESC);
    await tick();
    expect(plain(frame())).toContain('catalog replicas');
  });

  it(': commands: completion, :design, an unknown command, :q', async () => {
    const { ui, runner, frame } = mount();
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write(':');
    await tick();
    ui.stdin.write('ch');
    await tick();
    ui.stdin.write('\t');
    await tick();
    expect(plain(frame())).toMatch(/:charts/);
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(plain(frame())).toContain('[4 Charts]');
    ui.stdin.write(':bogus');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(plain(frame())).toContain('Unknown command "bogus"');
    ui.stdin.write(':run');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(runner.jobs).toHaveLength(2);
    const before = runner.cancels;
    ui.stdin.write(':q');
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick();
    expect(runner.cancels).toBeGreaterThan(before);
  });

  it('shows Δ cost, availability and p99 per design against the file as loaded, next to the knobs', async () => {
    const { ui, runner, frame } = mount({ size: { columns: 120, rows: 30 } });
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    expect(plain(frame())).toContain('Δ vs the file as loaded: change a value');
    ui.stdin.write('jj');
    ui.stdin.write(KEYS.left);
    await tick();
    ui.stdin.write('r');
    await tick();
    runner.finish(changed);
    await tick();
    const f = plain(frame());
    expect(f).toContain('Δ vs the file as loaded (last run: web replicas = 5):');
    for (const d of changed.results.designs) {
      const from = base.results.designs.find((x) => x.name === d.name)!.cost!.monthlyUsd.mean!;
      const to = d.cost!.monthlyUsd.mean!;
      const delta = to - from;
      const money = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      const sign = delta > 0.005 ? '+' : delta < -0.005 ? '−' : '±';
      const row = f.split('\n').find((l) => l.includes(`  ${d.name} `) && l.includes('→'))!;
      expect(row).toContain(`${money(from)} → ${money(to)} (${sign}${money(Math.abs(delta))}/mo)`);
      expect(row).toMatch(/avail [−+]?\d/);
    }
  });

  it(':save FILE writes the what-if as a scenario that parses back to exactly the what-if', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-tui-save-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { ui, runner, frame } = mount({ size: { columns: 160, rows: 30 } });
    await tick();
    runner.finish(base);
    await tick();
    ui.stdin.write('5');
    await tick();
    ui.stdin.write('jj');
    ui.stdin.write(KEYS.left);
    await tick();
    const out = join(dir, 'what-if.yaml');
    ui.stdin.write(`:save ${out}`);
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick(100);
    expect(plain(frame())).toContain(`Saved the what-ifs as a scenario: ${out}`);
    const saved = scenarioOf(readFileSync(out, 'utf8'), out);
    expect(comparable(saved)).toEqual(comparable(applyWhatIfs(loaded.base, fewerWeb)));
    // Never over an existing file.
    ui.stdin.write(`:save ${out}`);
    await tick();
    ui.stdin.write(KEYS.enter);
    await tick(100);
    expect(plain(frame())).toContain('Not saved:');
  });
});
