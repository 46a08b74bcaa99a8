import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { JobResult } from './evaluator.js';
import { jobResultSchema } from './sampleSchema.js';

/**
 * Finished jobs, one JSON line each, so an interrupted plan resumes where it stopped. Keys name the
 * config by the hash of its full scenario text (knobs, horizon, seed included), the design and the
 * replication; the header holds a hash of the prices and usage, and a journal written under other
 * prices is ignored. Each line carries a checksum of its key and result: a line cut short by a kill,
 * damaged on disk or edited by hand is skipped (the job runs again) rather than trusted. Lines may
 * come in any order and with gaps: the search puts results in replication order itself.
 */
export interface JournalHeader {
  readonly fleetsimPlanJournal: 2;
  readonly costSha: string;
}

interface JournalLine {
  readonly k: string;
  readonly r: JobResult;
  /** checksum(k, r). */
  readonly h: string;
}

const checksum = (key: string, resultJson: string) => createHash('sha256').update(key).update('\n').update(resultJson).digest('hex').slice(0, 16);

export function readJournal(path: string, costSha: string): Map<string, JobResult> {
  const out = new Map<string, JobResult>();
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return out;
  try {
    const header = JSON.parse(lines[0]) as JournalHeader;
    if (header.fleetsimPlanJournal !== 2 || header.costSha !== costSha) return out;
  } catch {
    return out;
  }
  for (const line of lines.slice(1)) {
    const entry = parseLine(line);
    if (entry !== undefined) out.set(entry.k, entry.r);
  }
  return out;
}

function parseLine(line: string): { k: string; r: JobResult } | undefined {
  let e: Partial<JournalLine>;
  try {
    e = JSON.parse(line) as Partial<JournalLine>;
  } catch {
    return undefined;
  }
  // A damaged line may parse to an object without its result (a flipped byte in the "r" key): skipped
  // like any other damage; hashing its missing result threw and stopped the whole resume.
  if (typeof e !== 'object' || e === null || typeof e.k !== 'string' || typeof e.h !== 'string' || typeof e.r !== 'object' || e.r === null) return undefined;
  if (checksum(e.k, JSON.stringify(e.r)) !== e.h) return undefined;
  const r = jobResultSchema.safeParse(e.r);
  return r.success ? { k: e.k, r: e.r as JobResult } : undefined;
}

export class JournalWriter {
  constructor(
    private readonly path: string,
    costSha: string,
    fresh: boolean,
  ) {
    if (fresh || !existsSync(path) || readJournal(path, costSha).size === 0) writeFileSync(path, JSON.stringify({ fleetsimPlanJournal: 2, costSha } satisfies JournalHeader) + '\n');
    // A kill mid-line leaves no newline: start on a fresh line, so the next entry is not glued to the torn one.
    else if (!readFileSync(path, 'utf8').endsWith('\n')) appendFileSync(path, '\n');
  }
  append(key: string, result: JobResult): void {
    const r = JSON.stringify(result);
    appendFileSync(this.path, `{"k":${JSON.stringify(key)},"r":${r},"h":"${checksum(key, r)}"}\n`);
  }
}
