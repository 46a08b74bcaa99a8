import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../../src/engine/stats/timeWeighted.js';
import { autoscalerRig } from './autoscalerRig.js';

const SCAN_S = 10;
const UNNEEDED_S = 600;

/** Removals reported by the autoscaler's billing hook: [time, node]. */
function removals(rig: ReturnType<typeof autoscalerRig>): [number, number][] {
  const out: [number, number][] = [];
  rig.kube.autoscaler.onNodeRemoved = (node) => out.push([rig.sim.now, node]);
  return out;
}

function readyPods(rig: ReturnType<typeof autoscalerRig>): number {
  return rig.st.ready[rig.st.group(0, 0)];
}

describe('cluster-autoscaler scale-down: hand-derived timelines', () => {
  it('a non-empty node below 50% whose pods fit elsewhere goes unneededTime after the first check; its pods are rescheduled; the pool stops at its minimum', () => {
    // Three nodes with two 900m pods each: 1800m of ≈ 3920m allocatable, below the 50% threshold.
    // The first check (a scan interval after start, t = 10 s) finds node 0 unneeded (least requested,
    // lowest id): its two pods fit on nodes 1 and 2. Node 1 would be next, but the pool (min 2) has
    // room for one removal only. Removal at 10 + 600 = 610 s.
    const rig = autoscalerRig({ nodes: 3, min: 2, max: 3, seedPods: [0, 0, 1, 1, 2, 2], autoscaler: 'scaleDown: { enabled: true }' });
    expect(1800 / rig.fleet.nodePools[0].cpuAllocatableMillicores).toBeLessThan(0.5);
    const removed = removals(rig);
    const checks = rig.times('kube/scaleDownCheck');
    rig.sim.run({ untilS: 3600 });
    expect(removed).toEqual([[SCAN_S + UNNEEDED_S, 0]]);
    expect(checks[0]).toBe(SCAN_S);
    expect(rig.activeNodes()).toBe(2);
    // The six pods run again on the two nodes left (three each: 2700m, above the threshold).
    expect(readyPods(rig)).toBe(6);
    expect(rig.st.nodeFirstPod[0]).toBe(-1);
    for (const n of [1, 2]) expect(rig.st.nodeCpuFree[n]).toBeCloseTo(rig.fleet.nodePools[0].cpuAllocatableMillicores - 2700, 6);
  });

  it('a pool at its minimum is never scaled down, and no timer runs for it (one check, then none)', () => {
    const rig = autoscalerRig({ nodes: 3, min: 3, max: 4, seedPods: [0, 0, 1, 1, 2, 2], autoscaler: 'scaleDown: { enabled: true }' });
    const removed = removals(rig);
    const checks = rig.times('kube/scaleDownCheck');
    rig.sim.run({ untilS: 7 * 86_400 });
    expect(removed).toEqual([]);
    expect(checks).toEqual([SCAN_S]);
  });

  /**
   * Two full nodes (four 900m pods each); at 100 s the ReplicaSet asks for 12: four pods are
   * unschedulable at 100 s, the decision comes 5 s later (the last scale-up, 105 s) and one node
   * joins at 165 s. At `spikeEndS` the ReplicaSet goes back to 8 and deletes the four newest pods,
   * those on the new node: it is empty, unneeded from the check a scan interval later.
   */
  function spike(spikeEndS: number, autoscaler: string) {
    const rig = autoscalerRig({ nodes: 2, min: 2, max: 3, seedPods: [0, 0, 0, 0, 1, 1, 1, 1], autoscaler });
    const removed = removals(rig);
    const decisions = rig.times('kube/autoscalerDecision');
    const joined = rig.times('kube/nodeProvisioned');
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    rig.sim.at(100, SET, 12);
    rig.sim.at(spikeEndS, SET, 8);
    rig.sim.run({ untilS: 4 * 3600 });
    return { rig, removed, decisions, joined };
  }

  it('after a spike, the added node goes at max(last scale-up + delayAfterAdd, unneeded since + unneededTime): unneededTime binds', () => {
    const { rig, removed, decisions, joined } = spike(1000, 'scaleDown: { enabled: true }');
    // The decision that launched; the one booked when the node joined finds nothing pending.
    expect(decisions[0]).toBe(105);
    expect(joined).toEqual([165]);
    const lastScaleUpS = 105;
    const delayAfterAddS = 600;
    // Unneeded from the first check after the deletions, within one scan interval of 1000 s.
    const handS = Math.max(lastScaleUpS + delayAfterAddS, 1000 + UNNEEDED_S);
    expect(removed.length).toBe(1);
    expect(removed[0][1]).toBe(2); // the spare slot
    expect(removed[0][0]).toBeGreaterThanOrEqual(handS);
    expect(removed[0][0]).toBeLessThanOrEqual(handS + SCAN_S);
    expect(rig.activeNodes()).toBe(2);
    expect(readyPods(rig)).toBe(8);
  });

  it('after a short spike, the added node goes at last scale-up + delayAfterAdd: the cooldown binds', () => {
    const { removed, decisions } = spike(200, 'scaleDown: { enabled: true, delayAfterAdd: 20m }');
    expect(decisions[0]).toBe(105);
    // Unneeded since ≤ 210 s, due at 810 s; the cooldown ends at 105 + 1200 = 1305 s, and the check is
    // booked for that instant.
    expect(removed).toEqual([[105 + 1200, 2]]);
  });

  it('with scale-down off, the added node stays', () => {
    const { removed, rig } = spike(1000, 'scaleDown: { enabled: false }');
    expect(removed).toEqual([]);
    expect(rig.activeNodes()).toBe(3);
  });
});

describe('cluster-autoscaler halts while too many nodes are unready', () => {
  /** Six nodes over three zones, two pods each; `down` machines stop at 0 s and return at 1000 s; at 100 s 40 pods are wanted. */
  function unready(down: number) {
    const rig = autoscalerRig({ nodes: 6, min: 6, max: 8, zones: 3, seedPods: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5] });
    const joined = rig.times('kube/nodeProvisioned');
    const decisions = rig.times('kube/autoscalerDecision');
    const MACHINE = rig.sim.register('test/machine', (arg) => rig.machine(arg >> 1, (arg & 1) === 1));
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    for (let n = 0; n < down; n++) {
      rig.sim.at(0, MACHINE, n * 2);
      rig.sim.at(1000, MACHINE, n * 2 + 1);
    }
    rig.sim.at(100, SET, 40);
    rig.sim.run({ untilS: 2000 });
    return { rig, joined, decisions };
  }

  it('4 of 6 unready (more than 45% and more than 3): decisions do nothing until the nodes are Ready again', () => {
    const { joined, decisions } = unready(4);
    expect(decisions.some((t) => t > 100 && t < 1000)).toBe(true); // it was asked, and declined
    expect(joined.length).toBe(2); // both spares, once the machines are back
    // Ready again at the first node-monitor pass (every 5 s) after 1000 s, the scheduler's retry
    // finds the pods unschedulable, a decision 5 s later, Ready 60 s after that.
    for (const t of joined) {
      expect(t).toBeGreaterThanOrEqual(1000 + 5 + 60);
      expect(t).toBeLessThanOrEqual(1000 + 5 + 5 + 60 + 1);
    }
  });

  it('3 of 6 unready (not more than okUnreadyCount): it scales up at once', () => {
    const { joined } = unready(3);
    expect(joined.length).toBe(2);
    for (const t of joined) expect(t).toBeCloseTo(100 + 5 + 60, 0);
  });
});

describe('node launches that fail', () => {
  it('launches decided during a nodeLaunches fault never come; each is given up after maxNodeProvisionTime and retried; the first after the fault joins', () => {
    const rig = autoscalerRig({ nodes: 2, min: 2, max: 3, seedPods: [0, 0, 0, 0, 1, 1, 1, 1] });
    const joined = rig.times('kube/nodeProvisioned');
    const givenUp = rig.times('kube/nodeLaunchGivenUp');
    const BLOCK = rig.sim.register('test/block', (d) => rig.kube.autoscaler.blockLaunches(0, d === 1 ? 1 : -1));
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    rig.sim.at(0, BLOCK, 1);
    rig.sim.at(1800, BLOCK, 0);
    rig.sim.at(100, SET, 12);
    rig.sim.run({ untilS: 3600 });
    // Decisions at 105 and 1010 (5 s after each give-up) fail; the one at 1915 launches.
    expect(givenUp).toEqual([105 + 900, 1010 + 900]);
    expect(joined).toEqual([1915 + 60]);
    expect(rig.kube.autoscaler.failedLaunches).toBe(2);
    expect(readyPods(rig)).toBe(12);
  });

  it('a launch slower than maxNodeProvisionTime is given up at that time', () => {
    const rig = autoscalerRig({ nodes: 2, min: 2, max: 3, seedPods: [0, 0, 0, 0, 1, 1, 1, 1], provisioning: '20m' });
    const givenUp = rig.times('kube/nodeLaunchGivenUp');
    const joined = rig.times('kube/nodeProvisioned');
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    rig.sim.at(100, SET, 12);
    rig.sim.run({ untilS: 3000 });
    // Every attempt: decision 5 s after the last give-up, given up 900 s later.
    expect(givenUp).toEqual([105 + 900, 1010 + 900, 1915 + 900]);
    expect(joined).toEqual([]);
    expect(rig.st.ready[0]).toBe(8);
  });
});

describe('a node whose zone dies while it boots', () => {
  it('never turns Ready: it is given up maxNodeProvisionTime after its launch, and the next decision launches again', () => {
    const rig = autoscalerRig({ nodes: 2, min: 2, max: 3, seedPods: [0, 0, 0, 0, 1, 1, 1, 1] });
    const joined: number[] = [];
    rig.kube.autoscaler.onNodeProvisioned = () => joined.push(rig.sim.now);
    const givenUp = rig.times('kube/nodeLaunchGivenUp');
    const MACHINE = rig.sim.register('test/machine', (up) => rig.machine(2, up === 1));
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    rig.sim.at(100, SET, 12);
    rig.sim.at(130, MACHINE, 0); // the spare slot's machine (zone) goes down while booting
    rig.sim.at(500, MACHINE, 1);
    rig.sim.run({ untilS: 3600 });
    // Launched at 105, due Ready at 165 but down: given up at 105 + 900; decision 5 s later, Ready 60 s on.
    expect(joined).toEqual([1010 + 60]);
    expect(givenUp).toEqual([105 + 900]);
    expect(readyPods(rig)).toBe(12);
  });
});

describe('spot interruptions in the cluster', () => {
  function spotRig(min: number) {
    const rig = autoscalerRig({ nodes: 3, min, max: 4, seedPods: [0, 0, 0, 0, 1, 1, 2, 2] });
    const removed = removals(rig);
    const joined = rig.times('kube/nodeProvisioned');
    const NOTICE = rig.sim.register('test/notice', (n) => rig.kube.autoscaler.spotNotice(n));
    const END = rig.sim.register('test/end', (n) => rig.kube.autoscaler.spotTerminated(n));
    const readyAt: [number, number][] = [];
    const SAMPLE = rig.sim.register('test/sample', () => readyAt.push([rig.sim.now, readyPods(rig)]));
    rig.sim.at(100, NOTICE, 0);
    rig.sim.at(220, END, 0);
    for (const t of [99, 100, 103, 219, 221, 400]) rig.sim.at(t, SAMPLE, 0);
    rig.sim.run({ untilS: 600 });
    return { rig, removed, joined, readyAt };
  }

  it('the notice drains the node at once (its pods rescheduled), billing stops at the end, and a pool at its minimum gets a replacement after the provisioning delay', () => {
    const { rig, removed, joined, readyAt } = spotRig(3);
    // Node 0's four pods are deleted at the notice: 8 → 4 ready; the replacements (2 fit on each of
    // nodes 1 and 2) are Ready 2 s later.
    expect(readyAt).toEqual([
      [99, 8],
      [100, 4],
      [103, 8],
      [219, 8],
      [221, 8],
      [400, 8],
    ]);
    expect(removed).toEqual([[220, 0]]);
    expect(joined).toEqual([220 + 60]);
    expect(rig.activeNodes()).toBe(3);
  });

  it('an autoscaled pool above its minimum is not refilled by its node group; the autoscaler adds a node only if pods wait', () => {
    const { removed, joined } = spotRig(2);
    expect(removed).toEqual([[220, 0]]);
    // The drained pods fit on the other two nodes: nothing waits, nothing is launched.
    expect(joined).toEqual([]);
  });
});

describe('billed node-hours follow the simulated fleet', () => {
  it('a meter fed by onNodeProvisioned and onNodeRemoved counts the spike node from join to removal only', () => {
    // As replication metrics keep a pool's size (the hooks are the autoscaler's contract with them).
    const rig = autoscalerRig({ nodes: 2, min: 2, max: 3, seedPods: [0, 0, 0, 0, 1, 1, 1, 1], autoscaler: 'scaleDown: { enabled: true }' });
    const meter = new TimeWeighted(0, 2);
    let removedAtS = Number.NaN;
    rig.kube.autoscaler.onNodeProvisioned = () => meter.update(rig.sim.now, meter.current + 1);
    rig.kube.autoscaler.onNodeRemoved = () => {
      removedAtS = rig.sim.now;
      meter.update(rig.sim.now, meter.current - 1);
    };
    const SET = rig.sim.register('test/setDesired', (n) => rig.kube.setDesired(0, 0, n));
    rig.sim.at(100, SET, 12);
    rig.sim.at(1000, SET, 8);
    const horizonS = 4 * 3600;
    rig.sim.run({ untilS: horizonS });
    expect(removedAtS).toBeGreaterThanOrEqual(1000 + UNNEEDED_S);
    expect(meter.current).toBe(2);
    // Two nodes all along, the third from 165 s (joined) to its removal.
    expect(meter.area(horizonS) / 3600).toBeCloseTo((2 * horizonS + (removedAtS - 165)) / 3600, 9);
  });
});
