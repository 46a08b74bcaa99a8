import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { destructiveRefusal, isLoopbackServer, serverRefusal, type ClusterIdentity } from '../../../src/live/kube/contextGuard.js';
import { nodeInfo } from '../../../src/live/kube/snapshot.js';

/**
 * The guard decides by what the cluster is, not what its context is called. Fixtures: the node lists
 * of a kind cluster and of an EKS cluster as their API servers return them (test/fixtures/kube/api).
 */
const API = join(import.meta.dirname, '../../fixtures/kube/api');
const nodesOf = (dir: string) => (JSON.parse(readFileSync(join(API, dir, 'nodes.json'), 'utf8')) as { items: object[] }).items.map((n) => nodeInfo(n));
const kindNodes = nodesOf('kind');
const eksNodes = nodesOf('eks');

const cluster = (context: string, server: string, nodes: ClusterIdentity['nodes']): ClusterIdentity => ({ context, server, nodes });

describe('loopback API servers', () => {
  it('127.0.0.0/8, ::1 and localhost are loopback; anything else is not', () => {
    for (const s of ['https://127.0.0.1:42311', 'https://127.1.2.3:6443', 'https://[::1]:6443', 'https://localhost:6443', 'http://LOCALHOST']) expect(isLoopbackServer(s), s).toBe(true);
    for (const s of ['https://10.0.0.1:6443', 'https://prod.example.com', 'https://127.0.0.1.nip.io:6443', 'https://128.0.0.1', 'https://[::2]:6443', 'not a url', undefined]) expect(isLoopbackServer(s), String(s)).toBe(false);
  });
});

describe('destructive experiments run only on a kind cluster (or an explicitly allowed context)', () => {
  it('accepts a kind cluster: loopback server and every node kind://<provider>/<cluster>/<its name>', () => {
    expect(kindNodes.every((n) => n.providerId?.startsWith('kind://docker/fleetsim-eu-1/'))).toBe(true);
    expect(destructiveRefusal(cluster('kind-fleetsim-eu-1', 'https://127.0.0.1:42311', kindNodes), [])).toBeUndefined();
    // The context's name plays no part: a kind cluster under any name is accepted.
    expect(destructiveRefusal(cluster('my-laptop', 'https://127.0.0.1:42311', kindNodes), [])).toBeUndefined();
  });

  it('refuses "kind-prod" pointing at a remote server, before any request, with the way out', () => {
    const refusal = serverRefusal('kind-prod', 'https://prod.example.com:6443', []);
    expect(refusal).toMatch(/"kind-prod".*https:\/\/prod\.example\.com:6443 is not on a loopback address.*--allow-context kind-prod/);
    expect(destructiveRefusal(cluster('kind-prod', 'https://prod.example.com:6443', kindNodes), [])).toBe(refusal);
  });

  it('refuses a loopback server whose nodes are not kind (an SSH tunnel to EKS)', () => {
    expect(destructiveRefusal(cluster('kind-tunnel', 'https://127.0.0.1:8443', eksNodes), [])).toMatch(/node "ip-10-0-1-17\.ec2\.internal" has providerID "aws:\/\/\/us-east-1a\/i-01abc", not kind's/);
  });

  it('refuses one non-kind node among kind nodes, nodes of two kind clusters, a providerID naming another node, and no nodes', () => {
    const loop = 'https://127.0.0.1:1';
    expect(destructiveRefusal(cluster('k', loop, [...kindNodes, eksNodes[0]]), [])).toMatch(/ip-10-0-1-17/);
    expect(destructiveRefusal(cluster('k', loop, [...kindNodes, { name: 'x-worker', providerId: 'kind://docker/other/x-worker' }]), [])).toMatch(/name 2 kind clusters \(fleetsim-eu-1, other\)/);
    expect(destructiveRefusal(cluster('k', loop, [{ name: 'a', providerId: 'kind://docker/c/b' }]), [])).toMatch(/names another node/);
    expect(destructiveRefusal(cluster('k', loop, [{ name: 'a' }]), [])).toMatch(/providerID \(none\)/);
    expect(destructiveRefusal(cluster('k', loop, []), [])).toMatch(/no nodes/);
  });

  it('--allow-context NAME accepts exactly that context, whatever it is', () => {
    expect(destructiveRefusal(cluster('staging', 'https://staging.example.com', eksNodes), ['staging'])).toBeUndefined();
    expect(serverRefusal('staging', 'https://staging.example.com', ['staging'])).toBeUndefined();
    expect(destructiveRefusal(cluster('prod', 'https://prod.example.com', eksNodes), ['staging'])).toMatch(/--allow-context prod/);
  });
});
