import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The kind path for real (docs/live.md): needs docker with a running daemon, kind, and a cluster
 * created from `fleetsim kind config` with a Deployment "web" in namespace default. Set
 * FLEETSIM_KIND_CONTEXT=kind-<name> to run it; otherwise it is skipped with the reason printed.
 */
function missing(): string | undefined {
  const context = process.env.FLEETSIM_KIND_CONTEXT;
  for (const [cmd, args] of [
    ['docker', ['info']],
    ['kind', ['version']],
  ] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: 'ignore', timeout: 15_000 });
    } catch {
      return `${cmd} ${args.join(' ')} failed or ${cmd} is not installed`;
    }
  }
  if (context === undefined) return 'FLEETSIM_KIND_CONTEXT is not set (see docs/live.md)';
  return undefined;
}

const reason = missing();
if (reason !== undefined) console.warn(`skipping the kind tests: ${reason}`);

describe.skipIf(reason !== undefined)('validate kube on a kind cluster', () => {
  it('pod-kill: the cluster recovers and the verdict is printed', { timeout: 300_000 }, async () => {
    const { main } = await import('../../../src/cli/main.js');
    const code = await main(['validate', 'kube', '--context', process.env.FLEETSIM_KIND_CONTEXT!, '--deployment', 'web', '--experiment', 'pod-kill', '--trials', '2', '--output', 'json']);
    expect([0, 3]).toContain(code);
  });
});
