/** The small HTML builders every section of index.html shares. */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A table whose first column names the row. Wrapped in a scrolling box: a wide table (many designs)
 * scrolls by itself on a narrow screen instead of widening the whole page.
 */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table></div>`;
}
