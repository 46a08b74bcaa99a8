/**
 * `fleetsim check`'s residency-as-data-flow section (docs/residency.md): per design, the flows that
 * take a data class out of its allowed regions, one warning each, and how many listed flows comply.
 * The flows come from the model's dataFlows() through the hook in commands/check.ts; the types here
 * are the fields check prints, written out because cli/ reaches the model only through run/.
 */

export interface FlowEndView {
  readonly region: string;
  /** '' for a user region (outside the fleet). */
  readonly cluster: string;
  readonly name: string;
}

export interface DataFlowView {
  readonly dataClass: string;
  readonly via: 'read' | 'write' | 'replication' | 'response';
  readonly from: FlowEndView;
  readonly to: FlowEndView;
  readonly bytesPerYear: number;
  readonly violation: boolean;
}

export interface DesignDataFlows {
  readonly design: string;
  readonly flows: readonly DataFlowView[];
}

const VIA_TEXT: Readonly<Record<DataFlowView['via'], string>> = { response: 'call responses', read: 'reads', write: 'writes', replication: 'replication' };

/** "profile in eu-fra (eu-central-1)"; a user region: "users us-users (us-east-1)". */
function endText(end: FlowEndView): string {
  return end.cluster === '' ? `users ${end.name} (${end.region})` : `${end.name} in ${end.cluster} (${end.region})`;
}

/** Decimal gigabytes a year to three significant figures ("7270 GB/yr", "0.0123 GB/yr"). */
export function gbPerYearText(bytesPerYear: number): string {
  return `~${Number((bytesPerYear / 1e9).toPrecision(3))} GB/yr`;
}

/** One warning per violating flow: "eu-pinned: personal-eu flows from profile in eu-fra (eu-central-1) to gateway in us-iad (us-east-1) by call responses, ~3630 GB/yr". */
export function dataFlowWarnings(designs: readonly DesignDataFlows[]): string[] {
  return designs.flatMap((d) =>
    d.flows.filter((f) => f.violation).map((f) => `${d.design}: ${f.dataClass} flows from ${endText(f.from)} to ${endText(f.to)} by ${VIA_TEXT[f.via]}, ${gbPerYearText(f.bytesPerYear)}`),
  );
}

/** Per design, one line: how many listed flows leave their class's allowed regions and how many comply. */
export function dataFlowSummary(designs: readonly DesignDataFlows[]): string {
  const lines = designs.map((d) => {
    const bad = d.flows.filter((f) => f.violation).length;
    const ok = d.flows.length - bad;
    return `  ${d.design}: ${bad} flow${bad === 1 ? '' : 's'} out of a data class's allowed regions, ${ok} compliant cross-region flow${ok === 1 ? '' : 's'}`;
  });
  return `Data flows (docs/residency.md: mean demand, healthy fleet, no failover routes)\n${lines.join('\n')}\n`;
}
