import type { KubeConfig } from '@kubernetes/client-node';

/**
 * Kubernetes API clients whose every request has a deadline. @kubernetes/client-node sets none: a
 * server that accepts the connection and never answers (a hung API server, a half-open tunnel, a
 * firewall that drops replies) would hold `import kube` and `validate kube` forever. Each request
 * gets an AbortSignal that fires after `timeoutMs`; failures become a KubeApiError that names the
 * context, the server and what went wrong, in words a user can act on.
 */
export const DEFAULT_KUBE_REQUEST_TIMEOUT_MS = 10_000;

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
}

/** The server URL of a context, or undefined when the context or its cluster is missing. */
export function contextServer(kc: KubeConfig, context: string): string | undefined {
  const ctx = kc.getContextObject(context);
  if (ctx === null || ctx === undefined) return undefined;
  return kc.getCluster(ctx.cluster)?.server;
}

type ApiClass<T> = new (config: import('@kubernetes/client-node').Configuration) => T;

/** An API client for `context` (like KubeConfig.makeApiClient) with a deadline on every request. */
export async function timedApiClient<T>(kc: KubeConfig, context: string, api: ApiClass<T>, timeoutMs: number): Promise<T> {
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`request timeout must be a positive duration, got ${timeoutMs} ms`);
  const k8s = await import('@kubernetes/client-node');
  kc.setCurrentContext(context);
  const server = contextServer(kc, context);
  if (server === undefined) throw new KubeApiError(`context ${context}: no cluster server in the kubeconfig`);
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (request) => {
          request.setSignal(AbortSignal.timeout(timeoutMs));
          return request;
        },
        post: async (response) => response,
      },
    ],
  });
  return new api(config);
}

/** Why a request failed, as the user should read it. */
export function explainKubeFailure(err: unknown, context: string, server: string | undefined, timeoutMs: number): string {
  const at = `context ${context}${server !== undefined ? ` (${server})` : ''}`;
  const e = err as { name?: string; code?: string; message?: string; type?: string; errno?: string; cause?: { code?: string } };
  const code = e.code ?? e.errno ?? e.cause?.code;
  const message = String(e.message ?? err);
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted' || /aborted|timed? ?out/i.test(message)) {
    return `${at}: the API server did not answer within ${timeoutMs / 1000} s (is the cluster running and reachable? --request-timeout sets the limit)`;
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) return `${at}: connection refused (is the cluster running? for kind: kind get clusters)`;
  if (code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(message)) return `${at}: the server's host name does not resolve`;
  if (code === 'ECONNRESET' || /ECONNRESET|socket hang up/.test(message)) return `${at}: the connection was reset`;
  const status = /HTTP-Code: (\d+)/.exec(message)?.[1];
  if (status === '401' || status === '403') return `${at}: the API server refused our credentials (HTTP ${status})`;
  return `${at}: ${message.split('\n')[0]}`;
}

/** Run one API call; any failure becomes a KubeApiError with the explanation. */
export async function kubeCall<T>(what: string, kc: KubeConfig, context: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof KubeApiError) throw err;
    throw new KubeApiError(`${what}: ${explainKubeFailure(err, context, contextServer(kc, context), timeoutMs)}`);
  }
}
