import type { CST } from 'yaml';
import type { FieldPath, Problem } from './errors.js';
import { LIMITS, LIMITS_HINT } from './limits.js';

/**
 * Guards between YAML and the scenario checks, against files built to exhaust the checker:
 * nesting deeper than the composer's recursion can take, aliases that make a value contain
 * itself, and typed values no field accepts. Both walks use an explicit stack, never recursion.
 */

/** Offset of the first collection nested deeper than `max` levels in the CST, or undefined. */
export function deepestToken(tokens: readonly CST.Token[], max: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    switch (token.type) {
      case 'document':
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return token.offset;
        for (const item of token.items as readonly { key?: CST.Token | null; value?: CST.Token }[]) {
          if (item.key) stack.push({ token: item.key, depth: depth + 1 });
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/**
 * A copy of the YAML's data as plain values. Reported (and replaced by null): values of YAML tags
 * no field takes (!!binary, !!set, !!timestamp give typed arrays, Sets, Dates), a value that
 * contains itself through an alias, and nesting deeper than the limit after aliases expand.
 * A "__proto__" key is refused; "constructor" and "prototype" stay ordinary keys.
 */
export function plainOnly(root: unknown, rootPath: FieldPath, problems: Problem[]): unknown {
  interface Frame {
    readonly value: object;
    readonly path: FieldPath;
    readonly out: Record<string, unknown> | unknown[];
    readonly ancestors: ReadonlySet<object>;
  }
  const stack: Frame[] = [];
  const copy = (v: unknown, path: FieldPath, ancestors: ReadonlySet<object>): unknown => {
    if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? Number(v) : v;
    if (ancestors.has(v)) {
      problems.push({ path, message: 'this value contains itself (an alias refers to an anchor around it)', expected: 'aliases (*name) that refer to a value defined elsewhere', hint: 'an alias cannot be placed inside the value its anchor (&name) marks' });
      return null;
    }
    if (path.length - rootPath.length > LIMITS.nestingDepth) {
      problems.push({ path, message: `the data nests deeper than ${LIMITS.nestingDepth} levels once aliases are expanded`, expected: `at most ${LIMITS.nestingDepth} levels`, hint: `aliases inside aliases multiply the depth; ${LIMITS_HINT}` });
      return null;
    }
    if (!Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        problems.push({ path, message: `unsupported YAML value (${(v as object).constructor?.name ?? 'tagged value'})`, expected: 'a plain scalar, list or mapping', hint: 'remove the !!tag' });
        return null;
      }
    }
    const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? new Array<unknown>(v.length) : {};
    stack.push({ value: v, path, out, ancestors: new Set([...ancestors, v]) });
    return out;
  };
  const result = copy(root, rootPath, new Set());
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (Array.isArray(f.value)) {
      const out = f.out as unknown[];
      f.value.forEach((x, i) => (out[i] = copy(x, [...f.path, i], f.ancestors)));
    } else {
      for (const [k, x] of Object.entries(f.value)) {
        if (k === '__proto__') {
          // JavaScript objects cannot hold it as an ordinary key everywhere (zod drops it): refuse it rather than lose it.
          problems.push({ path: [...f.path, k], at: 'key', message: 'the key "__proto__" is not allowed', expected: 'a name that is not "__proto__"', hint: 'rename it (a Kubernetes label key cannot start with "_" either)' });
          continue;
        }
        Object.defineProperty(f.out, k, { value: copy(x, [...f.path, k], f.ancestors), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return result;
}
