import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { defaultControlPlaneUnavailableS, CONTROL_PLANE_UPGRADE_S, DEFAULT_DRAIN_TIMEOUT_S, DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, DEFAULT_POD_EVICTION_RETRY_S } from '../../src/scenario/upgrades.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/upgrade-surge.yaml', import.meta.url));
const text = readFileSync(FIXTURE, 'utf8');

function parse(yaml: string) {
  return parseScenario(yaml, 'upgrade.yaml');
}

describe('faults.upgrades and services[].disruptionBudget', () => {
  it('the fixture resolves its settings and budgets', () => {
    const r = parse(text);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const s = r.scenario;
    expect(s.faults.upgrades).toEqual({ controlPlane: { unavailableS: undefined, durationS: 600 }, nodes: { maxSurge: 1, maxUnavailable: 0, drainTimeoutS: 900, podEvictionRetryS: 5 } });
    expect(s.workload.services.map((x) => x.disruptionBudget)).toEqual([{ maxUnavailable: { pods: 1 } }, { minAvailable: { ratio: 0.75 } }]);
    expect(s.faults.scripted[0].target).toEqual({ kind: 'upgrade', cluster: 'eu-1' });
  });

  it('without the section every default applies (and a service has no budget)', () => {
    const r = parse(text.replace(/  upgrades:\n.*\n.*\n/, '').replace(/      disruptionBudget: .*\n/g, ''));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.faults.upgrades).toEqual({
      controlPlane: { unavailableS: undefined, durationS: CONTROL_PLANE_UPGRADE_S },
      nodes: { maxSurge: DEFAULT_MAX_SURGE, maxUnavailable: DEFAULT_MAX_UNAVAILABLE, drainTimeoutS: DEFAULT_DRAIN_TIMEOUT_S, podEvictionRetryS: DEFAULT_POD_EVICTION_RETRY_S },
    });
    expect([DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, DEFAULT_DRAIN_TIMEOUT_S, DEFAULT_POD_EVICTION_RETRY_S]).toEqual([1, 1, 900, 5]);
    expect(r.scenario.workload.services.every((x) => x.disruptionBudget === undefined)).toBe(true);
  });

  it('a stated unavailability longer than the duration stretches the duration', () => {
    const r = parse(text.replace('controlPlane: { duration: 10m }', 'controlPlane: { unavailable: 15m, duration: 10m }'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.scenario.faults.upgrades.controlPlane).toEqual({ unavailableS: 900, durationS: 900 });
  });

  it('a budget with both fields, or with neither, is an error at the budget', () => {
    for (const budget of ['{ maxUnavailable: 1, minAvailable: 2 }', '{}']) {
      const r = parse(text.replace('disruptionBudget: { maxUnavailable: 1 }', `disruptionBudget: ${budget}`));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      const e = r.errors[0];
      expect(e.path).toContain('disruptionBudget');
      expect(e.message).toMatch(/exactly one of maxUnavailable and minAvailable/);
      expect(e.line).toBeGreaterThan(30);
    }
  });

  it('a count that is neither an integer nor a percentage is an error with the expectation', () => {
    const r = parse(text.replace('disruptionBudget: { maxUnavailable: 1 }', 'disruptionBudget: { maxUnavailable: "one" }'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].path).toContain('maxUnavailable');
    expect(r.errors[0].expected).toMatch(/percentage/);
  });

  it('maxSurge and maxUnavailable both 0 is an error: no node could be replaced', () => {
    const r = parse(text.replace('maxSurge: 1, maxUnavailable: 0', 'maxSurge: 0, maxUnavailable: 0'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/both 0/);
  });

  it('a budget that allows no eviction is a warning', () => {
    const r = parse(text.replace('disruptionBudget: { minAvailable: "75%" }', 'disruptionBudget: { minAvailable: 8 }'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/"catalog" allows no voluntary eviction/);
  });

  it('by default only a single control-plane replica is unavailable during its upgrade, for all of it', () => {
    const managed = (tier: 'eks-standard' | 'gke-regional' | 'gke-zonal' | 'aks-standard') => ({ kind: 'managed', provider: 'aws', tier, slaAvailabilityRatio: 0.9995, feeUsdPerHour: 0.1, source: '' }) as const;
    const selfManaged = (memberCount: number) => ({ kind: 'selfManaged', etcd: { version: '3.5', members: [], memberCount, heartbeatIntervalS: 0.1, electionTimeoutS: 1, preVote: true, checkQuorum: true } }) as const;
    expect(defaultControlPlaneUnavailableS(managed('eks-standard'), 600)).toBe(0);
    expect(defaultControlPlaneUnavailableS(managed('gke-regional'), 600)).toBe(0);
    expect(defaultControlPlaneUnavailableS(managed('aks-standard'), 600)).toBe(0);
    expect(defaultControlPlaneUnavailableS(managed('gke-zonal'), 600)).toBe(600);
    expect(defaultControlPlaneUnavailableS(selfManaged(1), 600)).toBe(600);
    expect(defaultControlPlaneUnavailableS(selfManaged(3), 600)).toBe(0);
  });
});
