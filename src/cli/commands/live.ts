import { statSync } from 'node:fs';
import { parseDuration } from '../../scenario/index.js';
import { EXIT_RUNTIME_ERROR, UserError } from '../exitCodes.js';
import { requireFormat } from '../structuredOutput.js';

export interface LiveUpOptions {
  members: number;
  nodes: number;
  zones: number;
  replicas: number;
  for?: string;
  kubeBin?: string;
  tmpDir?: string;
  output: string;
}

/** `fleetsim live up`: member control planes on loopback until Ctrl-C or --for. */
export async function liveUpAction(opts: LiveUpOptions): Promise<void> {
  const output = requireFormat(opts.output, ['table', 'json'] as const);
  if (!Number.isInteger(opts.members) || opts.members < 1 || opts.members > 5) throw new UserError(`--members: expected 1..5 (each member is a control plane on this machine), got ${opts.members}`);
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1 || opts.nodes > 50) throw new UserError(`--nodes: expected 1..50, got ${opts.nodes}`);
  if (!Number.isInteger(opts.zones) || opts.zones < 1 || opts.zones > opts.nodes) throw new UserError(`--zones: expected 1..${opts.nodes} (--nodes), got ${opts.zones}`);
  if (!Number.isInteger(opts.replicas) || opts.replicas < 0 || opts.replicas > 500) throw new UserError(`--replicas: expected 0..500, got ${opts.replicas}`);
  if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
  let forMs: number | undefined;
  if (opts.for !== undefined) {
    const d = parseDuration(opts.for);
    if (!d.ok || !(d.value > 0)) throw new UserError(`--for: expected a positive duration such as 10m, got "${opts.for}"`);
    forMs = d.value * 1000;
  }
  const { findKubeBinaries, KubeBinariesMissing, KUBE_VERSION } = await import('../../live/kube/local/binaries.js');
  const { OpensslMissing } = await import('../../live/kube/local/pki.js');
  const { LocalKubeFleet } = await import('../../live/kube/local/localKubeFleet.js');
  const { QUICK_SETTINGS, localNodes } = await import('../../live/kube/local/validateKubeLocal.js');
  const { EVICTION_DEFAULTS } = await import('../../live/kube/local/localKubeCluster.js');
  let fleet;
  try {
    const binaries = findKubeBinaries(opts.kubeBin);
    const members = Array.from({ length: opts.members }, (_, i) => ({ context: `fleetsim-member-${i + 1}`, nodes: localNodes(opts.nodes, opts.zones, `local-${i + 1}`), replicas: opts.replicas }));
    // Kubernetes' own node-lifecycle defaults: these are clusters to look at, not an experiment.
    const settings = { ...QUICK_SETTINGS, nodeMonitorGracePeriodS: 50, tolerationS: 300, ...EVICTION_DEFAULTS };
    fleet = await LocalKubeFleet.start({ binaries, settings, members, baseDir: opts.tmpDir, leaderElection: true, onProgress: (l) => process.stderr.write(`${l}\n`) });
    const info = { kubernetesVersion: KUBE_VERSION, kubeconfig: fleet.kubeconfigPath, members: fleet.members.map((m) => ({ context: m.context, server: m.cluster.serverUrl, folder: m.cluster.dir })) };
    if (output === 'json') process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    else {
      process.stdout.write(
        [
          `${info.members.length} member cluster(s) of Kubernetes ${KUBE_VERSION} on 127.0.0.1, ${opts.nodes} KWOK node(s) each in ${opts.zones} zone(s)${opts.replicas > 0 ? `, Deployment default/web with ${opts.replicas} replicas` : ''}:`,
          ...info.members.map((m) => `  ${m.context.padEnd(20)} ${m.server}`),
          '',
          `kubeconfig: ${info.kubeconfig}`,
          `  fleetsim import kube --kubeconfig ${info.kubeconfig} ${info.members.map((m) => `--context ${m.context}`).join(' ')} --out fleet.yaml`,
          '',
          forMs === undefined ? 'Running until Ctrl-C (everything is stopped and removed then).' : `Running for ${opts.for}.`,
          '',
        ].join('\n'),
      );
    }
    // Until --for is over (Ctrl-C is handled by the clean-up: everything stopped, exit 130); a
    // member's program exiting by itself ends the run with its log.
    const endAt = forMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + forMs;
    while (performance.now() < endAt) {
      fleet.assertRunning();
      await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, endAt - performance.now()))));
    }
  } catch (err) {
    if (err instanceof KubeBinariesMissing || err instanceof OpensslMissing || err instanceof RangeError) throw new UserError((err as Error).message);
    throw new UserError(`the local control planes failed: ${(err as Error).message}`, EXIT_RUNTIME_ERROR);
  } finally {
    await fleet?.stop();
  }
}
