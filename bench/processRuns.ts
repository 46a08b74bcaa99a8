import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fresh `fleetsim` processes timed as a user feels them (wall, Node's start-up included) and what
 * they cost (CPU of every thread): the job and scenarios suites.
 */

export interface Timing {
  wallS: number;
  /** CPU of the child (user + system, every thread), from /proc; null off Linux. */
  cpuS: number | null;
  stdout: string;
}

/** Clock ticks of the children this process has waited for (utime + stime of reaped children). */
function childTicks(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return null;
  }
}

/** One fresh `fleetsim` process: wall seconds and CPU seconds (Linux clock ticks are 1/100 s). */
export function fleetsim(repoRoot: string, args: readonly string[]): Timing {
  const before = childTicks();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/src/cli/main.js'), ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = (performance.now() - t0) / 1000;
  const after = childTicks();
  // 3: a plan whose configurations all miss the SLO still ran every point.
  if (r.status !== 0 && r.status !== 3) throw new Error(`fleetsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wallS, cpuS: before !== null && after !== null ? (after - before) / 100 : null, stdout: r.stdout };
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Every case `repeats` times in fresh processes, the cases alternating round by round (first
 * A B, then B A, …) so a change in the machine's load falls on both alike; medians.
 */
export function alternate(cases: readonly (readonly string[])[], repeats: number, run: (args: readonly string[]) => Timing, log: (s: string) => void): Timing[][] {
  const out: Timing[][] = cases.map(() => []);
  for (let k = 0; k < repeats; k++) {
    const order = cases.map((_, i) => i);
    if (k % 2 === 1) order.reverse();
    for (const i of order) {
      const t = run(cases[i]);
      log(`${cases[i].join(' ')}: ${t.wallS.toFixed(2)} s wall${t.cpuS !== null ? `, ${t.cpuS.toFixed(2)} s CPU` : ''}`);
      out[i].push(t);
    }
  }
  return out;
}

export const summary = (ts: readonly Timing[]) => ({
  wallS: median(ts.map((t) => t.wallS)),
  cpuS: ts.every((t) => t.cpuS !== null) ? median(ts.map((t) => t.cpuS!)) : null,
});

