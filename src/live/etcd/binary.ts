import { accessSync, constants, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

/** Where the etcd binary is, and its version as it reports it. */
export interface EtcdBinary {
  path: string;
  version: string;
}

export class EtcdNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EtcdNotFoundError';
  }
}

const INSTALL_HINT = 'install it (Debian/Ubuntu: apt-get install -y etcd-server) or give its path with --etcd-bin';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first `etcd` on PATH, or undefined. */
export function etcdOnPath(envPath: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'etcd');
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** Find etcd (an explicit path wins over PATH) and read its version; throws EtcdNotFoundError with a hint. */
export function findEtcd(explicitPath?: string): EtcdBinary {
  const path = explicitPath ?? etcdOnPath();
  if (path === undefined) throw new EtcdNotFoundError(`no etcd binary on PATH; ${INSTALL_HINT}`);
  if (!executable(path)) throw new EtcdNotFoundError(`--etcd-bin ${path}: not an executable file; ${INSTALL_HINT}`);
  let out: string;
  try {
    out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new EtcdNotFoundError(`${path} --version failed (${(err as Error).message.split('\n')[0]}); is it etcd?`);
  }
  const m = /etcd Version:\s*(\S+)/.exec(out);
  if (m === null) throw new EtcdNotFoundError(`${path} --version did not print "etcd Version: …"; is it etcd?`);
  return { path, version: m[1] };
}

/** Major.minor as numbers, e.g. "3.4.23" → [3, 4]. */
export function etcdMinorVersion(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
}
