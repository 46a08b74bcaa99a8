import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { loadKubeConfig, readClusterSnapshot } from '../../../src/live/kube/snapshot.js';
import { KubeApiError } from '../../../src/live/kube/apiClient.js';
import { freePort } from '../../../src/live/ports.js';

/**
 * Kubernetes API calls have deadlines, and an unreachable cluster is a clear error before anything
 * happens. A "hung" server: a TCP server on 127.0.0.1 that accepts connections and never answers.
 * A "refused" one: a port nobody listens on. An "EKS over a tunnel": a loopback HTTP server
 * replaying EKS's node list (test/fixtures/kube/api/eks).
 */
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-kube-timeout-'));
const sockets = new Set<Socket>();
let hung: Server;
let eks: HttpServer;
let kubeconfig: string;

const listen = (s: Server | HttpServer) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));

beforeAll(async () => {
  hung = createServer((socket) => {
    sockets.add(socket); // accept, read nothing, answer nothing
    socket.on('error', () => undefined);
  });
  const hungPort = await listen(hung);
  const refusedPort = await freePort();
  const eksNodes = readFileSync(join(import.meta.dirname, '../../fixtures/kube/api/eks/nodes.json'));
  eks = createHttpServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(path === '/api/v1/nodes' ? eksNodes : JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: [] }));
  });
  const eksPort = await listen(eks);
  kubeconfig = join(dir, 'config');
  const cluster = (name: string, server: string) => `- name: ${name}\n  cluster: { server: "${server}", insecure-skip-tls-verify: true }\n`;
  const context = (name: string, c: string) => `- name: ${name}\n  context: { cluster: ${c}, user: u }\n`;
  writeFileSync(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters:\n' +
      cluster('hung', `http://127.0.0.1:${hungPort}`) +
      cluster('refused', `http://127.0.0.1:${refusedPort}`) +
      cluster('eks-tunnel', `http://127.0.0.1:${eksPort}`) +
      cluster('prod', 'https://prod.example.invalid:6443') +
      'users:\n- name: u\n  user: { token: t }\ncontexts:\n' +
      context('kind-hung', 'hung') +
      context('kind-refused', 'refused') +
      context('kind-tunnel', 'eks-tunnel') +
      context('kind-prod', 'prod') +
      'current-context: kind-hung\n',
  );
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([hung, eks].map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string; elapsedMs: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  process.exitCode = undefined;
  const t0 = performance.now();
  try {
    const code = await main(args);
    return { code, out, err, elapsedMs: performance.now() - t0 };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('Kubernetes API requests have a deadline', () => {
  it('a server that accepts but never answers: a KubeApiError within the deadline, not a hang', { timeout: 10_000 }, async () => {
    const kc = await loadKubeConfig(kubeconfig);
    const t0 = performance.now();
    const failure = await readClusterSnapshot(kc, 'kind-hung', 500).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(KubeApiError);
    expect((failure as Error).message).toMatch(/context kind-hung \(http:\/\/127\.0\.0\.1:\d+\): the API server did not answer within 0\.5 s/);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(sockets.size).toBeGreaterThan(0); // it did connect: the deadline, not a refusal, ended it
  });

  it('a refused connection says so', async () => {
    const kc = await loadKubeConfig(kubeconfig);
    await expect(readClusterSnapshot(kc, 'kind-refused', 2000)).rejects.toThrow(/context kind-refused .*: connection refused/);
  });
});

describe('validate kube: an unreachable cluster is exit 2 with a sentence, before any experiment or simulation', () => {
  it('hung server', { timeout: 10_000 }, async () => {
    const r = await run(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-hung', '--deployment', 'web', '--request-timeout', '500ms']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read the cluster, nothing was changed: .*did not answer within 0\.5 s/);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.out).toBe('');
    expect(r.elapsedMs).toBeLessThan(5000);
  });
  it('refused connection', async () => {
    const r = await run(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-refused', '--deployment', 'web']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/connection refused \(is the cluster running\?/);
    expect(r.err).not.toMatch(/internal error/);
  });
});

describe('validate kube: the guard decides by the cluster, not the context name', () => {
  it('"kind-prod" pointing at a remote server: refused before any request', async () => {
    const r = await run(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-prod', '--deployment', 'web']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not on a loopback address.*--allow-context kind-prod/);
  });
  it('"kind-tunnel": loopback, but its nodes are EKS nodes: refused after reading them, nothing deleted', async () => {
    const r = await run(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-tunnel', '--deployment', 'web']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/providerID "aws:\/\/\/.*not kind's.*--allow-context kind-tunnel/);
  });
});

describe('import kube: an unreachable cluster is exit 2 with a sentence', () => {
  it('hung server, within the request timeout', { timeout: 10_000 }, async () => {
    const r = await run(['import', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-hung', '--request-timeout', '500ms']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read the cluster: reading nodes and workloads: context kind-hung .*did not answer within 0\.5 s/);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.elapsedMs).toBeLessThan(5000);
  });
  it('an -o that would be refused is refused before the cluster is contacted', async () => {
    const existing = join(dir, 'existing.yaml');
    writeFileSync(existing, 'keep me');
    const before = sockets.size;
    const r = await run(['import', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-hung', '--out', existing]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/existing\.yaml exists: add --force/);
    expect(sockets.size).toBe(before);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });
});
