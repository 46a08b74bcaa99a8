/** A number, optionally signed, with an optional "± x" and a short unit: "12", "-0.5 ± 0.1", "42%", "3.2 ms". */
const NUMBER_CELL = /^[-+]?\d[\d.,]*(e[-+]?\d+)?\s*(±\s*[\d.,]+)?\s*(%|[a-zµ]{1,3}(\/[a-z]{1,3})?)?$/i;

/** Plain-text table: columns padded to their widest cell; numbers right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => NUMBER_CELL.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** True when colour may be used: a TTY and NO_COLOR unset (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}
