import { accessSync, constants, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';

/**
 * Where PostgreSQL's server programs are (initdb, postgres, pg_basebackup), and as whom to run them.
 *
 * Debian puts them in /usr/lib/postgresql/<major>/bin, off the PATH (only wrappers and a few links
 * such as /usr/local/bin/initdb are on it), so the lookup is: an explicit --pg-bin directory, then
 * the directory of an `initdb` on the PATH (links resolved), then the newest /usr/lib/postgresql/N/bin.
 *
 * PostgreSQL refuses to run as root. When fleetsim runs as root the servers run as the `postgres`
 * system user (spawn's uid/gid), which owns their data directories; as anyone else, as that user.
 */
export interface PostgresBinaries {
  readonly binDir: string;
  /** "15.18" from `postgres --version`. */
  readonly version: string;
  readonly major: number;
}

export class PostgresNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresNotFoundError';
  }
}

const INSTALL_HINT = 'install it (Debian/Ubuntu: apt-get install -y postgresql) or give the directory of initdb and postgres with --pg-bin';
const PROGRAMS = ['initdb', 'postgres', 'pg_basebackup'] as const;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Candidate bin directories, best first (see the module comment). */
export function candidateBinDirs(envPath: string | undefined = process.env.PATH, libRoot = '/usr/lib/postgresql'): string[] {
  const out: string[] = [];
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const initdb = join(dir, 'initdb');
    if (!executable(initdb)) continue;
    try {
      out.push(dirname(realpathSync(initdb)));
    } catch {
      /* a dangling link */
    }
  }
  let majors: number[] = [];
  try {
    majors = readdirSync(libRoot)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => b - a);
  } catch {
    /* no Debian layout */
  }
  out.push(...majors.map((m) => join(libRoot, String(m), 'bin')));
  return [...new Set(out)];
}

/** Find the server programs (an explicit directory wins) and read the version; PostgresNotFoundError with a hint. */
export function findPostgres(explicitBinDir?: string): PostgresBinaries {
  const dirs = explicitBinDir !== undefined ? [explicitBinDir] : candidateBinDirs();
  const binDir = dirs.find((d) => PROGRAMS.every((p) => executable(join(d, p))));
  if (binDir === undefined) {
    const where = explicitBinDir !== undefined ? `--pg-bin ${explicitBinDir} lacks one of ${PROGRAMS.join(', ')}` : `no directory with ${PROGRAMS.join(', ')} (looked at ${dirs.length > 0 ? dirs.join(', ') : 'initdb on PATH and /usr/lib/postgresql/*/bin'})`;
    throw new PostgresNotFoundError(`${where}; ${INSTALL_HINT}`);
  }
  let out: string;
  try {
    out = execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new PostgresNotFoundError(`${join(binDir, 'postgres')} --version failed (${(err as Error).message.split('\n')[0]})`);
  }
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out);
  if (m === null) throw new PostgresNotFoundError(`${join(binDir, 'postgres')} --version did not print "postgres (PostgreSQL) N.M"; is it PostgreSQL?`);
  const major = Number(m[1]);
  // pg_promote() and standby.signal arrived in 12.
  if (major < 12) throw new PostgresNotFoundError(`PostgreSQL ${m[1]} is too old: validate postgres needs 12 or newer (pg_promote, standby.signal)`);
  return { binDir, version: m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1], major };
}

/** The uid/gid to run the servers as: undefined when we are not root (they run as us). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly user: string;
}

/** Parse a passwd(5) file for a user's uid and gid. */
export function passwdEntry(passwd: string, user: string): { uid: number; gid: number } | undefined {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 4) {
      const uid = Number(f[2]);
      const gid = Number(f[3]);
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
    }
  }
  return undefined;
}

/** As root: the `postgres` user (PostgreSQL will not run as root); otherwise undefined. */
export function serverUser(user = 'postgres', getuid: () => number | undefined = () => process.getuid?.(), passwdFile = '/etc/passwd'): RunAs | undefined {
  if (getuid() !== 0) return undefined;
  let passwd = '';
  try {
    passwd = readFileSync(passwdFile, 'utf8');
  } catch {
    /* handled below */
  }
  const entry = passwdEntry(passwd, user);
  if (entry === undefined || entry.uid === 0) {
    throw new PostgresNotFoundError(`running as root, PostgreSQL needs an unprivileged user to run as, and there is no "${user}" user in ${passwdFile} (Debian's postgresql package creates it; or run fleetsim as a normal user)`);
  }
  return { ...entry, user };
}
