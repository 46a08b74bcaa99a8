import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { crossReferenceProblems, type Sections } from './crossRefs.js';
import { formatPath, SourceLocator, sortErrors, type Problem, type ScenarioError } from './errors.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema, type RawScenario } from './schema.js';
import type { Scenario } from './types.js';
import { problemsFromIssues } from './zodIssues.js';

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly ScenarioError[] }
  /** `errors` holds every error and warning found, sorted by position. */
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Bigger than any plausible scenario; keeps a mistaken path (a disk image) from eating memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Reads and validates a scenario file. I/O errors come back as errors, never as exceptions. */
export function loadScenario(path: string): LoadResult {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) return single(path, `the file is ${buf.length} bytes, larger than a scenario can be`, `a YAML file under ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    text = buf.toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return single(path, `cannot read the scenario: ${why}`, 'a readable YAML file');
  }
  return parseScenario(text, path);
}

function single(file: string, message: string, expected?: string, hint?: string): LoadResult {
  return { ok: false, errors: [{ severity: 'error', file, line: 1, col: 1, path: '', message, expected, hint }] };
}

/** Validates scenario text. Never throws: every problem is an error with file:line:col and path. */
export function parseScenario(text: string, fileName: string): LoadResult {
  try {
    return parseUnsafe(text, fileName);
  } catch (err) {
    // A bug in fleetsim, not in the file; still reported in the file's terms rather than as a crash.
    return single(fileName, `internal error while checking the scenario: ${err instanceof Error ? err.message : String(err)}`, undefined, 'please report this with the file');
  }
}

function parseUnsafe(text: string, fileName: string): LoadResult {
  if (text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    return single(fileName, 'this is not a text file (it contains binary control characters)', 'a YAML scenario file');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true, strict: true });
  const locator = new SourceLocator(doc, lineCounter);
  const at = (p: Problem): ScenarioError => {
    const pos = locator.locate(p.path, p.at ?? 'value');
    return { severity: p.severity ?? 'error', file: fileName, line: pos.line, col: pos.col, path: formatPath(p.path), message: p.message, expected: p.expected, hint: p.hint };
  };

  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e): ScenarioError => {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      return { severity: 'error', file: fileName, line: pos.line, col: pos.col, path: '', message: `YAML syntax error: ${yamlMessage(e.code, e.message)}`, expected: undefined, hint: yamlHint(e.code) };
    });
    return { ok: false, errors: sortErrors(errors) };
  }
  if (doc.contents === null || text.trim() === '') {
    return single(fileName, 'the file is empty', 'a scenario: apiVersion: fleetsim/v1, kind: Scenario, metadata, topology, clusters, workload, designs', 'run `fleetsim schema` for the full format, or start from scenarios/default.yaml');
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return single(fileName, `cannot expand the YAML: ${(err as Error).message}`, 'aliases that expand to a reasonable size');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [at({ path: [], message: `the file is ${Array.isArray(data) ? 'a list' : 'a single value'}, not a scenario`, expected: 'a mapping with apiVersion: fleetsim/v1 and kind: Scenario' })] };
  }

  // Top-level keys starting with "x-" hold YAML anchors for reuse (as in Compose files); not part of the model.
  data = Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([k]) => !k.startsWith('x-')));

  const problems: Problem[] = [];
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, data, scenarioSchema as unknown as z.ZodType));

  // Sections that parsed on their own feed the cross-reference checks, so a type error in one
  // section does not hide a dangling name in another: all errors are reported at once.
  const sections: Sections = parsed.success ? parsed.data : parseSections(data as Record<string, unknown>);
  problems.push(...crossReferenceProblems(sections));

  const all = problems.map(at);
  const errors = all.filter((e) => e.severity === 'error');
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: sortErrors(dedupe(all)) };
  return { ok: true, scenario: resolveScenario(parsed.data, fileName), warnings: sortErrors(all) };
}

function parseSections(data: Record<string, unknown>): Sections {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(scenarioSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(data[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out as Sections;
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.line}:${e.col}:${e.path}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function yamlMessage(code: string, message: string): string {
  // yaml's messages end with a source excerpt when prettyErrors is on; we keep only the first line.
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return code === 'DUPLICATE_KEY' ? 'a key appears twice in the same mapping' : first;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation of this line against the lines above';
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the two';
    case 'MULTIPLE_DOCS':
      return 'a scenario file holds one YAML document (remove the extra ---)';
    default:
      return undefined;
  }
}

export type { RawScenario };
