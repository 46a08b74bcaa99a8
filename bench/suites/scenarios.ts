import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { round } from '../measure.js';
import { alternate, fleetsim, summary } from '../processRuns.js';
import type { BenchOptions, Row, Suite, SuiteResult } from '../types.js';

/** What a bundled scenario asks of a run: its designs and replications (from the YAML as written). */
function shapeOf(path: string): { designs: number; replications: number; horizon: string } {
  const doc = parse(readFileSync(path, 'utf8')) as { designs?: unknown[]; run?: { replications?: number; horizon?: string } };
  return { designs: doc.designs?.length ?? 0, replications: doc.run?.replications ?? 0, horizon: doc.run?.horizon ?? '' };
}

/**
 * Every bundled scenario run as a user runs it (`fleetsim run scenarios/X.yaml`), in one thread and
 * without the report folder, so the figures are the simulation's, not the pool's or vega's: the
 * speed users feel beyond the main job, which issue 18 names (edge-stores took three times its time
 * until its async queues' quiet days repeated). No targets: a scenario's size is its author's choice.
 */
export const scenariosSuite: Suite = {
  name: 'scenarios',
  description: 'Every bundled scenario: `fleetsim run scenarios/X.yaml --workers 0 --no-report`, wall and CPU of fresh processes',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, repoRoot } = options;
    const log = (line: string) => options.log(`scenarios: ${line}`);
    const repeats = quick ? 1 : 3;
    const files = readdirSync(join(repoRoot, 'scenarios'))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    const cases = files.map((f) => ['run', `scenarios/${f}`, '--workers', '0', '--no-report']);
    const timings = alternate(cases, repeats, (args) => fleetsim(repoRoot, args), log).map(summary);
    const rows: Row[] = files.map((f, i) => {
      const shape = shapeOf(join(repoRoot, 'scenarios', f));
      const t = timings[i];
      return { case: f, designs: shape.designs, replications: shape.replications, horizon: shape.horizon, wallS: round(t.wallS, 2), cpuS: t.cpuS === null ? null : round(t.cpuS, 2) };
    });
    return {
      rows,
      notes: [
        `medians of ${repeats} fresh processes per scenario, the scenarios alternating round by round; wall includes Node start-up and module loading`,
        'replications: the scenario\'s own; a scenario with rare region outages adds rare-stratum replications per design (docs/run.md, "Rare faults")',
        'cpuS: user + system CPU of every thread (V8 compiles on a second thread, so CPU exceeds wall on one simulating thread)',
      ],
    };
  },
};
