import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';

/**
 * Reading manifests from files, folders (recursively), several arguments and stdin (`-`): plain
 * YAML, `kubectl get -o yaml` Lists, Helm-rendered and kustomize output (multi-document streams;
 * `# Source:` comments are comments). Every object remembers where it came from, so notes and
 * errors can say file:line:col.
 */
export interface ManifestDoc {
  /** The file as given or relative to the folder it was found in ('<stdin>' for `-`). */
  file: string;
  /** Sub-folder of a folder argument the file is in ('' otherwise): one design per folder of policies. */
  group: string;
  doc: Record<string, unknown>;
  /** file:line:col of a path inside this object (of the object itself for []). */
  at?: (path?: ReadonlyArray<string | number>) => string;
}

/** Bad input the user can fix: the message starts with file:line:col where known. */
export class ManifestInputError extends RangeError {}

const MAX_FILES = 2000;
const MAX_DEPTH = 6;
export const STDIN = '-';

function yamlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (['.yaml', '.yml'].includes(extname(e.name))) {
        if (files.length >= MAX_FILES) throw new ManifestInputError(`${dir}: more than ${MAX_FILES} YAML files`);
        files.push(p);
      }
    }
  };
  walk(dir, 0);
  return files;
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'a string' : typeof v);

/** The objects of one YAML stream. Throws ManifestInputError at the first syntax error. */
export function parseManifestText(text: string, file: string, group = ''): ManifestDoc[] {
  const lc = new LineCounter();
  const out: ManifestDoc[] = [];
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  for (const d of parseAllDocuments(text, { lineCounter: lc }) as Array<Document.Parsed>) {
    if (d.errors.length > 0) {
      const e = d.errors[0];
      // An unrendered Helm template is the usual cause of template syntax in a manifest folder.
      const hint = text.includes('{{') ? '; a Helm template? render it first: helm template NAME CHART | fleetsim import manifests -' : '';
      throw new ManifestInputError(`${pos(e.pos[0])}: not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${hint}`);
    }
    const obj = d.toJS() as unknown;
    if (obj === null || obj === undefined) continue; // an empty document (`---` at the end, Helm's empty templates)
    const start = d.contents !== null && isNode(d.contents) && d.contents.range ? d.contents.range[0] : 0;
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      throw new ManifestInputError(`${pos(start)}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${kindOf(obj)}`);
    }
    const at = (base: ReadonlyArray<string | number>) => (path: ReadonlyArray<string | number> = []) => {
      // The deepest node of the path that exists: a value may come from a default, not the file.
      for (let n = path.length; n >= 0; n--) {
        const node = d.getIn([...base, ...path.slice(0, n)], true);
        if (isNode(node) && node.range) return pos(node.range[0]);
      }
      return pos(start);
    };
    const o = obj as Record<string, unknown>;
    // kubectl-style List objects (`kubectl get -o yaml`) hold their items inline.
    if (o.kind === 'List' && Array.isArray(o.items)) {
      o.items.forEach((it, i) => {
        if (it !== null && typeof it === 'object' && !Array.isArray(it)) out.push({ file, group, doc: it as Record<string, unknown>, at: at(['items', i]) });
      });
    } else out.push({ file, group, doc: o, at: at([]) });
  }
  return out;
}

/**
 * Every argument: a file (any extension), a folder (its .yaml/.yml files, recursively), or `-`
 * (stdin, read once).
 */
export function readManifestInputs(inputs: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): ManifestDoc[] {
  if (inputs.length === 0) throw new ManifestInputError('no manifests given: name files, folders, or - for stdin');
  const docs: ManifestDoc[] = [];
  let stdinRead = false;
  for (const input of inputs) {
    if (input === STDIN) {
      if (stdinRead) throw new ManifestInputError('- (stdin) given twice');
      stdinRead = true;
      docs.push(...parseManifestText(readStdin(), '<stdin>'));
      continue;
    }
    const st = statSync(input, { throwIfNoEntry: false });
    if (st === undefined) throw new ManifestInputError(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      for (const file of yamlFilesUnder(input)) {
        const rel = relative(input, file);
        const group = rel.includes(sep) ? rel.split(sep)[0] : '';
        docs.push(...parseManifestText(readFileSync(file, 'utf8'), join(basename(input), rel), group));
      }
    } else docs.push(...parseManifestText(readFileSync(input, 'utf8'), input));
  }
  return docs;
}

/** One folder (the original entry point): its files named relative to it. */
export function readManifestDir(dir: string): ManifestDoc[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new ManifestInputError(`${dir}: not a directory`);
  return yamlFilesUnder(dir).flatMap((file) => {
    const rel = relative(dir, file);
    return parseManifestText(readFileSync(file, 'utf8'), rel, rel.includes(sep) ? rel.split(sep)[0] : '');
  });
}
