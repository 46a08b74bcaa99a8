import type { ClusterSpec, Design, Scenario } from '../../scenario/types.js';
import type { FaultEpisode } from '../faults/schedule.js';
import type { Fleet } from '../fleet/types.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';
import type { TrafficOutcome } from '../traffic/types.js';
import type { FaultRecord } from '../runtime/faultRecords.js';
import type { DatastoreOutcome } from '../state/types.js';
import type { FaultWindowOutcome } from './faultWindows.js';

/** Everything one replication of one design needs. Pure data in, a result out. */
export interface ReplicationInput {
  readonly fleet: Fleet;
  readonly clusters: readonly ClusterSpec[];
  readonly design: Design;
  readonly resolved: ResolvedDesign;
  /** This replication's faults (shared by every design: common random numbers). */
  readonly faults: readonly FaultEpisode[];
  readonly seed: string | number;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  /** Optional: sample each service's ready replicas on this period (for timelines). */
  readonly timelineStepS?: number;
  /** When given, user traffic is modelled too (the fluid model) and `traffic` is filled in. */
  readonly scenario?: Scenario;
  /** 'requests' simulates every request (short horizons; to check the fluid model). Default 'fluid'. */
  readonly trafficMode?: 'fluid' | 'requests';
  /** Optional: told of every unreachable:NoExecute taint given (true) or taken off (false), for experiments that compare taint sequences. */
  readonly onNodeTaint?: (node: number, tS: number, tainted: boolean) => void;
  /** The fluid traffic model repeats quiet days (default true; false evaluates every hour: docs/traffic.md, "Quiet days"). */
  readonly repeatQuietDays?: boolean;
}

export interface ServiceOutcome {
  readonly name: string;
  /** Replicas the design asks for, summed over clusters. */
  readonly requiredReplicas: number;
  /** Time-average of min(1, ready / required) after warm-up. */
  readonly readyRatio: number;
  /** Seconds after warm-up with no ready replica anywhere. */
  readonly zeroReadyS: number;
  /** Time-average share of listed endpoints that are dead (requests to them fail). */
  readonly blackholeRatio: number;
  readonly minReady: number;
}

export interface ClusterOutcome {
  readonly name: string;
  /** Fraction of time after warm-up the cluster's API accepted writes. */
  readonly apiWritableRatio: number;
}

export interface ReplicationResult {
  readonly design: string;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  readonly services: readonly ServiceOutcome[];
  readonly clusters: readonly ClusterOutcome[];
  /** Faults that started after warm-up. */
  readonly faults: readonly FaultRecord[];
  readonly autoscaledNodes: number;
  /** Node-hours per node pool after warm-up (what the provider bills), including autoscaled nodes. */
  readonly pools: readonly { readonly cluster: string; readonly pool: string; readonly nodeHours: number; readonly peakNodes: number }[];
  readonly events: number;
  readonly etcdEpisodes: number;
  /** Ready replicas per service sampled every timelineStepS (when asked). */
  readonly timeline?: { readonly stepS: number; readonly ready: readonly (readonly number[])[] };
  /** What users felt (when a scenario was given). */
  readonly traffic?: TrafficOutcome;
  /** Per store the scenario declares (workload order): what this design's datastores did (docs/state.md); absent without datastores. */
  readonly datastores?: readonly DatastoreOutcome[];
  /** Per fault of `faults` (same order): served share and ready capacity while it lasted, a timeline for the most severe (faultWindows.ts). */
  readonly faultWindows?: readonly FaultWindowOutcome[];
  /** Failed requests per step after warm-up (traffic model only): the error budget's burn (burn.ts). */
  readonly burn?: BurnSeries;
}

/** Failed requests per step of `stepS` on a grid from t = 0, from the step holding the warm-up's end to the one holding the horizon. */
export interface BurnSeries {
  readonly stepS: number;
  /** End of each step (the last one: the horizon). */
  readonly endS: readonly number[];
  readonly failed: readonly number[];
}
