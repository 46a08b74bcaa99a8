import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeLine } from '../../src/report/terminalText.js';
import { table } from '../../src/report/terminalTable.js';
import { comparisonTable } from '../../src/report/comparison.js';
import { fullResults } from './fixture.js';

/** Anything that makes a terminal act rather than print: C0 except \t \n, DEL, C1, bidi overrides. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminalSafe', () => {
  it('shows escapes, carriage returns, 8-bit CSI and bidi overrides as visible text, keeps newline and tab', () => {
    const hostile = 'a\u001b[2Jb\rOK\u009b31m\u202eevil\u0007\u0000\u007f';
    const safe = terminalSafe(`${hostile}\n\tnext`);
    expect(safe).not.toMatch(UNSAFE);
    expect(safe).toBe('a\\x1b[2Jb\\x0dOK\\x9b31m\\u202eevil\\x07\\x00\\x7f\n\tnext');
  });

  it('leaves ordinary text, including non-Latin letters and symbols, untouched', () => {
    const text = 'Zürich — 99.95% ± 0.01% ≥ p99 日本 🚀';
    expect(terminalSafe(text)).toBe(text);
  });

  it('a table cell stays on one line: newline and tab shown escaped', () => {
    expect(terminalSafeLine('a\nb\tc\u001b')).toBe('a\\nb\\tc\\x1b');
  });
});

describe('terminal table (shared by cli and tui)', () => {
  it('a hostile cell cannot reach the terminal or break the columns', () => {
    const out = table(['', 'x\u001b[2J'], [['row\r', 'v\nw']]);
    expect(out).not.toMatch(UNSAFE);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('x\\x1b[2J');
    expect(lines[2]).toContain('v\\nw');
  });

  it('numbers are right-aligned, text left-aligned (as before the move)', () => {
    expect(table(['k', 'v'], [['a', '1'], ['bb', '10 ms']]).split('\n')).toEqual(['k       v', '--  -----', 'a       1', 'bb  10 ms']);
  });

  it('the comparison table of real results prints unchanged', () => {
    const t = comparisonTable(fullResults());
    const out = table(t.header, t.rows);
    expect(out).toContain('replicated');
    expect(out).not.toMatch(UNSAFE);
  });
});
