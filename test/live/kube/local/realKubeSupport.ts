import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { KUBE_PROGRAMS, kubeBinDir } from '../../../../src/live/kube/local/binaries.js';
import { realProgram } from '../../../support/realProgram.js';

/** What the real local-control-plane tests need: openssl and the programs scripts/kube/build.sh builds. */
export function kubeNeeds() {
  const bin = kubeBinDir();
  return [
    realProgram({ program: 'openssl', install: 'apt-get install -y openssl' }),
    ...KUBE_PROGRAMS.map((p) => realProgram({ program: p, candidates: [join(bin, p)], install: 'scripts/kube/build.sh' })),
  ];
}

/** Processes whose command line names `dir` (a run folder under it): none may outlive a test. */
export function processesUnder(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-f', dir], { encoding: 'utf8' }).trim().split('\n').filter((l) => l !== '');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
