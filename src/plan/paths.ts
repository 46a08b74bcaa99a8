/**
 * Knob paths into a scenario document: `clusters[eu-1].nodePools[general].count`. A bracket
 * selects list items by their `name` (or `*` for all, or a 0-based index); dots go into maps.
 */
export interface PathStep {
  readonly key: string;
  /** undefined: the key holds a map or a value, not a list. */
  readonly select: string | undefined;
}

const STEP = /^([A-Za-z_$][\w$-]*)(?:\[([^\]]+)\])?$/;

/** Parses a path; undefined when it is not well formed. */
export function parsePath(path: string): PathStep[] | undefined {
  const parts = splitDots(path);
  const steps: PathStep[] = [];
  for (const p of parts) {
    const m = STEP.exec(p);
    if (m === null) return undefined;
    steps.push({ key: m[1], select: m[2] });
  }
  return steps.length > 0 ? steps : undefined;
}

/** Splits on dots outside brackets (names in brackets may contain dots: m6i.xlarge is not a name, but eu.1 could be). */
function splitDots(path: string): string[] {
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

/**
 * The parents and final keys a path reaches in `doc`: every (container, key) whose value the knob
 * sets. Throws with what is missing when a step does not exist (the last key itself may be absent).
 */
export function locate(doc: unknown, steps: readonly PathStep[]): { parent: Json; key: string }[] {
  let nodes: unknown[] = [doc];
  let where = '';
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const next: unknown[] = [];
    const before = where;
    where = `${before}${before === '' ? '' : '.'}${step.key}`;
    for (const n of nodes) {
      if (!isMap(n)) throw new Error(`${where}: the document has no map here`);
      if (step.select === undefined) {
        if (last) next.push({ parent: n, key: step.key });
        else if (n[step.key] === undefined) throw new Error(`${where}: no such field`);
        else next.push(n[step.key]);
        continue;
      }
      const list = n[step.key];
      if (!Array.isArray(list)) throw new Error(`${where}: not a list`);
      const picked = step.select === '*' ? list : /^\d+$/.test(step.select) ? [list[Number(step.select)]] : list.filter((x) => isMap(x) && x.name === step.select);
      if (picked.length === 0 || picked[0] === undefined) throw new Error(`${where}[${step.select}]: no item ${/^\d+$/.test(step.select) ? 'at that index' : `named "${step.select}"`}`);
      if (last) throw new Error(`${where}[${step.select}]: a knob must end in a field, not a list item`);
      next.push(...picked);
    }
    nodes = next;
    if (step.select !== undefined) where += `[${step.select}]`;
  });
  return nodes as { parent: Json; key: string }[];
}

/** Sets every place the path reaches to `value`, in place. */
export function setAt(doc: unknown, steps: readonly PathStep[], value: unknown): void {
  for (const { parent, key } of locate(doc, steps)) parent[key] = value;
}
