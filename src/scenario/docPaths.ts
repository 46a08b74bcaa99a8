/**
 * Paths into a scenario document as `fleetsim plan` knobs write them:
 * `clusters[eu-1].nodePools[general].count`. A bracket selects list items by `name`, by 0-based
 * index, or all with `*`; dots go into maps. The scenario checks use this to report a knob that
 * points nowhere with file:line:col; the grammar is the one docs/plan.md documents.
 */
export interface DocPathStep {
  readonly key: string;
  /** undefined: the key holds a map or a value, not a list. */
  readonly select: string | undefined;
}

const STEP = /^([A-Za-z_$][\w$-]*)(?:\[([^\]]+)\])?$/;

/** The steps of a path, or undefined when it is not well formed. */
export function parseDocPath(path: string): DocPathStep[] | undefined {
  const steps: DocPathStep[] = [];
  for (const part of splitOutsideBrackets(path)) {
    const m = STEP.exec(part);
    if (m === null) return undefined;
    steps.push({ key: m[1], select: m[2] });
  }
  return steps.length > 0 ? steps : undefined;
}

function splitOutsideBrackets(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Json = Record<string, unknown>;
const isMap = (x: unknown): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x);

/** A path that leaves the document: what is missing, and where. */
export class DocPathError extends Error {}

/**
 * The parents and final keys a path reaches in `doc`: every (container, key) whose value a knob
 * sets. Throws DocPathError saying what is missing when a step does not exist (the last key itself
 * may be absent).
 */
export function locateDocPath(doc: unknown, steps: readonly DocPathStep[]): { parent: Json; key: string }[] {
  let nodes: unknown[] = [doc];
  let where = '';
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const next: unknown[] = [];
    where = `${where}${where === '' ? '' : '.'}${step.key}`;
    for (const n of nodes) {
      if (!isMap(n)) throw new DocPathError(`${where}: the document has no map here`);
      if (step.select === undefined) {
        if (last) next.push({ parent: n, key: step.key });
        else if (n[step.key] === undefined) throw new DocPathError(`${where}: no such field`);
        else next.push(n[step.key]);
        continue;
      }
      const items = n[step.key];
      if (!Array.isArray(items)) throw new DocPathError(`${where}: not a list`);
      const byIndex = /^\d+$/.test(step.select);
      const picked = step.select === '*' ? items : byIndex ? [items[Number(step.select)]] : items.filter((x) => isMap(x) && x.name === step.select);
      if (picked.length === 0 || picked[0] === undefined) throw new DocPathError(`${where}[${step.select}]: no item ${byIndex ? 'at that index' : `named "${step.select}"`}`);
      if (last) throw new DocPathError(`${where}[${step.select}]: a knob must end in a field, not a list item`);
      next.push(...picked);
    }
    nodes = next;
    if (step.select !== undefined) where += `[${step.select}]`;
  });
  return nodes as { parent: Json; key: string }[];
}

/** What is missing where the path leaves the document, or undefined when it reaches a field (which may be absent). */
export function missingAlong(doc: unknown, steps: readonly DocPathStep[]): string | undefined {
  try {
    locateDocPath(doc, steps);
    return undefined;
  } catch (err) {
    if (err instanceof DocPathError) return err.message;
    throw err;
  }
}
