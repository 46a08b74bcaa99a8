/** The `/` filter: a case-insensitive substring; '' keeps everything. */
export function matchesFilter(text: string, filter: string): boolean {
  return filter === '' || text.toLowerCase().includes(filter.toLowerCase());
}
