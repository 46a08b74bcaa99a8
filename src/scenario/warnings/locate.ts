import { LineCounter, parseDocument } from 'yaml';
import { formatPath, SourceLocator, sortErrors, type FieldPath, type ScenarioError } from '../errors.js';

/**
 * A warning found on the resolved scenario or its model (check's design warnings), before it has a
 * position: the fields it may point at, most specific first. The first one the file writes is the
 * one reported (a service's own placement entry when it has one, else the design's default), so
 * the path printed is always a field the user can find.
 */
export interface PendingWarning {
  readonly paths: readonly FieldPath[];
  readonly message: string;
  readonly expected?: string;
  readonly hint?: string;
}

/**
 * The warnings at file:line:col with their field paths, sorted by position. `text` is the file as
 * the loader read it (it validated, so it parses); positions come from the same SourceLocator the
 * loader's errors use.
 */
export function locateWarnings(text: string, fileName: string, warnings: readonly PendingWarning[]): ScenarioError[] {
  if (warnings.length === 0) return [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false });
  const locator = new SourceLocator(doc, lineCounter);
  const exists = (p: FieldPath) => p.length === 0 || doc.hasIn(p);
  return sortErrors(
    warnings.map((w): ScenarioError => {
      const path = w.paths.find(exists) ?? w.paths[w.paths.length - 1] ?? [];
      const pos = locator.locate(path);
      return { severity: 'warning', file: fileName, line: pos.line, col: pos.col, path: formatPath(path), message: w.message, expected: w.expected, hint: w.hint };
    }),
  );
}
