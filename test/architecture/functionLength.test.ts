/**
 * No function in src/model or src/run runs over MAX_LINES lines unless a comment just before it says
 * why it must be long, with the marker "Long because" (docs/architecture.md, "Function length").
 * Long functions are where the next feature lands in the wrong place; the marker makes length a
 * decision someone wrote down rather than an accident.
 *
 * The files are parsed with the TypeScript compiler API; every function declaration, method,
 * constructor, accessor, function expression and arrow function with a body is measured from the
 * line it starts on to the line of its closing brace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['src/model', 'src/run'];
const MAX_LINES = 80;
const MARKER = 'Long because';

/**
 * Long functions that may not be split or commented yet, as `path:name`. Each entry needs a TODO
 * saying who owns it; the test fails when an entry no longer names a long function, so the list
 * only shrinks.
 */
const EXCEPTIONS: readonly string[] = [];

interface LongFunction {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
  readonly justified: boolean;
}

/** A readable name: `f`, `Class.method`, `Class.constructor`, the variable an arrow is bound to, or `<anonymous>`. */
function nameOf(node: ts.SignatureDeclaration, sf: ts.SourceFile): string {
  const own = node.name && !ts.isComputedPropertyName(node.name) ? node.name.getText(sf) : undefined;
  const parent = node.parent;
  let base = own;
  if (ts.isConstructorDeclaration(node)) base = 'constructor';
  if (base === undefined && (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent))) {
    base = parent.name.getText(sf);
  }
  base ??= '<anonymous>';
  const cls = ts.isClassLike(parent) ? parent : ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent) ? parent.parent : undefined;
  return cls?.name ? `${cls.name.text}.${base}` : base;
}

/**
 * The comments that lead the function: those before the function itself and before each enclosing
 * node that starts on the same line (`export function`, `const f = () =>`, `this.X = sim.register('x', () =>`).
 */
function leadingComments(node: ts.Node, sf: ts.SourceFile): string[] {
  const text = sf.getFullText();
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
  const startLine = lineOf(node);
  const out: string[] = [];
  for (let n: ts.Node = node; !ts.isSourceFile(n) && !ts.isBlock(n) && lineOf(n) === startLine; n = n.parent) {
    for (const c of ts.getLeadingCommentRanges(text, n.getFullStart()) ?? []) out.push(text.slice(c.pos, c.end));
  }
  return out;
}

/** Every function in `source` longer than `maxLines` lines, with whether a leading comment carries the marker. */
function longFunctions(fileName: string, source: string, maxLines = MAX_LINES): LongFunction[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > maxLines) {
        const justified = leadingComments(node, sf).some((c) => c.includes(MARKER));
        found.push({ name: nameOf(node, sf), line: first + 1, lines, justified });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `path:name` of every long function under `dirs`, and whether each is justified. */
function scanTree(): { key: string; where: string; lines: number; justified: boolean }[] {
  return SCANNED.flatMap((dir) => tsFiles(join(ROOT, dir))).flatMap((file) => {
    const path = relative(ROOT, file).split('\\').join('/');
    return longFunctions(path, readFileSync(file, 'utf8')).map((f) => ({
      key: `${path}:${f.name}`,
      where: `${path}:${f.line} ${f.name} (${f.lines} lines)`,
      lines: f.lines,
      justified: f.justified,
    }));
  });
}

/** A function body of `n` statements, so the whole function spans n + 2 lines. */
const body = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');

describe('function length in src/model and src/run', () => {
  it(`every function over ${MAX_LINES} lines says why with "${MARKER}" (or is a listed exception)`, () => {
    const unjustified = scanTree()
      .filter((f) => !f.justified && !EXCEPTIONS.includes(f.key))
      .map((f) => f.where);
    expect(unjustified).toEqual([]);
  });

  it('lists no exception that is no longer a long, unjustified function', () => {
    const open = new Set(scanTree().filter((f) => !f.justified).map((f) => f.key));
    expect(EXCEPTIONS.filter((e) => !open.has(e))).toEqual([]);
  });

  describe('the detector', () => {
    it('measures from the first line to the closing brace: 80 lines pass, 81 do not', () => {
      const at = (n: number) => `export function f(): number {\n  let x = 0;\n${body(n - 4)}\n  return x;\n}\n`;
      expect(longFunctions('a.ts', at(80))).toEqual([]);
      expect(longFunctions('a.ts', at(81))).toEqual([{ name: 'f', line: 1, lines: 81, justified: false }]);
    });

    it('finds long methods, constructors, arrow functions bound to names, and callbacks', () => {
      const source = [
        'class Model {',
        '  constructor() {',
        body(90),
        '  }',
        '  step(): void {',
        body(90),
        '  }',
        '}',
        'const handler = (x: number) => {',
        body(90),
        '};',
        'sim.register("kube/x", () => {',
        body(90),
        '});',
      ].join('\n');
      expect(longFunctions('b.ts', source).map((f) => [f.name, f.justified])).toEqual([
        ['Model.constructor', false],
        ['Model.step', false],
        ['handler', false],
        ['<anonymous>', false],
      ]);
    });

    it('accepts the marker in a comment just before the function, its export or its binding, not elsewhere', () => {
      const source = [
        '/** Builds it. Long because the steps share ten locals. */',
        'export function documented(): void {',
        body(90),
        '}',
        '// Long because: one literal manifest.',
        'export const bound = (): void => {',
        body(90),
        '};',
        'export function undocumented(): void {',
        '  // Long because a comment inside the body does not count.',
        body(90),
        '}',
        '/** Only says what it does. */',
        'function plain(): void {',
        body(90),
        '}',
      ].join('\n');
      expect(longFunctions('c.ts', source).map((f) => [f.name, f.justified])).toEqual([
        ['documented', true],
        ['bound', true],
        ['undocumented', false],
        ['plain', false],
      ]);
    });

    it('measures a nested function on its own: a long outer one needs the marker even if the inner one has it', () => {
      const source = ['function outer(): void {', '  // Long because nested.', '  const inner = () => {', body(90), '  };', '}'].join('\n');
      expect(longFunctions('d.ts', source).map((f) => [f.name, f.justified])).toEqual([
        ['outer', false],
        ['inner', true],
      ]);
    });
  });
});
