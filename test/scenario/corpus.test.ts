import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario, type ScenarioError } from '../../src/scenario/index.js';

/**
 * A corpus of mistakes. Each case edits a valid base file and names the error it must produce:
 * the message, the field path, and the line, found independently of fleetsim's locator by
 * searching the edited text for a marker. `col: true` also checks the column (marker start).
 */
const BASE = readFileSync(new URL('./fixtures/base.yaml', import.meta.url), 'utf8');

interface Case {
  name: string;
  text: string | (() => string);
  message: RegExp;
  path: string;
  /** Text whose first occurrence (after `after`, if given) is on the error's line; absent: line 1. */
  marker?: string;
  after?: string;
  col?: boolean;
  hint?: RegExp;
  expected?: RegExp;
}

function edit(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`corpus fixture lacks ${JSON.stringify(from)}`);
  return BASE.replace(from, to);
}

const CASES: Case[] = [
  { name: 'empty file', text: '', message: /the file is empty/, path: '' },
  { name: 'only a comment', text: '# nothing here\n', message: /the file is empty/, path: '' },
  {
    name: 'binary garbage',
    text: () => String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 7919 + 13) % 256)),
    message: /not a text file/,
    path: '',
  },
  { name: 'a YAML tag no field takes', text: edit('        dns: { ttl: 60s }', '        dns: !!binary AAAA'), message: /unsupported YAML value/, path: 'designs[0].traffic.ingress.dns', marker: 'AAAA', col: true, hint: /remove the !!tag/ },
  { name: 'a list, not a mapping', text: '- eu-west-1\n- us-east-1\n', message: /is a list, not a scenario/, path: '' },
  { name: 'unclosed flow sequence', text: edit('between: [eu-west-1, us-east-1]', 'between: [eu-west-1, us-east-1'), message: /YAML syntax error/, path: '', marker: '      rtt: 70ms' },
  { name: 'tab indentation', text: edit('    region: eu-west-1\n', '\tregion: eu-west-1\n'), message: /YAML syntax error/, path: '', marker: '\tregion', hint: /tabs/ },
  { name: 'duplicate key', text: edit('        count: 3\n    controlPlane:\n      managed', '        count: 3\n        count: 4\n    controlPlane:\n      managed'), message: /key appears twice/, path: '', marker: 'count: 4', hint: /remove or rename/ },
  { name: 'two documents', text: BASE + '---\nkind: Scenario\n', message: /YAML syntax error/, path: '', marker: '---', hint: /one YAML document/ },
  { name: 'wrong apiVersion', text: edit('apiVersion: fleetsim/v1', 'apiVersion: fleetsim/v2'), message: /invalid value "fleetsim\/v2"/, path: 'apiVersion', marker: 'fleetsim/v2', col: true, expected: /"fleetsim\/v1"/ },
  { name: 'misspelt kind', text: edit('kind: Scenario', 'kind: Scenaro'), message: /invalid value "Scenaro"/, path: 'kind', marker: 'Scenaro', col: true },
  { name: 'unknown top-level key', text: edit('workload:\n', 'workloads:\n'), message: /unknown key "workloads"/, path: 'workloads', marker: 'workloads:', col: true, hint: /did you mean "workload"/ },
  { name: 'unknown nested key', text: edit('    nodePools:\n      - name: general\n        instanceType', '    nodepools:\n      - name: general\n        instanceType'), message: /unknown key "nodepools"/, path: 'clusters[0].nodepools', marker: 'nodepools:', col: true, hint: /did you mean "nodePools"/ },
  { name: 'string where an integer belongs', text: edit('        count: 3\n    controlPlane:\n      managed', '        count: three\n    controlPlane:\n      managed'), message: /wrong type: got "three"/, path: 'clusters[0].nodePools[0].count', marker: 'three', col: true, expected: /an integer|a number/ },
  { name: 'negative replicas', text: edit('      replicas: 4\n      cpu: 500m', '      replicas: -1\n      cpu: 500m'), message: /-1 is too small/, path: 'workload.services[0].replicas', marker: 'replicas: -1', expected: /≥ 0/ },
  { name: 'duration without unit', text: edit('rtt: 70ms', 'rtt: 70'), message: /invalid duration 70/, path: 'topology.links[0].rtt', marker: 'rtt: 70', hint: /"70s" or "70ms"/ },
  { name: 'duration with a word unit', text: edit('ttl: 60s', 'ttl: 60 secs'), message: /invalid duration/, path: 'designs[0].traffic.ingress.dns.ttl', marker: '60 secs', col: true, hint: /did you mean "60s"/ },
  { name: 'memory without suffix', text: edit('memory: 512Mi', 'memory: 512'), message: /invalid memory quantity/, path: 'workload.services[0].memory', marker: 'memory: 512', hint: /"512Gi" or "512Mi"/ },
  { name: 'memory suffix in the wrong case', text: edit('memory: 32Gi', 'memory: 32gi'), message: /invalid memory quantity/, path: 'clusters[1].nodePools[0].memory', marker: '32gi', col: true, hint: /"32Gi"/ },
  { name: 'rate without per', text: edit('rate: 300/s', 'rate: 300'), message: /invalid rate/, path: 'workload.userRegions[0].rate', marker: 'rate: 300', hint: /"300\/s"/ },
  { name: 'availability as a bare percent', text: edit('availability: 99.9%', 'availability: 99.9'), message: /invalid percentage/, path: 'run.slo.availability', marker: 'availability: 99.9', hint: /"99.9%"/ },
  { name: 'unquoted Kubernetes version', text: edit('kubernetesVersion: "1.31"', 'kubernetesVersion: 1.30'), message: /wrong type: got number 1.3/, path: 'clusters[0].kubernetesVersion', marker: '1.30', col: true, expected: /quoted/ },
  { name: 'unknown region of a cluster', text: edit('    region: eu-west-1\n', '    region: eu-west-2x\n'), message: /unknown region "eu-west-2x"/, path: 'clusters[0].region', marker: 'eu-west-2x', col: true, hint: /did you mean "eu-west-1"/ },
  { name: 'dangling service call', text: edit('{ service: api, callsPerRequest: 2 }', '{ service: apis, callsPerRequest: 2 }'), message: /unknown service "apis"/, path: 'workload.services[0].calls[0].service', marker: 'apis', col: true, hint: /did you mean "api"/ },
  { name: 'unknown instance type', text: edit('instanceType: m6i.xlarge', 'instanceType: m6i.xlarg'), message: /unknown instance type "m6i.xlarg"/, path: 'clusters[0].nodePools[0].instanceType', marker: 'm6i.xlarg', col: true, hint: /did you mean "m6i.xlarge"/ },
  { name: 'instance type of another provider', text: edit('instanceType: m6i.xlarge', 'instanceType: n2-standard-4'), message: /GCP instance type but region "eu-west-1" is aws/, path: 'clusters[0].nodePools[0].instanceType', marker: 'n2-standard-4', col: true },
  {
    name: 'call-graph cycle',
    text: edit('      serviceTime: { exponential: { mean: 5ms } }\n', '      serviceTime: { exponential: { mean: 5ms } }\n      calls: [{ service: web }]\n'),
    message: /cycle: web → api → web/,
    path: 'workload.services[0].calls[0].service',
    marker: 'service: api',
  },
  {
    name: 'residency no selected cluster satisfies',
    text: edit('        replicaScheduling: duplicated', '        replicaScheduling: duplicated\n        clusterAffinity: { clusterNames: [us-1] }'),
    message: /data class "personal-eu" of "api" \(allowed regions eu-\*\) is satisfied by no cluster/,
    path: 'designs[0].placement.default',
    marker: 'replicaScheduling: duplicated',
    hint: /enforcement: audit/,
  },
  { name: 'pod larger than any node', text: edit('      cpu: 500m\n      memory: 512Mi', '      cpu: "16"\n      memory: 512Mi'), message: /larger than any node \(largest: 8 CPU, 32Gi\)/, path: 'workload.services[0].cpu', marker: '"16"', col: true },
  {
    name: 'etcd member in a zone the cluster lacks',
    text: edit('          members: 3\n', '          membersPerZone: { us-east-1a: 1, us-east-1b: 1, us-east-1d: 1 }\n'),
    message: /zone "us-east-1d", which cluster "us-1" does not span/,
    path: 'clusters[1].controlPlane.selfManaged.etcd.membersPerZone["us-east-1d"]',
    marker: 'us-east-1d',
    col: true,
    hint: /did you mean "us-east-1a"/,
  },
  { name: 'too many etcd members', text: edit('          members: 3\n', '          members: 9\n'), message: /9 etcd members: more than etcd supports/, path: 'clusters[1].controlPlane.selfManaged.etcd', marker: 'members: 9' },
  { name: 'election timeout under 5 heartbeats', text: edit('electionTimeout: 1000ms', 'electionTimeout: 300ms'), message: /under 5 × heartbeatInterval/, path: 'clusters[1].controlPlane.selfManaged.etcd.electionTimeout', marker: '300ms', col: true },
  { name: 'unknown distribution kind', text: edit('{ exponential: { mean: 5ms } }', '{ exponental: { mean: 5ms } }'), message: /unknown distribution "exponental"/, path: 'workload.services[1].serviceTime.exponental', marker: 'exponental', col: true, hint: /did you mean "exponential"/ },
  { name: 'lognormal p99 below median', text: edit('{ median: 8ms, p99: 60ms }', '{ median: 80ms, p99: 60ms }'), message: /p99 must be greater than the median/, path: 'workload.services[0].serviceTime.lognormal.p99', marker: '60ms', after: 'median: 80ms', col: true },
  { name: 'fault on an unknown zone', text: edit('target: eu-west-1a', 'target: eu-west-1z'), message: /unknown zone "eu-west-1z"/, path: 'faults.scripted[0].target', marker: 'eu-west-1z', col: true, hint: /did you mean "eu-west-1a"/ },
  { name: 'fault on a node that does not exist', text: edit('kind: zone, target: eu-west-1a', 'kind: node, target: eu-1/general/7'), message: /node 7 does not exist: pool "general" starts with 3 nodes/, path: 'faults.scripted[0].target', marker: 'eu-1/general/7', col: true },
  { name: 'managed tier of another provider', text: edit('managed: { tier: eks-standard }', 'managed: { tier: gke-regional }'), message: /tier gke-regional belongs to gcp, but the cluster runs on aws/, path: 'clusters[0].controlPlane.managed.tier', marker: 'gke-regional', col: true },
  { name: 'count outside autoscaling bounds', text: edit('        count: 3\n    controlPlane:\n      managed', '        count: 3\n        autoscaling: { min: 4, max: 8 }\n    controlPlane:\n      managed'), message: /count 3 is outside the autoscaling bounds \[4, 8\]/, path: 'clusters[0].nodePools[0].count', marker: 'count: 3' },
  { name: 'missing required field', text: edit('      entryService: web\n', ''), message: /missing required field "entryService"/, path: 'workload.userRegions[0].entryService', marker: '- name: europe', after: 'userRegions' },
  { name: 'SLO for an unknown user region', text: edit('    availability: 99.9%\n', '    availability: 99.9%\n    latency: [{ percentile: 99, max: 300ms, userRegion: europa }]\n'), message: /unknown user region "europa"/, path: 'run.slo.latency[0].userRegion', marker: 'europa', col: true, hint: /did you mean "europe"/ },
  { name: 'placement for an unknown service', text: edit('        replicaScheduling: duplicated\n', '        replicaScheduling: duplicated\n      services:\n        wbe: { replicaScheduling: duplicated }\n'), message: /unknown service "wbe"/, path: 'designs[0].placement.services.wbe', marker: '{ replicaScheduling', after: 'wbe', hint: /did you mean "web"/ },
  { name: 'ingress with neither dns nor anycast', text: edit('        dns: { ttl: 60s }\n', '        {}\n'), message: /wrong type|the ingress must be dns or anycast/, path: 'designs[0].traffic.ingress', marker: '{}' },
];

function errorsOf(text: string): readonly ScenarioError[] {
  const r = parseScenario(text, 'corpus.yaml');
  if (r.ok) throw new Error('expected errors, the file validated');
  return r.errors;
}

function expectedLine(text: string, marker: string, after?: string): { line: number; col: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`marker context ${after} not found`);
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`marker ${JSON.stringify(marker)} not found`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, col: at - before.lastIndexOf('\n') };
}

describe('corpus of mistakes', () => {
  it('has at least 25 distinct cases', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it('the base file is valid', () => {
    const r = parseScenario(BASE, 'base.yaml');
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const text = typeof c.text === 'function' ? c.text() : c.text;
      const errors = errorsOf(text);
      const hit = errors.find((e) => c.message.test(e.message));
      expect(hit, `no error matching ${c.message}; got:\n${errors.map(formatError).join('\n')}`).toBeDefined();
      const e = hit!;
      expect(e.severity).toBe('error');
      expect(e.file).toBe('corpus.yaml');
      expect(e.path).toBe(c.path);
      const where = c.marker === undefined ? { line: 1, col: 1 } : expectedLine(text, c.marker, c.after);
      expect(e.line).toBe(where.line);
      if (c.col || c.marker === undefined) expect(e.col).toBe(where.col);
      if (c.hint) expect(e.hint ?? '').toMatch(c.hint);
      if (c.expected) expect(e.expected ?? '').toMatch(c.expected);
      // The one-line form carries every part.
      expect(formatError(e)).toMatch(new RegExp(`^corpus\\.yaml:${e.line}:${e.col}: `));
    });
  }

  it('reports every independent mistake at once', () => {
    const text = edit('rtt: 70ms', 'rtt: 70').replace('{ service: api, callsPerRequest: 2 }', '{ service: apis, callsPerRequest: 2 }').replace('target: eu-west-1a', 'target: eu-west-1z');
    const messages = errorsOf(text).map((e) => e.message);
    expect(messages.some((m) => /invalid duration 70/.test(m))).toBe(true);
    expect(messages.some((m) => /unknown service "apis"/.test(m))).toBe(true);
    expect(messages.some((m) => /unknown zone "eu-west-1z"/.test(m))).toBe(true);
  });

  it('sorts errors by position', () => {
    const text = edit('rtt: 70ms', 'rtt: 70').replace('target: eu-west-1a', 'target: eu-west-1z').replace('kind: Scenario', 'kind: Scenaro');
    const lines = errorsOf(text).map((e) => e.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
