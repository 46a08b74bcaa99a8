import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { JobResult } from './evaluator.js';

/**
 * Finished jobs, one JSON line each, so an interrupted plan resumes where it stopped. Keys name the
 * config by the hash of its full scenario text (knobs, horizon, seed included), the design and the
 * replication; the header holds a hash of the prices and usage, and a journal written under other
 * prices is ignored.
 */
export interface JournalHeader {
  readonly fleetsimPlanJournal: 1;
  readonly costSha: string;
}

export function readJournal(path: string, costSha: string): Map<string, JobResult> {
  const out = new Map<string, JobResult>();
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return out;
  try {
    const header = JSON.parse(lines[0]) as JournalHeader;
    if (header.fleetsimPlanJournal !== 1 || header.costSha !== costSha) return out;
  } catch {
    return out;
  }
  for (const line of lines.slice(1)) {
    try {
      const e = JSON.parse(line) as { k: string; r: JobResult };
      if (typeof e.k === 'string' && e.r !== null && typeof e.r === 'object') out.set(e.k, e.r);
    } catch {
      // A line cut short by a kill: everything before it is still good.
    }
  }
  return out;
}

export class JournalWriter {
  constructor(
    private readonly path: string,
    costSha: string,
    fresh: boolean,
  ) {
    if (fresh || !existsSync(path) || readJournal(path, costSha).size === 0) writeFileSync(path, JSON.stringify({ fleetsimPlanJournal: 1, costSha } satisfies JournalHeader) + '\n');
  }
  append(key: string, result: JobResult): void {
    appendFileSync(this.path, JSON.stringify({ k: key, r: result }) + '\n');
  }
}
