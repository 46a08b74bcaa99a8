import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { preparePlan, runPlan, type PlanReport, type PreparedPlan } from '../../src/plan/index.js';
import { parseScenario } from '../../src/scenario/index.js';

/**
 * Issue 12: a plan resumed from any journal (cut short, lines lost, reordered, torn or damaged)
 * gives exactly the answer of an uninterrupted plan. The journal is a real one, from a real plan of
 * a tiny scenario (4 points, 2…4 replications, 6 h each) so each resumed plan takes a fraction of a second.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/known-optimum.yaml', import.meta.url));
const TEXT = readFileSync(FIXTURE, 'utf8')
  .replace('range: { from: 1, to: 6 }', 'values: [1, 2]')
  .replace('values: [m6i.xlarge, c6i.xlarge, m6i.2xlarge]', 'values: [m6i.xlarge, c6i.xlarge]')
  .replace('horizon: 2d', 'horizon: 6h')
  .replace('replications: { min: 4, max: 8 }', 'replications: { min: 2, max: 4 }');

function prepare(search: 'grid' | 'adaptive'): PreparedPlan {
  const loaded = parseScenario(TEXT, FIXTURE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return preparePlan(TEXT, FIXTURE, loaded.scenario, { search });
}

/** The answer, without the bookkeeping of how much was reused. */
const answer = (r: PlanReport) => ({ ...r, jobsRun: 0, jobsReused: 0 });

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-resume-'));
let runs = 0;
async function plan(p: PreparedPlan, journal: string | null): Promise<PlanReport> {
  const path = join(dir, `j${runs++}.jsonl`);
  if (journal !== null) writeFileSync(path, journal);
  return runPlan(p, 'known-optimum', { workers: 0, journalPath: path, fresh: journal === null });
}

/** What can happen to a journal's lines: lost, reordered, duplicated, torn by a kill, damaged on disk, garbage added. */
const damage = (lines: readonly string[]) =>
  fc.record({
    kept: fc.shuffledSubarray(lines.slice(1)),
    extra: fc.array(fc.constantFrom(...lines.slice(1)), { maxLength: 3 }),
    torn: fc.array(fc.record({ line: fc.nat(), at: fc.nat() }), { maxLength: 3 }),
    flipped: fc.array(fc.record({ line: fc.nat(), at: fc.nat(), char: fc.constantFrom('0', '9', '.', '"', '}', 'x', '-') }), { maxLength: 3 }),
    garbage: fc.array(fc.string(), { maxLength: 2 }),
    tornTail: fc.boolean(),
  });

for (const search of ['adaptive', 'grid'] as const) {
  describe(`resuming a ${search} plan`, () => {
    let p: PreparedPlan;
    let full: PlanReport;
    let lines: string[];
    beforeAll(async () => {
      p = prepare(search);
      full = await plan(p, null);
      lines = readFileSync(join(dir, `j${runs - 1}.jsonl`), 'utf8').split('\n').filter((l) => l !== '');
      expect(full.jobsRun).toBe(lines.length - 1);
    });

    it('gives the uninterrupted answer whatever happened to the journal', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).chain(() => damage(lines)),
          async (d) => {
            const body = [...d.kept, ...d.extra];
            for (const t of d.torn) if (body.length > 0) body[t.line % body.length] = body[t.line % body.length].slice(0, t.at % body[t.line % body.length].length);
            for (const f of d.flipped) {
              if (body.length === 0) continue;
              const i = f.line % body.length;
              const at = f.at % Math.max(1, body[i].length);
              body[i] = body[i].slice(0, at) + f.char + body[i].slice(at + 1);
            }
            body.push(...d.garbage);
            const text = [lines[0], ...body].join('\n') + (d.tornTail ? '' : '\n');
            const resumed = await plan(p, text);
            expect(answer(resumed)).toEqual(answer(full));
            expect(resumed.jobsRun + resumed.jobsReused).toBeGreaterThanOrEqual(full.jobsRun);
          },
        ),
        { numRuns: search === 'adaptive' ? 25 : 10 },
      );
    }, 60_000);

    it('a journal with a gap (replication 1 of every point lost) reuses the rest and runs only the gap', async () => {
      const gap = lines.filter((l, i) => i === 0 || !/\|only\|1"/.test(l));
      const resumed = await plan(p, gap.join('\n') + '\n');
      expect(answer(resumed)).toEqual(answer(full));
      expect(resumed.jobsRun).toBe(lines.length - gap.length);
    });
  });
}
