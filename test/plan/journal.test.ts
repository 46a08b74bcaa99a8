import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalWriter, readJournal } from '../../src/plan/journal.js';
import type { JobResult } from '../../src/plan/evaluator.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RESULT = {
  sample: { availability: 1, latencyS: [], monthlyUsd: 436.675, byCategory: { controlPlane: 73, nodes: 248.2, loadBalancers: 16.925, nat: 98.55, dataTransfer: 0, logging: 0 }, perMillionRequestsUsd: 3.32, idleUnallocatedUsd: 6.0, requests: 1_050_000 },
} as unknown as JobResult;

describe('the plan journal', () => {
  it('skips a line whose result key was damaged (it parses, without a result) and keeps the others', () => {
    const path = join(dir, 'damaged-key.jsonl');
    const writer = new JournalWriter(path, 'sha', true);
    writer.append('a|only|0', RESULT);
    writer.append('b|only|0', RESULT);
    const good = readJournal(path, 'sha');
    expect([...good.keys()]).toEqual(['a|only|0', 'b|only|0']);
    // One flipped byte turns "r" into "0": valid JSON, no result. Reading hashed the missing result and threw.
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1].replace('"r":', '"0":');
    writeFileSync(path, lines.join('\n'));
    const read = readJournal(path, 'sha');
    expect([...read.keys()]).toEqual(['b|only|0']);
    expect(read.get('b|only|0')).toEqual(RESULT);
  });
});
