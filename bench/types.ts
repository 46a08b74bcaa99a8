/** What every benchmark suite receives and returns. Kept apart from the registry so suites can import it. */

export interface BenchOptions {
  /** Short run: smaller batches and time budgets, for a smoke check (figures are noisier). */
  quick: boolean;
  /** Repository root (holds package.json), for the C source and the results folder. */
  repoRoot: string;
  /** Progress lines go here (stderr), so stdout carries only the tables. */
  log: (line: string) => void;
}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** A performance goal and whether this run met it; pass is null when it could not be evaluated. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

export interface SuiteResult {
  rows: Row[];
  /** Single figures that do not fit the table's rows. */
  figures?: Row;
  targets?: TargetCheck[];
  notes?: string[];
}

export interface Suite {
  /** Short, unique, used as the filter word and the results file name (bench/results/NAME.json). */
  name: string;
  description: string;
  /** Runs only when named (`npm run bench -- NAME`), never as part of the default all-suites run: it takes minutes. */
  optIn?: boolean;
  run(options: BenchOptions): Promise<SuiteResult>;
}
