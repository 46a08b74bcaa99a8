/**
 * Golden plan: `fleetsim plan scenarios/default.yaml --output json` (grid from the scenario's own plan
 * section, in this thread, fresh journal) must print byte-identical JSON. Plan results move whenever
 * the simulation or the bill does; this makes such a move visible in the diff of the commit that
 * causes it. Rewrite with UPDATE_GOLDEN=1 npx vitest run test/golden/plan.test.ts, then read the diff.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectGoldenFile } from '../cli/harness.js';

const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
const GOLDEN = fileURLToPath(new URL('./results/plan-default.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-plan-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('golden plan of the default scenario', () => {
  it('is unchanged', async () => {
    const r = await cli('plan', DEFAULT, '--output', 'json', '--workers', '0', '--fresh', '--journal', join(dir, 'j.jsonl'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).optimum).not.toBeNull();
    expectGoldenFile(GOLDEN, r.stdout);
  });
});
