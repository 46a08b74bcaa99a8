/**
 * Golden results: every bundled scenario, simulated with its own seed and horizon for three
 * replications in this thread, must give byte-identical results.json (the creation time aside).
 * A change that moves a figure must rewrite these files in the same commit and say why there:
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 * then read the diff of test/golden/results/ before committing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { runScenario } from '../../src/run/runner.js';
import { resultsJson } from '../../src/report/write.js';
import { expectGoldenFile } from '../cli/harness.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const GOLDEN = fileURLToPath(new URL('./results/', import.meta.url));
const REPLICATIONS = 3;
const FIXED_TIME = '2000-01-01T00:00:00.000Z';

async function resultsFor(file: string): Promise<string> {
  const path = join(SCENARIOS, file);
  const text = readFileSync(path, 'utf8');
  const outcome = await runScenario({ text, fileName: `scenarios/${file}`, overrides: { replications: REPLICATIONS }, workers: 0 });
  const results = aggregate({ info: outcome.ctx.info, summaries: outcome.summaries, stopping: outcome.stopping, createdAt: FIXED_TIME });
  return resultsJson(results);
}

describe('golden results of the bundled scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));
  it('covers every bundled scenario', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of files) {
    it(`${file}: results.json is unchanged`, async () => {
      expectGoldenFile(join(GOLDEN, file.replace(/\.yaml$/, '.json')), await resultsFor(file));
    });
  }
});
