/**
 * Golden plan: `fleetsim plan scenarios/default.yaml --output json` (grid from the scenario's own plan
 * section, in this thread, fresh journal) must print byte-identical JSON. Plan results move whenever
 * the simulation or the bill does; this makes such a move visible in the diff of the commit that
 * causes it. Rewrite with UPDATE_GOLDEN=1 npx vitest run test/golden/plan.test.ts, then read the diff.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
const GOLDEN = fileURLToPath(new URL('./results/plan-default.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-plan-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('golden plan of the default scenario', () => {
  it('is unchanged', async () => {
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await main(['plan', DEFAULT, '--output', 'json', '--workers', '0', '--fresh', '--journal', join(dir, 'j.jsonl')]);
    } finally {
      write.mockRestore();
      errWrite.mockRestore();
    }
    expect(code).toBe(0);
    expect(JSON.parse(out).optimum).not.toBeNull();
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) {
      writeFileSync(GOLDEN, out);
      if (!process.env.UPDATE_GOLDEN) throw new Error(`golden ${GOLDEN} did not exist: written, check it and rerun`);
      return;
    }
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
