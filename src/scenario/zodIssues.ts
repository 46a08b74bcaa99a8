import type * as z from 'zod';
import type { FieldPath, Problem } from './errors.js';
import { closest } from './hints.js';
import { LIMITS_HINT } from './limits.js';
import type { IssueParams } from './schema.js';

/** Turns zod issues into Problems with a plain-language message, what was expected and a hint. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], root: unknown, schema: z.ZodType, prefix: FieldPath = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) out.push(...translate(issue, root, schema, prefix));
  // "unknown key nodepools, did you mean nodePools?" already says what "missing nodePools" would.
  const misspelt = new Set(out.filter((p) => p.hint?.startsWith('did you mean') && p.at === 'key').map((p) => `${JSON.stringify(p.path.slice(0, -1))}|${/"(.*)"/.exec(p.hint!)?.[1]}`));
  return out.filter((p) => !(p.message.startsWith('missing required field') && misspelt.has(`${JSON.stringify(p.path.slice(0, -1))}|${String(p.path[p.path.length - 1])}`)));
}

const ZOD_DEFAULT = /^(Invalid input|Invalid option|Too small|Too big|Invalid string)/;

function valueAt(root: unknown, path: FieldPath): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
  tuple: 'a list',
};

function translate(issue: z.core.$ZodIssue, root: unknown, schema: z.ZodType, prefix: FieldPath): Problem[] {
  const path: FieldPath = [...prefix, ...(issue.path as (string | number)[])];
  const raw = valueAt(root, path);
  const last = path[path.length - 1];
  const custom = ZOD_DEFAULT.test(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path, root);
      return issue.keys.map((key) => {
        const guess = closest(key, allowed);
        return {
          path: [...path, key],
          at: 'key' as const,
          message: `unknown key "${key}"`,
          expected: allowed.length > 0 ? `one of ${allowed.join(', ')}` : undefined,
          ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
        };
      });
    }
    case 'invalid_type':
    case 'invalid_union': {
      if (raw === undefined) {
        const parent = valueAt(root, path.slice(0, -1));
        if (typeof last === 'string' && parent !== null && typeof parent === 'object') {
          return [{ path, message: `missing required field "${last}"`, expected: custom ?? expectedType(issue) }];
        }
      }
      if (issue.code === 'invalid_union' && raw !== null && typeof raw === 'object') {
        // Explain with the branch that got furthest: the one whose issues are not about the root type.
        const branch = issue.errors.find((errs) => errs.length > 0 && errs.every((e) => !(e.path.length === 0 && (e.code === 'invalid_type' || e.code === 'invalid_value'))));
        if (branch !== undefined) return problemsFromIssues(branch, root, schema, path);
      }
      if (typeof raw === 'number' && !Number.isFinite(raw)) {
        // YAML reads .inf, .nan and 1e400 as numbers; no field takes them.
        return [{ path, message: `${String(raw)} is not a finite number`, expected: custom ?? expectedType(issue), hint: `write a finite number (.inf, .nan and values beyond 1.8e308, such as 1e400, are refused); ${LIMITS_HINT}` }];
      }
      return [{ path, message: `wrong type: got ${describeValue(raw)}`, expected: custom ?? expectedType(issue) }];
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const guess = typeof raw === 'string' ? closest(raw, values) : undefined;
      return [
        {
          path,
          message: raw === undefined ? `missing required field "${String(last)}"` : `invalid value ${describeValue(raw)}`,
          expected: values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${values.join(', ')}`,
          ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
        },
      ];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      if (issue.origin === 'array') {
        return [{ path, message: small ? (Number(bound) === 1 ? 'must not be empty' : 'too few items') : `too many items (${Array.isArray(raw) ? raw.length : '?'})`, expected: `${small ? 'at least' : 'at most'} ${String(bound)} item${Number(bound) === 1 ? '' : 's'}`, ...(small ? {} : { hint: LIMITS_HINT }) }];
      }
      const op = small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      // Upper bounds are fleetsim's limits (limits.ts), documented with their reasons.
      return [{ path, message: `${describeValue(raw)} is too ${small ? 'small' : 'large'}`, expected: `a number ${op} ${String(bound)}`, ...(small ? {} : { hint: LIMITS_HINT }) }];
    }
    case 'invalid_format':
      return [{ path, message: `invalid value ${describeValue(raw)}`, expected: custom ?? `a string matching ${(issue as { pattern?: string }).pattern ?? issue.format}` }];
    case 'custom': {
      const params = (issue.params ?? {}) as IssueParams;
      return [{ path, message: issue.message, expected: params.expected, ...(params.hint ? { hint: params.hint } : {}), ...(params.at ? { at: params.at } : {}) }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function expectedType(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return TYPE_NAMES[issue.expected] ?? issue.expected;
  return 'another type';
}

/** Keys an object schema at this path accepts (through arrays, records, optionals, unions). */
export function allowedKeysAt(schema: z.ZodType, path: FieldPath, root: unknown): string[] {
  let nodes: unknown[] = [schema];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const n of nodes.flatMap(unwrap)) {
      const def = defOf(n);
      if (def.type === 'object' && typeof seg === 'string') {
        const s = (def.shape as Record<string, unknown>)[seg];
        if (s !== undefined) next.push(s);
      } else if (def.type === 'array' && typeof seg === 'number') next.push(def.element);
      else if (def.type === 'record') next.push(def.valueType);
      else if (def.type === 'tuple' && typeof seg === 'number') next.push((def.items as unknown[])[seg]);
    }
    nodes = next;
  }
  const keys = new Set<string>();
  for (const n of nodes.flatMap(unwrap)) {
    const def = defOf(n);
    if (def.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  void root;
  return [...keys];
}

interface Def {
  type: string;
  [k: string]: unknown;
}

function defOf(s: unknown): Def {
  return (s as { _zod: { def: Def } })._zod.def;
}

function unwrap(s: unknown): unknown[] {
  const def = defOf(s);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return unwrap(def.innerType);
    case 'pipe':
      return unwrap(def.in);
    case 'union':
      return (def.options as unknown[]).flatMap(unwrap);
    case 'lazy':
      return unwrap((def.getter as () => unknown)());
    default:
      return [s];
  }
}
