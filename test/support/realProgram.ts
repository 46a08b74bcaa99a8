import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { describe, it } from 'vitest';

/**
 * Tests that drive a real program (etcd, chromium, tmux …) and what happens when it is missing.
 *
 * On a machine with only Node and npm, `npm test` stays green: such a suite is skipped and the reason
 * is printed. Under CI (the CI variable set, as .ci/run does) or with FLEETSIM_REQUIRE_REAL=1, a
 * missing program is a FAILURE instead: the suite is replaced by one failing test that names the
 * program and how to install it, so CI can never go green without running the real thing.
 *
 * One exception, declared with `neverRequired`: programs that cannot run on the build machines or
 * in CI at all (Docker, and kind on top of it). Their suites stay skipped, with the printed reason,
 * even under CI.
 */
export interface RealProgram {
  /** The program as the tests call it, e.g. "etcd". */
  readonly program: string;
  /** Where it was found; undefined when missing. */
  readonly path: string | undefined;
  /** Why the suite is skipped; undefined when it runs (found) or must fail (missing but required). */
  readonly skipReason: string | undefined;
  /** Set when the program is missing but required: the message the failing test throws. */
  readonly missingError: string | undefined;
}

export interface RealProgramSpec {
  /** The name used in messages. */
  readonly program: string;
  /** Names (looked up on PATH) or absolute paths to try, in order; default [program]. */
  readonly candidates?: readonly (string | undefined)[];
  /** How to get it, e.g. "apt-get install -y etcd-server". */
  readonly install: string;
  /** Set (with the reason) for programs that cannot run here or in CI: skipped even when required. */
  readonly neverRequired?: string;
}

/** True under CI (CI set to anything but "", "0" or "false") or with FLEETSIM_REQUIRE_REAL=1. */
export function realProgramsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FLEETSIM_REQUIRE_REAL === '1') return true;
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

/** Why requirement is on, for messages. */
function requiredBecause(env: NodeJS.ProcessEnv): string {
  return env.FLEETSIM_REQUIRE_REAL === '1' ? 'FLEETSIM_REQUIRE_REAL=1' : `CI=${env.CI}`;
}

function executableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on the PATH (an absolute path is checked as it is), or undefined. */
export function findOnPath(name: string, envPath: string | undefined = process.env.PATH): string | undefined {
  if (isAbsolute(name)) return executableFile(name) ? name : undefined;
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (executableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Look a program up and decide: run (found), skip (missing, not required) or fail (missing, required). */
export function realProgram(spec: RealProgramSpec, env: NodeJS.ProcessEnv = process.env): RealProgram {
  const candidates = (spec.candidates ?? [spec.program]).filter((c): c is string => c !== undefined && c !== '');
  for (const c of candidates) {
    const path = findOnPath(c, env.PATH);
    if (path !== undefined) return { program: spec.program, path, skipReason: undefined, missingError: undefined };
  }
  const where = `${candidates.join(', ')} not found on PATH`;
  if (spec.neverRequired !== undefined) return { program: spec.program, path: undefined, skipReason: `${where}; ${spec.neverRequired}`, missingError: undefined };
  if (realProgramsRequired(env)) {
    return {
      program: spec.program,
      path: undefined,
      skipReason: undefined,
      missingError: `${spec.program} is required (${requiredBecause(env)}) but ${where}: ${spec.install}. A missing program may not skip these tests under CI.`,
    };
  }
  return { program: spec.program, path: undefined, skipReason: `${where} (${spec.install}); under CI this would fail`, missingError: undefined };
}

/**
 * `describe` for a suite that needs real programs: runs it when all are found; otherwise skips it
 * with the reason printed, or (when required) replaces it by one failing test naming what is missing.
 */
export function describeWithPrograms(needs: readonly RealProgram[], title: string, body: () => void): void {
  const missing = needs.filter((n) => n.missingError !== undefined);
  if (missing.length > 0) {
    describe(title, () => {
      for (const n of missing) {
        it(`needs ${n.program}`, () => {
          throw new Error(n.missingError);
        });
      }
    });
    return;
  }
  const skipped = needs.filter((n) => n.skipReason !== undefined);
  if (skipped.length > 0) {
    console.warn(`skipping "${title}": ${skipped.map((n) => n.skipReason).join('; ')}`);
    describe.skip(title, body);
    return;
  }
  describe(title, body);
}
