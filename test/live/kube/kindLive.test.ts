import { execFileSync } from 'node:child_process';
import { expect, it, vi } from 'vitest';
import { describeWithPrograms, realProgram, type RealProgram } from '../../support/realProgram.js';

/**
 * The kind path for real (docs/live.md): needs docker with a running daemon, kind, and a cluster
 * created from `fleetsim kind config` with a Deployment "web" (registry.k8s.io/pause, 3 replicas,
 * image already on the nodes) in namespace default. Set FLEETSIM_KIND_CONTEXT=kind-<name> to run it.
 *
 * Docker cannot run on the build machines nor in CI, so this suite is the one exception to "a
 * missing program fails under CI": it stays skipped there, with the reason printed.
 */
const NO_DOCKER_HERE = 'Docker cannot run on the build machines or in CI, so the kind test is skipped even under CI';
const docker = realProgram({ program: 'docker', install: 'install Docker', neverRequired: NO_DOCKER_HERE });
const kind = realProgram({ program: 'kind', install: 'go install sigs.k8s.io/kind@latest', neverRequired: 'kind runs its nodes in Docker' });

/** The daemon and the context, which finding the programs does not tell. */
function environment(): RealProgram {
  const skip = (skipReason: string): RealProgram => ({ program: 'a kind cluster', path: undefined, skipReason, missingError: undefined });
  // A missing docker or kind already skips the suite with its own reason.
  if (docker.path === undefined || kind.path === undefined) return { program: 'a kind cluster', path: undefined, skipReason: undefined, missingError: undefined };
  try {
    execFileSync(docker.path, ['info'], { stdio: 'ignore', timeout: 15_000 });
  } catch {
    return skip(`docker info failed (no daemon?); ${NO_DOCKER_HERE}`);
  }
  if (process.env.FLEETSIM_KIND_CONTEXT === undefined) return skip('FLEETSIM_KIND_CONTEXT is not set (see docs/live.md)');
  return { program: 'a kind cluster', path: process.env.FLEETSIM_KIND_CONTEXT, skipReason: undefined, missingError: undefined };
}

interface KubeVerdict {
  experiment: string;
  replicas: number;
  trials: Array<{ recoveredS: number | null }>;
  comparison: { real: { median: number }; sim: { median: number }; reason: string };
  agree: boolean;
}

describeWithPrograms([docker, kind, environment()], 'validate kube on a kind cluster', () => {
  it('pod-kill: both trials recover and the model agrees (exit 0)', { timeout: 300_000 }, async () => {
    const { main } = await import('../../../src/cli/main.js');
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
    let code: number;
    try {
      code = await main(['validate', 'kube', '--context', process.env.FLEETSIM_KIND_CONTEXT!, '--deployment', 'web', '--experiment', 'pod-kill', '--trials', '2', '--output', 'json']);
    } finally {
      spy.mockRestore();
      process.exitCode = undefined;
    }
    const verdict = JSON.parse(out) as KubeVerdict;
    // A pause container on a node that has its image is Ready again within seconds: no trial may time
    // out, and the model (scheduler + pod start-up, median about 2 s) must agree within the tolerance
    // (25% of its median or one 1 s poll). A DISAGREE here (exit 3) is a finding, not noise.
    expect(verdict.experiment).toBe('pod-kill');
    expect(verdict.trials).toHaveLength(2);
    for (const t of verdict.trials) {
      expect(t.recoveredS).not.toBeNull();
      expect(t.recoveredS!).toBeLessThan(60);
    }
    expect(verdict.agree, verdict.comparison.reason).toBe(true);
    expect(code).toBe(0);
  });
});
