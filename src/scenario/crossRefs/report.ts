import type { FieldPath, Problem } from '../errors.js';
import { didYouMean } from '../hints.js';

/**
 * How the per-section checks report: one shared list, so problems keep the order in which the
 * sections are checked (topology, clusters, workload, designs, faults, run, plan).
 */
export class Reporter {
  readonly problems: Problem[] = [];
  /**
   * The problems that only say a name refers to nothing (unknown): the loader also looks for these
   * in a copy of a file with schema errors whose invalid fields were given placeholder values, so
   * that a bad field does not hide a dangling name in the same object (load.ts).
   */
  readonly unknownNames = new Set<Problem>();

  err(path: FieldPath, message: string, expected?: string, hint?: string, at?: 'key' | 'value'): void {
    this.problems.push({ path, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}), ...(at ? { at } : {}) });
  }

  warn(path: FieldPath, message: string, hint?: string): void {
    this.problems.push({ path, message, severity: 'warning', ...(hint ? { hint } : {}) });
  }

  /** A name that refers to nothing: lists the candidates when few, and suggests the closest. */
  unknown(path: FieldPath, what: string, name: string, known: Iterable<string>): void {
    const list = [...known];
    this.err(path, `unknown ${what} "${name}"`, list.length > 0 && list.length <= 12 ? `one of ${list.join(', ')}` : `a known ${what}`, didYouMean(name, list));
    this.unknownNames.add(this.problems[this.problems.length - 1]);
  }

  /** Every repeat of a name in a list, pointing back at its first use. */
  duplicates(items: readonly { name: string }[] | undefined, base: FieldPath, what: string): void {
    const seen = new Map<string, number>();
    items?.forEach((it, i) => {
      const first = seen.get(it.name);
      if (first !== undefined) this.err([...base, i, 'name'], `duplicate ${what} name "${it.name}"`, `a name not used before (first at ${base.join('.')}[${first}])`);
      else seen.set(it.name, i);
    });
  }
}
