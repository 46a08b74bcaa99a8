import { describe, expect, it } from 'vitest';
import { POD_PENDING } from '../../../src/model/runtime/state.js';
import { controllerRig } from './controllerRig.js';

describe('KubeScheduler', () => {
  it('binds one pod per 1/throughput seconds (100 pods/s), the first at once', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 6 });
    const slots = times('kube/schedule');
    kube.setDesired(0, 0, 10);
    sim.run({ untilS: 0.045 });
    expect(st.nodePodsFree.reduce((a, b) => a + b, 0)).toBe(6 * st.nodeMaxPods[0] - 5);
    sim.run({ untilS: 1 });
    expect(slots.length).toBe(10);
    slots.forEach((t, i) => expect(t).toBeCloseTo(i * 0.01, 12));
  });

  it('keeps the spacing across idle periods: a pod queued right after a binding waits its turn', () => {
    const { sim, kube, times } = controllerRig({ nodes: 6 });
    const slots = times('kube/schedule');
    kube.setDesired(0, 0, 1);
    sim.run({ untilS: 0.004 });
    kube.setDesired(0, 0, 2);
    sim.run({ untilS: 0.5 });
    kube.setDesired(0, 0, 3);
    sim.run({ untilS: 1 });
    expect(slots[0]).toBe(0);
    expect(slots[1]).toBeCloseTo(0.01, 12); // not at 0.004
    expect(slots[2]).toBe(0.5); // long idle: at once
  });

  it('spreads pods onto the least-allocated Ready node', () => {
    const { st, sim, kube } = controllerRig({ nodes: 3 });
    st.nodeApi[2] = 1; // NotReady: never chosen
    kube.setDesired(0, 0, 4);
    sim.run({ untilS: 1 });
    const perNode = [0, 1, 2].map((n) => st.nodeMaxPods[n] - st.nodePodsFree[n]);
    expect(perNode).toEqual([2, 2, 0]);
  });

  it('parks a pod that fits nowhere, tells the autoscaler hook, and binds it on retry once capacity appears', () => {
    // One node of ~3.9 vCPU: one 2-vCPU pod fits, the second does not.
    const { st, sim, kube } = controllerRig({ nodes: 1, zones: 1, serviceCpuMillicores: [2000] });
    const calls: number[] = [];
    kube.scheduler.onUnschedulable = (c) => calls.push(c);
    kube.setDesired(0, 0, 2);
    sim.run({ untilS: 1 });
    expect(calls).toEqual([0]);
    expect(kube.scheduler.unschedulableTickets(0).length).toBe(1);
    const waiting = st.podState.findIndex((s) => s === POD_PENDING);
    expect(waiting).toBeGreaterThanOrEqual(0);
    // The bound pod goes: a retry binds the waiting one.
    const bound = st.nodeFirstPod[0];
    st.deletePod(bound);
    kube.scheduler.requestRetry(0);
    sim.run({ untilS: 2 });
    expect(st.podNode[waiting]).toBe(0);
    expect(kube.scheduler.unschedulableTickets(0).length).toBe(0);
  });

  it('binds nothing while the API is not writable; resumes when it returns', () => {
    const { st, sim, cp, kube, times } = controllerRig({ nodes: 3 });
    const slots = times('kube/schedule');
    kube.setDesired(0, 0, 2); // books the first slot at 0
    cp.addCause(0, 1, 0);
    sim.run({ untilS: 10 });
    expect(st.existing[0]).toBe(2);
    expect(st.nodePodsFree[0] + st.nodePodsFree[1] + st.nodePodsFree[2]).toBe(3 * st.nodeMaxPods[0]);
    cp.addCause(0, -1, sim.now);
    sim.run({ untilS: 11 });
    expect(slots[0]).toBe(0); // the slot fired but bound nothing
    expect(slots.slice(1)).toEqual([10, 10.01]);
  });
});
