import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the real control-plane programs of `validate kube --local` are: built by
 * scripts/kube/build.sh from the Go modules under tools/kube/ into an ignored cache folder, one per
 * Kubernetes version. KUBE_VERSION must match tools/kube/kubernetes/go.mod (a test holds them together).
 */
export const KUBE_VERSION = 'v1.37.2';

export const KUBE_PROGRAMS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type KubeProgram = (typeof KUBE_PROGRAMS)[number];

export type KubeBinaries = Readonly<Record<KubeProgram, string>> & { readonly dir: string };

export class KubeBinariesMissing extends Error {
  override readonly name = 'KubeBinariesMissing';
}

/** The folder build.sh writes into: $FLEETSIM_KUBE_BIN, else ~/.cache/fleetsim/kube-bin/<version>. */
export function kubeBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.FLEETSIM_KUBE_BIN;
  if (override !== undefined && override !== '') return override;
  return join(homedir(), '.cache', 'fleetsim', 'kube-bin', KUBE_VERSION);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every program's path, or KubeBinariesMissing naming what is missing and how to build it. */
export function findKubeBinaries(dir: string = kubeBinDir()): KubeBinaries {
  const paths = Object.fromEntries(KUBE_PROGRAMS.map((p) => [p, join(dir, p)])) as Record<KubeProgram, string>;
  const missing = KUBE_PROGRAMS.filter((p) => !executable(paths[p]));
  if (missing.length > 0) {
    throw new KubeBinariesMissing(
      `${missing.join(', ')} not found in ${dir}: run scripts/kube/build.sh (builds Kubernetes ${KUBE_VERSION}, KWOK and etcd from tools/kube/; a cold build takes about 24 CPU-minutes, 12-15 minutes on an idle 2-core machine), or set FLEETSIM_KUBE_BIN to a folder that holds them`,
    );
  }
  return { ...paths, dir };
}
