import { describe, expect, it } from 'vitest';
import { podTicket, ticketIsCurrent, ticketPod } from '../../../src/model/runtime/podTicket.js';
import { POD_READY } from '../../../src/model/runtime/state.js';
import { controllerRig } from './controllerRig.js';

describe('pod tickets', () => {
  it('name the pod and go stale when it changes state', () => {
    const { st } = controllerRig({ nodes: 1, zones: 1 });
    const p = st.createPod(0, 0);
    const ticket = podTicket(st, p);
    expect(ticketPod(ticket)).toBe(p);
    expect(ticketIsCurrent(st, ticket)).toBe(true);
    st.bindPod(p, 0);
    expect(ticketIsCurrent(st, ticket)).toBe(false);
    expect(ticketIsCurrent(st, podTicket(st, p))).toBe(true);
  });

  it('go stale when the slot is reused by a new pod', () => {
    const { st } = controllerRig({ nodes: 1, zones: 1 });
    const p = st.createPod(0, 0);
    const ticket = podTicket(st, p);
    st.deletePod(p);
    const q = st.createPod(0, 0);
    expect(q).toBe(p); // same slot
    expect(ticketIsCurrent(st, ticket)).toBe(false);
  });

  it('keep large pod ids and generations exact', () => {
    const { st } = controllerRig({ nodes: 1, zones: 1 });
    const p = st.createPod(0, 0);
    st.podGen[p] = 2 ** 32 - 1; // generations wrap in the Uint32Array; tickets compare them mod 2^26
    st.setPodState(p, POD_READY);
    const ticket = podTicket(st, p);
    expect(ticketIsCurrent(st, ticket)).toBe(true);
    expect(ticketPod(3_000_000 * 2 ** 26 + 5)).toBe(3_000_000);
  });
});
