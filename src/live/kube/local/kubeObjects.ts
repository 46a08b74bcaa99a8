import type { V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';
import type { LocalKubeCluster } from './localKubeCluster.js';

/** What the local experiments read from the API's objects, and how they wait for it. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The node's Ready condition is True. */
export const nodeReady = (n: V1Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** The pod's Ready condition is True (whether or not it is being deleted). */
export const podReadyCondition = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** The pod is Ready and not being deleted: it serves. */
export const podReady = (p: V1Pod) => p.metadata?.deletionTimestamp == null && podReadyCondition(p);

/** The node.kubernetes.io/unreachable:NoExecute taint the node controller gives, if the node has it. */
export const unreachableTaint = (n: V1Node): V1Taint | undefined => n.spec?.taints?.find((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');

/** Poll until `check` returns a value (not undefined), asserting the processes run; bounded by timeoutMs. */
export async function until<T>(cluster: LocalKubeCluster, what: string, timeoutMs: number, pollMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    cluster.assertRunning();
    const v = await check();
    if (v !== undefined) return v;
    await sleep(pollMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
