import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario, type ScenarioError } from '../../src/scenario/index.js';
import { CERTIFICATE_FIX_TIME, DEEP_CHECK_VALIDATES_CERTIFICATES } from '../../src/scenario/dependencies.js';
import type { Scenario } from '../../src/scenario/types.js';

/** faults.dependencies, grayFailures, certificates, designs[].dependsOn and deep health checks: defaults and mistakes at file:line:col. */

const BASE = readFileSync('test/fixtures/dependencies-shared.yaml', 'utf8');

function ok(text: string): Scenario {
  const r = parseScenario(text, 'deps.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

function problems(text: string): readonly ScenarioError[] {
  const r = parseScenario(text, 'deps.yaml');
  return r.ok ? r.warnings : r.errors;
}

function edit(from: string, to: string, text = BASE): string {
  if (!text.includes(from)) throw new Error(`fixture changed: ${from} not found`);
  return text.replace(from, to);
}

const lineOf = (text: string, marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;

describe('resolution and defaults', () => {
  const s = ok(BASE);

  it('dependencies: kinds, rates, distributions; errors only for custom (100% elsewhere, unused)', () => {
    const [route53, lb, okta, flags] = s.faults.dependencies;
    expect(route53).toMatchObject({ name: 'route53', kind: 'dns', perYear: 0.5, errorRatio: 1 });
    expect(route53.duration.kind).toBe('lognormal');
    expect(lb).toMatchObject({ kind: 'anycast', perYear: 1, duration: { kind: 'constant', valueS: 1800 } });
    expect(okta).toMatchObject({ kind: 'identity', duration: { kind: 'exponential', meanS: 2700 } });
    expect(flags).toMatchObject({ kind: 'custom', perYear: 0, errorRatio: 0.2 });
  });

  it('gray failures and certificates: the given fields, and the stated defaults (90 d, 30 d before, 5%… here 10%, 1 d)', () => {
    expect(s.faults.grayFailures).toEqual({ perYear: 4, duration: { kind: 'constant', valueS: 7200 }, errorRatio: 0.05, extraLatencyMs: 500, blocksNodeLaunches: false });
    expect(s.faults.certificates).toEqual({ lifetimeS: 90 * 86_400, renewBeforeS: 30 * 86_400, renewalFailureRatio: 0.1, retryS: 86_400, fixTime: CERTIFICATE_FIX_TIME, client: false });
  });

  it('health checks: a deep probe with its timeout and certificate validation; the string form takes the defaults', () => {
    expect(s.designs[0].dependsOn).toEqual(['route53', 'okta']);
    expect(s.designs[0].traffic.ingress.healthCheck).toEqual({ depth: 'deep', timeoutS: 3, validatesCertificates: false });
    expect(s.designs[1].traffic.ingress.healthCheck).toEqual({ depth: 'deep', timeoutS: undefined, validatesCertificates: DEEP_CHECK_VALIDATES_CERTIFICATES });
  });

  it('validates without warnings', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it('without the sections nothing is on', () => {
    const bare = ok((BASE.slice(0, BASE.indexOf('faults:')) + 'run: { horizon: 30d, seed: dependencies }\n').replace(/\n {4}dependsOn: \[[^\]]*\]/g, ''));
    expect(bare.faults.dependencies).toEqual([]);
    expect(bare.designs[0].dependsOn).toEqual([]);
    expect(bare.designs[0].traffic.ingress.healthCheck.depth).toBe('deep');
    expect(bare.faults.grayFailures).toBeUndefined();
    expect(bare.faults.certificates).toBeUndefined();
  });
});

describe('mistakes', () => {
  it('a dependsOn name that is not declared: an error at its line, with the names to choose from', () => {
    const text = edit('dependsOn: [route53, okta]', 'dependsOn: [route54, okta]');
    const e = problems(text).find((p) => /unknown shared dependency/.test(p.message));
    expect(e?.path).toBe('designs[0].dependsOn[0]');
    expect(e?.line).toBe(lineOf(text, 'dependsOn: [route54'));
    expect(e?.hint).toMatch(/route53/);
  });

  it('a DNS design that does not list the declared DNS dependency: a warning (dependence is explicit)', () => {
    const w = problems(edit('dependsOn: [route53, okta]', 'dependsOn: [okta]')).find((p) => /routes users by dns/.test(p.message));
    expect(w?.severity).toBe('warning');
    expect(w?.path).toBe('designs[0].dependsOn');
  });

  it('perYear without a duration, and errors on a kind other than custom', () => {
    const text = edit('- { name: global-lb, kind: anycast, perYear: 1, duration: { constant: 30m } }', '- { name: global-lb, kind: anycast, perYear: 1, errors: 50% }');
    const errs = problems(text);
    expect(errs.find((p) => /no outage length/.test(p.message))?.path).toBe('faults.dependencies[1]');
    expect(errs.find((p) => /custom only/.test(p.message))?.path).toBe('faults.dependencies[1].errors');
  });

  it('an unknown kind is a schema error naming the kinds', () => {
    const text = edit('kind: custom, errors: 20%', 'kind: feature-flags, errors: 20%');
    const e = problems(text).find((p) => p.path === 'faults.dependencies[3].kind')!;
    expect(e.line).toBe(lineOf(text, 'kind: feature-flags'));
    expect(e.expected ?? e.message).toMatch(/meshControlPlane/);
  });

  it('renewBefore not shorter than lifetime', () => {
    const e = problems(edit('certificates: { renewalFailure: 10%, retry: 1d }', 'certificates: { lifetime: 30d, renewBefore: 30d }')).find((p) => /renewal would start/.test(p.message));
    expect(e?.path).toBe('faults.certificates.renewBefore');
  });

  it('gray failures that do nothing, and probe settings on a shallow check: warnings', () => {
    const text = edit('grayFailures: { perYear: 4, duration: { constant: 2h }, errors: 5%, extraLatency: 500ms }', 'grayFailures: { perYear: 4, duration: { constant: 2h } }');
    expect(problems(text).find((p) => /do nothing/.test(p.message))?.severity).toBe('warning');
    const shallow = problems(edit('depth: deep, timeout: 3s', 'depth: shallow, timeout: 3s')).find((p) => /deep probes only/.test(p.message));
    expect(shallow?.path).toBe('designs[0].traffic.ingress.dns.healthCheck');
  });
});
