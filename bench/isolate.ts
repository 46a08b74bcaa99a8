import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BatchTiming } from './measure.js';
import type { tasks, TaskName } from './tasks.js';

const execFileAsync = promisify(execFile);

type Result<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;
type Params<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];

/** Node arguments that run a sibling module of this file, compiled (.js) or under tsx (.ts). */
export function siblingScript(name: string, nodeFlags: readonly string[] = []): string[] {
  const self = fileURLToPath(import.meta.url);
  const ext = path.extname(self);
  return [...nodeFlags, ...(ext === '.ts' ? ['--import', 'tsx'] : []), path.join(path.dirname(self), `${name}${ext}`)];
}

/** Run one measurement task in a fresh Node process and return its result. */
export async function inFreshProcess<N extends TaskName>(name: N, params: Params<N>): Promise<Result<N>> {
  const { stdout } = await execFileAsync(process.execPath, [...siblingScript('child'), name, JSON.stringify(params)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Result<N>;
}

/**
 * Other work shares this machine's cores, so a figure is measured `repeats` times, each in its
 * own process, and the fastest (least disturbed) median is kept; the spread is reported as noise.
 */
export async function bestOf<N extends TaskName>(
  repeats: number,
  name: N,
  params: Params<N>,
): Promise<Result<N> & { spreadPct: number }> {
  const runs: Array<Result<N>> = [];
  for (let i = 0; i < repeats; i++) runs.push(await inFreshProcess(name, params));
  const ns = runs.map((r) => (r as BatchTiming).nsPerOp);
  const best = runs[ns.indexOf(Math.min(...ns))];
  const spreadPct = (100 * (Math.max(...ns) - Math.min(...ns))) / Math.min(...ns);
  return { ...best, spreadPct };
}
