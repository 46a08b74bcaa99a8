import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { KARMADA_CURRENT_VERSION, KARMADA_DEFAULT_VERSION, resolveApplicationFailover, resolveKarmada } from '../../src/scenario/karmada.js';
import { karmadaYaml } from '../model/runtime/karmadaRig.js';

function problems(karmada: string | undefined, failover = '{ enabled: true }') {
  const r = parseScenario(karmadaYaml({ ...(karmada ? { karmada } : {}), failover }), 'k.yaml');
  if (r.ok) return r.warnings?.map((w) => `warning ${w.path}: ${w.message}`) ?? [];
  return r.errors.map((e) => `${e.severity} ${e.path}: ${e.message}`);
}

describe('designs[].karmada: version semantics (karmada-io/karmada, read at v1.10.0 to v1.18.x)', () => {
  it('Failover gate default: on up to 1.11, off from 1.12 (PR 5899)', () => {
    for (const v of ['1.10', '1.11'] as const) expect(resolveKarmada({ version: v }).failoverGate).toBe(true);
    for (const v of ['1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18'] as const) expect(resolveKarmada({ version: v }).failoverGate).toBe(false);
  });

  it('up to 1.13: cluster failover follows the gate, the taint comes --failover-eviction-timeout (5 min) after NotReady', () => {
    expect(resolveKarmada({ version: '1.11' })).toMatchObject({ clusterFailover: true, taintDelayS: 300, defaultClusterTolerationS: 300, applicationFailover: true });
    expect(resolveKarmada({ version: '1.13', failoverGate: true })).toMatchObject({ clusterFailover: true, taintDelayS: 300 });
    expect(resolveKarmada({ version: '1.13' })).toMatchObject({ clusterFailover: false, applicationFailover: true });
    // 1.11's application failover controller starts only with the gate.
    expect(resolveKarmada({ version: '1.11', failoverGate: false })).toMatchObject({ clusterFailover: false, applicationFailover: false });
  });

  it('from 1.14: taints only from a NoExecute ClusterTaintPolicy, acted on only with the gate and --enable-no-execute-taint-eviction', () => {
    const all = { version: '1.14', failoverGate: true, clusterTaintPolicy: {}, noExecuteTaintEviction: true } as const;
    expect(resolveKarmada(all)).toMatchObject({ clusterFailover: true, taintDelayS: 0, clusterTaintPolicy: { effect: 'NoExecute' } });
    expect(resolveKarmada({ ...all, failoverGate: false }).clusterFailover).toBe(false);
    expect(resolveKarmada({ ...all, clusterTaintPolicy: undefined }).clusterFailover).toBe(false);
    expect(resolveKarmada({ ...all, clusterTaintPolicy: { effect: 'NoSchedule' } }).clusterFailover).toBe(false);
    expect(resolveKarmada({ ...all, noExecuteTaintEviction: undefined }).clusterFailover).toBe(false);
  });

  it('webhook default tolerations (300 s) up to 1.14, none from 1.15', () => {
    expect(resolveKarmada({ version: '1.14' }).defaultClusterTolerationS).toBe(300);
    expect(resolveKarmada({ version: '1.15' }).defaultClusterTolerationS).toBe(0);
  });

  it('no version: the default constant (legacy keeps today\'s behaviour: cluster failover on, no taint delay)', () => {
    const d = resolveKarmada(undefined);
    expect(d.version).toBe(KARMADA_DEFAULT_VERSION);
    if (KARMADA_DEFAULT_VERSION === 'legacy') expect(d).toMatchObject({ failoverGate: true, clusterFailover: true, taintDelayS: 0, defaultClusterTolerationS: 300 });
    expect(resolveKarmada({ version: KARMADA_CURRENT_VERSION }).clusterFailover).toBe(false);
  });

  it('application failover: tolerationSeconds 300, purge Gracefully, grace period 600 s by default; deprecated purge names map to the new ones', () => {
    expect(resolveApplicationFailover(undefined)).toBeUndefined();
    expect(resolveApplicationFailover({})).toEqual({ tolerationS: 300, purgeMode: 'Gracefully', gracePeriodS: 600 });
    expect(resolveApplicationFailover({ purgeMode: 'Immediately' })?.purgeMode).toBe('Directly');
    expect(resolveApplicationFailover({ purgeMode: 'Graciously', gracePeriod: 60 })).toMatchObject({ purgeMode: 'Gracefully', gracePeriodS: 60 });
  });
});

describe('designs[].karmada: checks', () => {
  it('fields a version does not have are errors', () => {
    expect(problems('{ version: "1.13", clusterTaintPolicy: { effect: NoExecute } }')).toContainEqual(expect.stringMatching(/^error designs\[0\]\.karmada\.clusterTaintPolicy: Karmada 1\.13 has no ClusterTaintPolicy/));
    expect(problems('{ version: "1.12", noExecuteTaintEviction: true }')).toContainEqual(expect.stringMatching(/karmada\.noExecuteTaintEviction: Karmada 1\.12 has no --enable-no-execute-taint-eviction/));
    expect(problems('{ version: "1.14", failoverEvictionTimeout: 1m }')).toContainEqual(expect.stringMatching(/karmada\.failoverEvictionTimeout: failoverEvictionTimeout applies to Karmada 1\.10 to 1\.13 only/));
    expect(problems('{ version: "1.9" }')).toContainEqual(expect.stringMatching(/^error designs\[0\]\.karmada\.version/));
  });

  it('a failover the version switches off is a warning that says why', () => {
    expect(problems('{ version: "1.18" }')).toEqual([expect.stringMatching(/^warning designs\[0\]\.placement\.default\.failover\.enabled: Karmada 1\.18 never moves replicas .*Failover feature gate is off/)]);
    expect(problems('{ version: "1.18", failoverGate: true }')).toEqual([expect.stringMatching(/no ClusterTaintPolicy/)]);
    expect(problems('{ version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute } }')).toEqual([expect.stringMatching(/noExecuteTaintEviction is false/)]);
    expect(problems('{ version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute }, noExecuteTaintEviction: true }')).toEqual([]);
    expect(problems('{ version: "1.11" }')).toEqual([]);
    // No version: whatever the default constant selects (legacy: failover on, no warning).
    expect(problems(undefined)).toEqual(resolveKarmada(undefined).clusterFailover ? [] : [expect.stringMatching(/never moves replicas/)]);
  });

  it('application failover: a warning where the version does not run it; gracePeriod only with Gracefully', () => {
    expect(problems('{ version: "1.11", failoverGate: false }', '{ application: {} }')).toEqual([expect.stringMatching(/failover\.application: Karmada 1\.11 starts the application failover controller only with the Failover gate on/)]);
    expect(problems('{ version: "1.18" }', '{ application: { purgeMode: Directly, gracePeriod: 60s } }')).toEqual([expect.stringMatching(/^error .*application\.gracePeriod: gracePeriod applies to purgeMode Gracefully only/)]);
    expect(problems('{ version: "1.18" }', '{ application: { toleration: 60s, purgeMode: Gracefully, gracePeriod: 60s } }')).toEqual([]);
  });
});
