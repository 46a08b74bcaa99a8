import { describe, expect, it } from 'vitest';
import { LEGACY_KARMADA } from '../../../src/scenario/karmada.js';
import type { KarmadaSpec } from '../../../src/scenario/types.js';
import { EU, US, karmadaRig, karmadaYaml } from './karmadaRig.js';

/**
 * Karmada's failover by version, against timelines worked by hand from Karmada's source
 * (docs/karmada.md): the cluster status controller marks a cluster NotReady after
 * --cluster-failure-threshold (30 s) of failed probes every --cluster-status-update-frequency (10 s);
 * up to 1.13 the cluster controller adds the NoExecute taint --failover-eviction-timeout (5 min) after
 * that, when the Failover gate is on; from 1.14 a ClusterTaintPolicy adds it at once; the taint
 * manager evicts after the policy's toleration. Probe phases are random, so detection is asserted
 * within one interval and every later step exactly from it.
 */

const CLUSTER_FAILOVER = '{ enabled: true, toleration: 300s, purgeMode: Immediately }';

/** The us cluster's API goes down at 100 s for `forS`; returns when Karmada marked it NotReady and moved it. */
function apiOutage(karmada: string | KarmadaSpec, forS = 3 * 3600, untilS = 4 * 3600) {
  const r = typeof karmada === 'string' ? karmadaRig(karmadaYaml({ karmada, failover: CLUSTER_FAILOVER })) : karmadaRig(karmadaYaml({ failover: CLUSTER_FAILOVER }), 0, karmada);
  r.at(100, () => r.cp.addCause(US, 1, 100));
  r.at(100 + forS, () => r.cp.addCause(US, -1, 100 + forS));
  const desiredEu = r.desiredAt(EU, [untilS - 1]);
  r.run(untilS);
  return { ...r, desiredEu };
}

describe('Karmada cluster failover by version', () => {
  it('legacy (today\'s model): evicted the toleration (300 s) after NotReady, NotReady within one probe of the 30 s threshold', () => {
    const r = apiOutage(LEGACY_KARMADA);
    expect(r.notReadyAt).toHaveLength(1);
    expect(r.notReadyAt[0]).toBeGreaterThanOrEqual(130);
    expect(r.notReadyAt[0]).toBeLessThan(140);
    expect(r.failedOverAt).toEqual([r.notReadyAt[0] + 300]);
    expect(r.desiredEu).toEqual([8]);
  });

  it('1.11 (gate on by default): the NoExecute taint comes 5 min after NotReady, eviction 300 s after the taint', () => {
    const r = apiOutage('{ version: "1.11" }');
    expect(r.design.karmada).toMatchObject({ failoverGate: true, clusterFailover: true, taintDelayS: 300 });
    expect(r.failedOverAt).toEqual([r.notReadyAt[0] + 300 + 300]);
  });

  it('1.11 with a shorter --failover-eviction-timeout (1 min): eviction at NotReady + 60 + 300 s', () => {
    const r = apiOutage('{ version: "1.11", failoverEvictionTimeout: 1m }');
    expect(r.failedOverAt).toEqual([r.notReadyAt[0] + 60 + 300]);
  });

  it('1.11: an outage shorter than NotReady + 5 min never reaches the taint, so nothing moves (legacy would have moved it)', () => {
    // Down 100 s → 500 s: NotReady at ~135 s, taint due ~435 s + 300 s; the API is back long before.
    const r = apiOutage('{ version: "1.11" }', 400);
    expect(r.notReadyAt).toHaveLength(1);
    expect(r.failedOverAt).toEqual([]);
    expect(r.desiredEu).toEqual([4]);
  });

  it('1.12 and later, gate off by default (karmada PR 5899): the cluster is marked NotReady but nothing moves', () => {
    for (const v of ['1.12', '1.13', '1.15', '1.18']) {
      const r = apiOutage(`{ version: "${v}" }`);
      expect(r.design.karmada.failoverGate).toBe(false);
      expect(r.notReadyAt).toHaveLength(1);
      expect(r.failedOverAt).toEqual([]);
      expect(r.desiredEu).toEqual([4]);
    }
  });

  it('1.18 with the gate on still needs a NoExecute ClusterTaintPolicy and --enable-no-execute-taint-eviction', () => {
    expect(apiOutage('{ version: "1.18", failoverGate: true }').failedOverAt).toEqual([]);
    expect(apiOutage('{ version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute } }').failedOverAt).toEqual([]);
    expect(apiOutage('{ version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoSchedule }, noExecuteTaintEviction: true }').failedOverAt).toEqual([]);
    const r = apiOutage('{ version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute }, noExecuteTaintEviction: true }');
    // The policy taints at NotReady; the toleration runs from the taint.
    expect(r.failedOverAt).toEqual([r.notReadyAt[0] + 300]);
    expect(r.desiredEu).toEqual([8]);
  });
});

describe('the Karmada control plane as a shared dependency (setControlPlaneDown)', () => {
  it('down before the member API fails: nothing is detected until it returns, then a fresh 30 s threshold', () => {
    const r = karmadaRig(karmadaYaml({ failover: CLUSTER_FAILOVER }), 0, LEGACY_KARMADA);
    r.at(50, () => r.karmada.setControlPlaneDown(true));
    r.at(100, () => r.cp.addCause(US, 1, 100));
    r.at(1000, () => r.karmada.setControlPlaneDown(false));
    r.run(3 * 3600);
    expect(r.notReadyAt).toHaveLength(1);
    expect(r.notReadyAt[0]).toBeGreaterThanOrEqual(1030);
    expect(r.notReadyAt[0]).toBeLessThan(1040);
    expect(r.failedOverAt).toEqual([r.notReadyAt[0] + 300]);
  });

  it('down after NotReady: the eviction that fell due meanwhile happens the moment it returns', () => {
    const r = karmadaRig(karmadaYaml({ failover: CLUSTER_FAILOVER }), 0, LEGACY_KARMADA);
    r.at(100, () => r.cp.addCause(US, 1, 100));
    r.at(200, () => r.karmada.setControlPlaneDown(true));
    r.at(1000, () => r.karmada.setControlPlaneDown(false));
    const desiredUs = r.desiredAt(US, [999, 1000.5]);
    r.run(3 * 3600);
    expect(r.notReadyAt[0]).toBeLessThan(140);
    expect(r.failedOverAt).toEqual([1000]);
    // Purge Immediately, but only once Karmada is back.
    expect(desiredUs).toEqual([4, 0]);
  });

  it('the member API returns while Karmada is down: the overdue eviction is dropped and the cluster is Ready at its next probe', () => {
    const r = karmadaRig(karmadaYaml({ failover: CLUSTER_FAILOVER }), 0, LEGACY_KARMADA);
    r.at(100, () => r.cp.addCause(US, 1, 100));
    r.at(200, () => r.karmada.setControlPlaneDown(true));
    r.at(800, () => r.cp.addCause(US, -1, 800));
    r.at(1000, () => r.karmada.setControlPlaneDown(false));
    const ready: boolean[] = [];
    r.at(999, () => ready.push(r.karmada.isReady(US)));
    r.at(1010, () => ready.push(r.karmada.isReady(US)));
    r.run(3 * 3600);
    expect(r.failedOverAt).toEqual([]);
    expect(ready).toEqual([false, true]);
  });
});

describe('Karmada application failover (placement failover.application)', () => {
  const app = (application: string, karmada = '{ version: "1.18" }') => karmadaYaml({ karmada, failover: `{ enabled: false, application: ${application} }` });

  it('all of a cluster\'s replicas unready at 100 s: moved at 100 + toleration (300 s); Directly purges at once', () => {
    const r = karmadaRig(app('{ purgeMode: Directly }'));
    r.at(100, () => r.unready(US, 4));
    const us = r.desiredAt(US, [399, 400.5]);
    const eu = r.desiredAt(EU, [399, 400.5]);
    r.run(3600);
    expect(r.appFailedOverAt).toEqual([400]);
    expect(us).toEqual([4, 0]);
    expect(eu).toEqual([4, 8]);
  });

  it('Gracefully (the default) keeps the old replicas for gracePeriod (600 s by default); Never keeps them for good', () => {
    const g = karmadaRig(app('{ toleration: 120s }'));
    g.at(100, () => g.unready(US, 4));
    const gUs = g.desiredAt(US, [221, 819, 820.5]);
    g.run(3600);
    expect(g.appFailedOverAt).toEqual([220]);
    expect(gUs).toEqual([4, 4, 0]);

    const n = karmadaRig(app('{ toleration: 120s, purgeMode: Never }'));
    n.at(100, () => n.unready(US, 4));
    const nUs = n.desiredAt(US, [3599]);
    const nEu = n.desiredAt(EU, [3599]);
    n.run(3600);
    expect(n.appFailedOverAt).toEqual([220]);
    expect(nUs).toEqual([4]);
    expect(nEu).toEqual([8]);
  });

  it('one replica of four short is unhealthy too (a Deployment is healthy only with every desired replica available)', () => {
    const r = karmadaRig(app('{ toleration: 300s, purgeMode: Directly }'));
    r.at(100, () => r.unready(US, 1));
    r.run(3600);
    expect(r.appFailedOverAt).toEqual([400]);
  });

  it('healthy again before the toleration ends: nothing moves; unhealthy again: a fresh toleration', () => {
    const r = karmadaRig(app('{ toleration: 300s, purgeMode: Directly }'));
    r.at(100, () => r.unready(US, 4));
    r.at(350, () => r.readyAgain(US, 4));
    r.at(500, () => r.unready(US, 2));
    r.run(3600);
    expect(r.appFailedOverAt).toEqual([800]);
  });

  it('by version: off with 1.11\'s gate off, on in 1.12 whatever the gate (the controller no longer waits for it)', () => {
    for (const [karmada, expected] of [['{ version: "1.11", failoverGate: false }', []], ['{ version: "1.11" }', [400]], ['{ version: "1.12" }', [400]], ['{ version: "1.18" }', [400]]] as const) {
      const r = karmadaRig(app('{ purgeMode: Directly }', karmada));
      r.at(100, () => r.unready(US, 4));
      r.run(3600);
      expect(r.appFailedOverAt).toEqual(expected);
    }
  });

  it('Karmada down when the toleration ends: the eviction waits for its return; a workload healthy by then stays', () => {
    const r = karmadaRig(app('{ purgeMode: Directly }'));
    r.at(100, () => r.unready(US, 4));
    r.at(300, () => r.karmada.setControlPlaneDown(true));
    r.at(900, () => r.karmada.setControlPlaneDown(false));
    r.run(3600);
    expect(r.appFailedOverAt).toEqual([900]);

    const h = karmadaRig(app('{ purgeMode: Directly }'));
    h.at(100, () => h.unready(US, 4));
    h.at(300, () => h.karmada.setControlPlaneDown(true));
    h.at(600, () => h.readyAgain(US, 4));
    h.at(900, () => h.karmada.setControlPlaneDown(false));
    h.run(3600);
    expect(h.appFailedOverAt).toEqual([]);
  });
});
