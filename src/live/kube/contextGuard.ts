/**
 * Destructive experiments (stopping nodes, deleting pods) run only against a kind cluster on this
 * machine, recognised by what the cluster IS, not by what its context is CALLED: a context named
 * "kind-prod" that points at a production API server must be refused.
 *
 * A kind cluster, as kind (sigs.k8s.io/kind) creates it:
 * - its API server is published on a loopback address (networking.apiServerAddress defaults to
 *   127.0.0.1, or ::1 for IPv6 clusters; pkg/apis/config/v1alpha4/default.go);
 * - every node's spec.providerID is "kind://<provider>/<cluster>/<node>" (kind sets the kubelet's
 *   provider-id so in its kubeadm config; <provider> is docker, podman or nerdctl), and <node> is the
 *   node's name, which is also its container's name (what `docker stop` acts on).
 * Both must hold, for every node, with one <cluster> for all. A loopback URL alone is not enough (an
 * SSH tunnel to production is loopback too); node names alone are just names.
 *
 * The one way around: --allow-context NAME, naming the context explicitly.
 */
export interface ClusterIdentity {
  context: string;
  /** API server URL from the kubeconfig. */
  server: string | undefined;
  nodes: ReadonlyArray<{ name: string; providerId?: string | undefined }>;
}

const KIND_PROVIDER_ID = /^kind:\/\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** Is the URL's host a loopback address (127.0.0.0/8, ::1, localhost)? */
export function isLoopbackServer(server: string | undefined): boolean {
  if (server === undefined) return false;
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255);
}

const wayOut = (context: string) => `If you mean it, add --allow-context ${context}`;

/**
 * Before any request: refuse a context whose API server is not on this machine, unless named with
 * --allow-context. Returns the refusal, or undefined to go on.
 */
export function serverRefusal(context: string, server: string | undefined, allowContexts: readonly string[]): string | undefined {
  if (allowContexts.includes(context)) return undefined;
  if (isLoopbackServer(server)) return undefined;
  return `refusing to run a destructive experiment against context "${context}": its API server ${server ?? '(none)'} is not on a loopback address, so it is not a kind cluster on this machine. ${wayOut(context)}`;
}

/**
 * With the nodes read: accept only a kind cluster (loopback server, every node kind's providerID
 * naming one cluster and the node itself) or a context named with --allow-context.
 */
export function destructiveRefusal(identity: ClusterIdentity, allowContexts: readonly string[]): string | undefined {
  const { context } = identity;
  if (allowContexts.includes(context)) return undefined;
  const serverProblem = serverRefusal(context, identity.server, []);
  if (serverProblem !== undefined) return serverProblem;
  const refuse = (why: string) => `refusing to run a destructive experiment against context "${context}": ${why}, so it is not a kind cluster. ${wayOut(context)}`;
  if (identity.nodes.length === 0) return refuse('the cluster reports no nodes');
  const clusters = new Set<string>();
  for (const n of identity.nodes) {
    const m = KIND_PROVIDER_ID.exec(n.providerId ?? '');
    if (m === null) return refuse(`node "${n.name}" has providerID ${n.providerId === undefined ? '(none)' : `"${n.providerId}"`}, not kind's "kind://<provider>/<cluster>/<node>"`);
    if (m[3] !== n.name) return refuse(`node "${n.name}" has providerID "${n.providerId}", which names another node`);
    clusters.add(m[2]);
  }
  if (clusters.size > 1) return refuse(`its nodes name ${clusters.size} kind clusters (${[...clusters].join(', ')})`);
  return undefined;
}

