import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';

/**
 * `validate kube` against a scripted API server that looks like a kind cluster (kind's node list,
 * test/fixtures/kube/api/kind): one Deployment "web" with one pod. The first pod-kill trial goes
 * through (the pod is deleted, a new one is Ready); then the server stops answering. The command
 * must end within the request deadline with exit 1 and a sentence that keeps the trial already
 * measured, not hang and not print "internal error". A node-stop with a docker that is not there
 * fails the same way, before anything is stopped.
 */
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-kube-midway-'));
const sockets = new Set<Socket>();
const kindNodes = readFileSync(join(import.meta.dirname, '../../fixtures/kube/api/kind/nodes.json'));

let podSerial = 1;
let deletes = 0;
let listsAfterDelete = 0;
const requests: string[] = [];

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `web-${podSerial}`, namespace: 'default', uid: `uid-${podSerial}`, labels: { app: 'web' } },
  spec: { nodeName: 'fleetsim-eu-1-worker', containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const list = (kind: string, items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind, metadata: {}, items });
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] } } },
};

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  requests.push(`${req.method} ${path}`);
  // After the first trial has recovered, the API server hangs: accept, never answer.
  if (deletes >= 1 && listsAfterDelete >= 1) return;
  const json = (body: string | Buffer) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };
  if (path === '/api/v1/nodes') return json(kindNodes);
  if (path === '/apis/apps/v1/deployments') return json(list('DeploymentList', [deployment]));
  if (path === '/apis/apps/v1/statefulsets') return json(list('StatefulSetList', []));
  if (req.method === 'GET' && path === '/api/v1/namespaces/default/pods') {
    if (deletes >= 1) listsAfterDelete++;
    return json(list('PodList', [pod()]));
  }
  if (req.method === 'DELETE' && path.startsWith('/api/v1/namespaces/default/pods/')) {
    const gone = pod();
    deletes++;
    podSerial++; // the ReplicaSet's replacement, Ready at once
    return json(JSON.stringify(gone));
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
}

const server = createServer(handle);
server.on('connection', (s) => sockets.add(s));
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

let kubeconfig = '';
beforeAll(async () => {
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
  kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n- name: kind-fleetsim-eu-1\n  context: { cluster: k, user: u }\ncurrent-context: kind-fleetsim-eu-1\n`,
  );
});

async function validateKube(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    const code = await main(['validate', 'kube', '--kubeconfig', kubeconfig, '--context', 'kind-fleetsim-eu-1', '--deployment', 'web', '--poll', '100ms', '--request-timeout', '500ms', '--sim-trials', '5', ...args]);
    return { code, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('validate kube: the experiment failing midway is exit 1 with a sentence', () => {
  // Runs first: the server below hangs for good once a pod-kill trial is through.
  it('docker missing for node-stop: named, not an internal error', async () => {
    const { code, err } = await validateKube(['--experiment', 'node-stop', '--docker', join(dir, 'no-docker')]);
    expect(code).toBe(1);
    expect(err).toMatch(/no-docker stop fleetsim-eu-1-worker failed: .*no-docker is not installed/);
    expect(err).not.toMatch(/internal error/);
  });

  it('the API hanging after the first trial: exit 1 within the request deadline, with the trial already measured', { timeout: 20_000 }, async () => {
    const { code, err } = await validateKube(['--experiment', 'pod-kill', '--trials', '2']);
    // The guard accepted it as kind (loopback, kind:// nodes), the first trial deleted the pod.
    expect(requests).toContain('DELETE /api/v1/namespaces/default/pods/web-1');
    expect(code).toBe(1);
    expect(err).toMatch(/listing the pods of default\/web: context kind-fleetsim-eu-1 .*did not answer within 0\.5 s.*\(after 1 trial\(s\); recovered in s: \d+\.\d\)/);
    expect(err).not.toMatch(/internal error/);
  });
});
