import { closeSync, openSync, readSync } from 'node:fs';
import { Composer, LineCounter, Parser, YAMLParseError, type Document } from 'yaml';
import type * as z from 'zod';
import { budgetProblems } from './budget.js';
import { crossReferenceProblems, unknownNameProblems, type Sections } from './crossRefs/index.js';
import { formatPath, SourceLocator, sortErrors, type FieldPath, type Problem, type ScenarioError } from './errors.js';
import { LIMITS, LIMITS_HINT } from './limits.js';
import { deepestToken, plainOnly } from './yamlGuards.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema, type RawScenario } from './schema.js';
import type { Scenario } from './types.js';
import { problemsFromIssues } from './zodIssues.js';

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly ScenarioError[] }
  /** `errors` holds every error and warning found, sorted by position. */
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/**
 * Checks a layer above the scenario adds (the cost layer's "is every pool priced?"): run on the
 * resolved scenario when it has no errors of its own, reported at file:line:col like the rest.
 */
export type ExtraChecks = (scenario: Scenario) => readonly Problem[];

/** Reads and validates a scenario file. I/O errors come back as errors, never as exceptions. */
export function loadScenario(path: string, extraChecks?: ExtraChecks): LoadResult {
  const read = readScenarioText(path);
  if (!read.ok) return single(path, read.message, read.expected, read.hint);
  return parseScenario(read.text, path, extraChecks);
}

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string; readonly expected: string; readonly hint?: string };

/**
 * A scenario file's text, read no further than the size limit: a device (/dev/zero), a pipe or a
 * disk image given by mistake is refused at the limit instead of read without end.
 */
export function readScenarioText(path: string): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(LIMITS.fileBytes + 1);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
      if (size > LIMITS.fileBytes) return { ok: false, ...tooLarge(`the file is larger than ${LIMITS.fileBytes} bytes (reading stopped there)`) };
    }
    return { ok: true, text: buf.toString('utf8', 0, size) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return { ok: false, message: `cannot read the scenario: ${why}`, expected: 'a readable YAML file' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(message: string): { message: string; expected: string; hint: string } {
  return { message, expected: `a YAML file of at most ${LIMITS.fileBytes / 1024 / 1024} MiB`, hint: `is this the scenario you meant? ${LIMITS_HINT}` };
}

function single(file: string, message: string, expected?: string, hint?: string): LoadResult {
  return { ok: false, errors: [{ severity: 'error', file, line: 1, col: 1, path: '', message, expected, hint }] };
}

/**
 * zod compiles a fast path for each object schema the first time it parses one (code generated
 * with new Function): worth it for many parses, not for one scenario per process, where compiling
 * the scenario's hundred-odd object schemas cost more than it saved (check: about 20 ms of CPU, a
 * fifth of validation; issue 18). The result is the same either way.
 */
const ONE_SHOT = { jitless: true } as const;

/** Validates scenario text. Never throws: every problem is an error with file:line:col and path. */
export function parseScenario(text: string, fileName: string, extraChecks?: ExtraChecks): LoadResult {
  try {
    return parseUnsafe(text, fileName, extraChecks);
  } catch (err) {
    // A bug in fleetsim, not in the file; still reported in the file's terms rather than as a crash.
    return single(fileName, `internal error while checking the scenario: ${err instanceof Error ? err.message : String(err)}`, undefined, 'please report this with the file');
  }
}

function parseUnsafe(text: string, fileName: string, extraChecks: ExtraChecks | undefined): LoadResult {
  // Callers that read the file themselves (the TUI, plan) get the same limit as loadScenario.
  if (Buffer.byteLength(text, 'utf8') > LIMITS.fileBytes) {
    const t = tooLarge(`the scenario text is larger than ${LIMITS.fileBytes} bytes`);
    return single(fileName, t.message, t.expected, t.hint);
  }
  if (text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    return single(fileName, 'this is not a text file (it contains binary control characters)', 'a YAML scenario file');
  }
  const lineCounter = new LineCounter();
  const parsedDoc = parseYaml(text, lineCounter);
  if (!parsedDoc.ok) {
    const pos = lineCounter.linePos(parsedDoc.offset);
    return { ok: false, errors: [{ severity: 'error', file: fileName, line: pos.line, col: pos.col, path: '', message: `the YAML nests deeper than ${LIMITS.nestingDepth} levels`, expected: `at most ${LIMITS.nestingDepth} levels of lists and mappings`, hint: `a scenario nests about ten levels deep; ${LIMITS_HINT}` }] };
  }
  const doc = parsedDoc.doc;
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
    data = doc.toJS({ maxAliasCount: LIMITS.aliasCount });
  } catch (err) {
    return single(fileName, `cannot expand the YAML: ${(err as Error).message}`, `aliases that expand to at most ${LIMITS.aliasCount} nodes`, `anchors (&name) and aliases (*name) are for small reused blocks; ${LIMITS_HINT}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [at({ path: [], message: `the file is ${Array.isArray(data) ? 'a list' : 'a single value'}, not a scenario`, expected: 'a mapping with apiVersion: fleetsim/v1 and kind: Scenario' })] };
  }

  // Top-level keys starting with "x-" hold YAML anchors for reuse (as in Compose files); not part of the model.
  data = Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([k]) => !k.startsWith('x-')));

  const problems: Problem[] = [];
  // Tags such as !!binary, !!set, !!omap or !!timestamp give typed values no scenario field takes.
  data = plainOnly(data, [], problems);
  const parsed = scenarioSchema.safeParse(data, ONE_SHOT);
  if (!parsed.success) {
    const tagged = new Set(problems.map((p) => formatPath(p.path)));
    problems.push(...problemsFromIssues(parsed.error.issues, data, scenarioSchema as unknown as z.ZodType).filter((p) => !tagged.has(formatPath(p.path))));
  }

  // Sections that parsed on their own feed the cross-reference checks, so a type error in one
  // section does not hide a dangling name in another: all errors are reported at once.
  const sections: Sections = parsed.success ? parsed.data : parseSections(data as Record<string, unknown>, parsed.error.issues);
  problems.push(...crossReferenceProblems(sections, data));
  problems.push(...budgetProblems(sections));
  if (!parsed.success) problems.push(...salvagedNameProblems(data as Record<string, unknown>, parsed.error.issues, problems));

  const all = problems.map(at);
  const errors = all.filter((e) => e.severity === 'error');
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: sortErrors(dedupe(all)) };
  const scenario = resolveScenario(parsed.data, fileName);
  const extra = (extraChecks?.(scenario) ?? []).map(at);
  if (extra.some((e) => e.severity === 'error')) return { ok: false, errors: sortErrors(dedupe([...all, ...extra])) };
  return { ok: true, scenario, warnings: sortErrors([...all, ...extra]) };
}

/**
 * The sections that can feed the cross-reference checks when the whole document does not parse:
 * invalid optional fields and unknown keys are dropped (their errors are already reported), then
 * each top-level section that now parses on its own is kept. A required field that is invalid
 * still removes its whole section from the cross-reference checks.
 */
function parseSections(data: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): Sections {
  const copy = structuredClone(data);
  let pending = issues;
  for (let round = 0; round < 4 && pending.length > 0; round++) {
    let changed = false;
    for (const issue of pending) {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) changed = removeAt(copy, [...path, k]) || changed;
      } else if (path.length > 0 && typeof path[path.length - 1] === 'string' && isOptionalAt(path)) {
        changed = removeAt(copy, path) || changed;
      }
    }
    if (!changed) break;
    const again = scenarioSchema.safeParse(copy, ONE_SHOT);
    if (again.success) return again.data;
    pending = again.error.issues;
  }
  return sectionsOf(copy);
}

/** Each top-level section of `data` that parses on its own. */
function sectionsOf(data: Record<string, unknown>): Sections {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(scenarioSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(data[key], ONE_SHOT);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out as Sections;
}

/**
 * The dangling names that a schema error would otherwise hide: parseSections drops a whole section
 * when one of its required fields is invalid (a node pool's `count: many` drops every cluster, and
 * with it "unknown region" in the same cluster). Here a copy of the file gets a placeholder, one its
 * schema accepts, in each invalid required field (optional ones are dropped, as in parseSections),
 * and only the unknown-name checks run on it: a placeholder holds no name anyone refers to, and a
 * problem at or under a placeholder is the placeholder's own, so neither can add a spurious error.
 * Names themselves (`name` fields) get no placeholder. Problems already reported are not repeated.
 */
function salvagedNameProblems(data: Record<string, unknown>, issues: readonly z.core.$ZodIssue[], reported: readonly Problem[]): Problem[] {
  const copy = structuredClone(data);
  const patched: FieldPath[] = [];
  const under = (p: FieldPath) => patched.some((q) => q.length <= p.length && q.every((seg, i) => seg === p[i]));
  let sections: Sections | undefined;
  let pending = issues;
  for (let round = 0; round < 6 && pending.length > 0; round++) {
    let changed = false;
    for (const issue of pending) {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) changed = removeAt(copy, [...path, k]) || changed;
        continue;
      }
      if (path.length === 0 || path[path.length - 1] === 'name' || under(path)) continue;
      if (typeof path[path.length - 1] === 'string' && isOptionalAt(path)) {
        changed = removeAt(copy, path) || changed;
        continue;
      }
      const value = placeholderAt(path);
      if (value !== undefined && setAt(copy, path, value)) {
        patched.push(path);
        changed = true;
      }
    }
    if (!changed) break;
    const again = scenarioSchema.safeParse(copy, ONE_SHOT);
    if (again.success) {
      sections = again.data;
      break;
    }
    pending = again.error.issues;
  }
  if (patched.length === 0) return [];
  sections ??= sectionsOf(copy);
  const seen = new Set(reported.map((p) => `${formatPath(p.path)}|${p.message}`));
  return unknownNameProblems(sections, data).filter((p) => !under(p.path) && !seen.has(`${formatPath(p.path)}|${p.message}`));
}

/** Values tried for an invalid field, in order: the first its schema accepts is the placeholder. */
const PLACEHOLDERS: readonly unknown[] = [1, '1', '1s', '1/s', '100m', '1Gi', '50%', '1.31', true, 0.5, 'x', {}, []];

function placeholderAt(path: readonly (string | number)[]): unknown {
  const schemas = schemasAt(path);
  if (schemas.length === 0) return undefined;
  return PLACEHOLDERS.find((v) => schemas.some((n) => (n as z.ZodType).safeParse(v).success));
}

function setAt(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): boolean {
  let node: unknown = root;
  for (const p of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[p];
  }
  if (node === null || typeof node !== 'object') return false;
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value;
  return true;
}

function removeAt(root: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  let node: unknown = root;
  for (const p of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[p];
  }
  const last = path[path.length - 1];
  if (node === null || typeof node !== 'object' || Object.getPrototypeOf(node) !== Object.prototype || !(String(last) in (node as object))) return false;
  delete (node as Record<string, unknown>)[String(last)];
  return true;
}

/** Whether the schema marks the field at this path optional (so dropping it keeps the rest valid). */
function isOptionalAt(path: readonly (string | number)[]): boolean {
  const nodes = schemasAt(path);
  return nodes.length > 0 && nodes.every((n) => defOf(n).type === 'optional');
}

/** The schemas the field at this path may have (several where a union could hold it). */
function schemasAt(path: readonly (string | number)[]): unknown[] {
  let nodes: unknown[] = [scenarioSchema];
  for (const seg of path) {
    const next: unknown[] = [];
    // `nodes` grows while iterating when a union expands into its options, on purpose.
    for (const n of nodes) {
      let d = defOf(n);
      while (d.type === 'pipe' || d.type === 'optional' || d.type === 'default') d = defOf(d.type === 'pipe' ? d.in : d.innerType);
      const inner = (x: unknown) => next.push(x);
      if (d.type === 'object' && typeof seg === 'string') {
        const s = (d.shape as Record<string, unknown>)[seg];
        if (s !== undefined) inner(s);
      } else if (d.type === 'array') inner(d.element);
      else if (d.type === 'record') inner(d.valueType);
      else if (d.type === 'union') for (const o of d.options as unknown[]) nodes.push(o);
    }
    nodes = next;
  }
  return nodes;
}

function defOf(s: unknown): { type: string; [k: string]: unknown } {
  return (s as { _zod: { def: { type: string; [k: string]: unknown } } })._zod.def;
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

/**
 * parseDocument, in its steps: the CST parser is iterative, while composing the document recurses
 * once per level, so the nesting depth is checked on the CST first.
 */
function parseYaml(text: string, lineCounter: LineCounter): { ok: true; doc: Document.Parsed } | { ok: false; offset: number } {
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const deep = deepestToken(tokens, LIMITS.nestingDepth);
  if (deep !== undefined) return { ok: false, offset: deep };
  const composer = new Composer({ prettyErrors: false, merge: true, uniqueKeys: true, strict: true });
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(tokens, true, text.length)) {
    if (doc === undefined) doc = d;
    else {
      doc.errors.push(new YAMLParseError(d.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return { ok: true, doc: doc! };
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
