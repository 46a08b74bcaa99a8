import type { RuntimeState } from './state.js';

/**
 * A pod ticket names one pod in one generation, packed into a single event argument or queue entry
 * (pod id × 2^26 + generation mod 2^26: exact in a float64). A pod's generation changes with every
 * state change and slot reuse, so a ticket taken earlier tells whether the pod is still the one it
 * was (events and queues are never searched to remove stale entries; they are skipped when met).
 */
const POD_LIMIT = 2 ** 26;

/** The ticket of pod `p` as it is now. */
export function podTicket(st: RuntimeState, p: number): number {
  return p * POD_LIMIT + (st.podGen[p] % POD_LIMIT);
}

export function ticketPod(ticket: number): number {
  return Math.floor(ticket / POD_LIMIT);
}

/** Has the ticket's pod kept the generation it had when the ticket was taken? */
export function ticketIsCurrent(st: RuntimeState, ticket: number): boolean {
  return st.podGen[Math.floor(ticket / POD_LIMIT)] % POD_LIMIT === ticket % POD_LIMIT;
}
