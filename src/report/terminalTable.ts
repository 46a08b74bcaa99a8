import { terminalSafeLine } from './terminalText.js';

/** A number, optionally signed, with an optional "± x" and a short unit: "12", "-0.5 ± 0.1", "42%", "3.2 ms". */
const NUMBER_CELL = /^[-+]?\d[\d.,]*(e[-+]?\d+)?\s*(±\s*[\d.,]+)?\s*(%|[a-zµ]{1,3}(\/[a-z]{1,3})?)?$/i;

/**
 * Plain-text table for terminals (cli and tui): columns padded to their widest cell; numbers
 * right-aligned. Cells often quote a scenario (design and region names), so each is made
 * terminal-safe and kept on one line: a newline in a name would break the columns.
 */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const h = header.map(terminalSafeLine);
  const body = rows.map((r) => r.map(terminalSafeLine));
  const widths = h.map((x, i) => Math.max(x.length, ...body.map((r) => (r[i] ?? '').length)));
  const numeric = h.map((_, i) => body.length > 0 && body.every((r) => NUMBER_CELL.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(h), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** True when colour may be used: a TTY and NO_COLOR unset (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}
