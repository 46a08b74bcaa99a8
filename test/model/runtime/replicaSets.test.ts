import { describe, expect, it } from 'vitest';
import { POD_DOWN, POD_LOST, POD_PENDING, POD_READY, POD_STARTING } from '../../../src/model/runtime/state.js';
import { controllerRig } from './controllerRig.js';

describe('ReplicaSetController', () => {
  it('scales down the least useful pods first: pending, starting, down, lost, then ready', () => {
    const { st, kube } = controllerRig({ nodes: 3 });
    const states = [POD_READY, POD_LOST, POD_DOWN, POD_STARTING, POD_PENDING];
    for (const s of states) {
      const p = st.createPod(0, 0);
      if (s !== POD_PENDING) {
        st.bindPod(p, 0);
        st.setPodState(p, s);
      }
    }
    st.desired[0] = 5;
    const left = () => states.filter((s) => st.podState.slice(0, 5).includes(s));
    kube.setDesired(0, 0, 3);
    expect(left()).toEqual([POD_READY, POD_LOST, POD_DOWN]);
    kube.setDesired(0, 0, 1);
    expect(left()).toEqual([POD_READY]);
    expect(st.existing[0]).toBe(1);
  });

  it('records a new desired count while the API is down and converges when it returns', () => {
    const { st, sim, cp, kube } = controllerRig({ nodes: 3 });
    cp.addCause(0, 1, 0);
    kube.setDesired(0, 0, 3);
    expect(st.desired[0]).toBe(3);
    expect(st.existing[0]).toBe(0);
    sim.run({ untilS: 5 });
    cp.addCause(0, -1, sim.now);
    expect(st.existing[0]).toBe(3);
    sim.run({ untilS: 10 });
    expect(st.ready[0]).toBe(3); // bound within 0.03 s, started after 2 s
  });
});
