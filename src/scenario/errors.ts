import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A path into the document: keys and list indices, e.g. ['clusters', 0, 'nodePools', 1, 'count']. */
export type FieldPath = readonly (string | number)[];

export interface ScenarioError {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly col: number;
  /** "clusters[0].nodePools[1].count"; "" for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly expected: string | undefined;
  readonly hint: string | undefined;
}

/** What a check reports before positions are known. */
export interface Problem {
  readonly path: FieldPath;
  readonly message: string;
  readonly expected?: string;
  readonly hint?: string;
  /** Point at the key rather than the value (unknown keys, duplicate names). */
  readonly at?: 'key' | 'value';
  readonly severity?: 'error' | 'warning';
}

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/**
 * Maps field paths back to source positions through the yaml AST. A path that goes beyond what the
 * file has (a missing key) resolves to the deepest node that exists: the map that lacks the key.
 */
export class SourceLocator {
  constructor(
    private readonly doc: Document.Parsed | undefined,
    private readonly lineCounter: LineCounter,
  ) {}

  /** 1-based line and column of the path's node (its key with at = 'key'). */
  locate(path: FieldPath, at: 'key' | 'value' = 'value'): { line: number; col: number } {
    const offset = this.offsetOf(path, at);
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  private offsetOf(path: FieldPath, at: 'key' | 'value'): number {
    let node: unknown = this.doc?.contents;
    let best = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p: Pair) => keyText(p.key) === String(seg));
        if (pair === undefined) return best;
        if (last && at === 'key') return rangeStart(pair.key) ?? best;
        node = pair.value;
        // A key with no value (`count:`) has no value node: point at the key.
        best = rangeStart(node) ?? rangeStart(pair.key) ?? best;
        if (node === null || node === undefined) return best;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) return best;
        node = isPair(item) ? item.value : item;
        best = rangeStart(node) ?? best;
      } else {
        return best;
      }
    }
    return best;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as Node | null | undefined)?.range;
  return Array.isArray(r) ? r[0] : undefined;
}

/** `file:line:col: path: message (expected …) hint: …` — the form editors and CI logs understand. */
export function formatError(e: ScenarioError): string {
  let s = `${e.file}:${e.line}:${e.col}: ${e.severity === 'warning' ? 'warning: ' : ''}${e.path === '' ? '' : `${e.path}: `}${e.message}`;
  if (e.expected !== undefined) s += ` (expected ${e.expected})`;
  if (e.hint !== undefined) s += ` hint: ${e.hint}`;
  return s;
}

/** Sorted by position, then path, so output is stable and reads top to bottom. */
export function sortErrors(errors: readonly ScenarioError[]): ScenarioError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.col - b.col || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.message < b.message ? -1 : 1));
}
