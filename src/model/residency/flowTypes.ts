/**
 * The pieces of a data flow before the residency rule is applied (dataFlows.ts adds `violation`):
 * one end is a service or a store member in a cluster, or a user region outside the fleet.
 */

export interface FlowEnd {
  readonly region: string;
  /** '' for a user region (outside the fleet). */
  readonly cluster: string;
  /** A service, a store, or (cluster '') a user region. */
  readonly name: string;
}

export type FlowVia = 'read' | 'write' | 'replication' | 'response';

export interface RawFlow {
  readonly via: FlowVia;
  readonly from: FlowEnd;
  readonly to: FlowEnd;
  readonly bytesPerYear: number;
}

/** Mean demand is per second; flows are reported per year of 365 days (the `y` of scenario durations). */
export const YEAR_S = 365 * 86_400;
