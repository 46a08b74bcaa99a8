import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** What bench/c/hold.c reports for one pending size. */
export interface CHoldFigure {
  pending: number;
  holds: number;
  warmupHolds: number;
  nsPerHold: number[];
  finalTimeS: number;
}

export interface CHoldRun {
  compiler: string;
  expNsPerDraw: number[];
  figures: CHoldFigure[];
}

/** Why the C loop was not run, or null when it ran. */
export type CHoldResult = { ok: true; run: CHoldRun } | { ok: false; reason: string };

/** Compile bench/c/hold.c with `cc -O2` into bench/build/ (git-ignored). Returns the binary or a reason. */
export function compileHold(repoRoot: string): { binary: string } | { reason: string } {
  const source = path.join(repoRoot, 'bench', 'c', 'hold.c');
  if (!existsSync(source)) return { reason: `missing ${source}` };
  const outDir = path.join(repoRoot, 'bench', 'build');
  mkdirSync(outDir, { recursive: true });
  const binary = path.join(outDir, 'hold');
  try {
    execFileSync('cc', ['-O2', '-o', binary, source, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') return { reason: 'no C compiler (cc) on PATH: C reference loop skipped' };
    return { reason: `cc failed: ${e.stderr?.toString().trim() ?? e.message}` };
  }
  return { binary };
}

export function compilerVersion(): string {
  try {
    return execFileSync('cc', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

/** Run the compiled loop: `holds` holds per round, `rounds` rounds, for each pending size. */
export function runHold(binary: string, holds: number, rounds: number, pendings: readonly number[]): CHoldRun {
  const out = execFileSync(binary, [String(holds), String(rounds), ...pendings.map(String)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const [expLine, ...rest] = lines;
  return {
    compiler: compilerVersion(),
    expNsPerDraw: expLine.expNsPerDraw as number[],
    figures: rest as unknown as CHoldFigure[],
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
