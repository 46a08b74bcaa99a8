import { isStoreLine, REPLICATION_ITEM } from '../cost/datastores.js';
import { humanDuration, percentInterval, usd } from '../run/numberFormat.js';
import type { DesignResult, Interval, Results } from '../run/results.js';
import { table } from './terminalTable.js';
import { terminalSafe } from './terminalText.js';
import type { TrafficSection } from './trafficTables.js';

/**
 * The report's state sections (docs/state.md, docs/residency.md): per design with datastores, a
 * "State" table of its stores (results.json designs[].datastores), and one "Data flows" table of the
 * data that crosses region boundaries (designs[].dataFlows), violations first. Each exists only when
 * some design has something to show, so reports of scenarios without datastores are unchanged.
 */

const msCell = (i: Interval): string => (i.mean === null ? '—' : `${i.mean < 10 ? i.mean.toFixed(2) : i.mean.toFixed(1)} ms`);

/** "0", "512 B", "12.3 kB", "4.5 MB", "1.2 GB" (decimal units, as transfer is billed). */
export function bytesCell(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '0';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = x;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? Math.round(v) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** RPO seconds: sub-millisecond lags (a standby in the same region) kept visible instead of "0 ms". */
function rpoCell(s: number | null): string {
  if (s === null) return '—';
  if (s === 0) return '0';
  if (s < 0.001) return `${(s * 1000).toPrecision(2)} ms`;
  return humanDuration(s);
}

/** A store's replication cost a month: the mean of its "datastore replication" lines; null without cost. */
function replicationUsd(d: DesignResult, store: string): number | null {
  if (d.cost === null) return null;
  return d.cost.lines.filter((l) => isStoreLine(l, REPLICATION_ITEM, store)).reduce((a, l) => a + l.monthlyUsd, 0);
}

const STATE_HEADER = ['store', 'write availability', 'read availability', 'commit p50', 'commit p99', 'failovers/yr', 'RTO p99', 'RPO p99', 'RPO p99 bytes', 'replication /month'];

const STATE_NOTE =
  'Availability: share of write (read) demand the store could serve, mean over replications with its 95% interval. Commit: write-weighted commit latency (network to the primary + commit), means over replications. ' +
  'RTO: from the primary\'s loss until clients\' writes are accepted again, over every loss that recovered; RPO: the promoted member\'s lag, in seconds of writes and in bytes, over every failover (p99 over all replications). ' +
  'replication /month: the inter-region replication lines of the bill (docs/state.md, docs/cost.md).';

/** One "State" section per design whose results carry datastores. */
export function stateSections(r: Results): TrafficSection[] {
  return r.designs.flatMap((d) => {
    const stores = d.datastores;
    if (stores === undefined || stores.length === 0) return [];
    const rows = stores.map((s) => {
      const notBack = s.failovers.notRecovered > 0 ? ` (${s.failovers.notRecovered} not back)` : '';
      const failovers = s.failoversPerYear.mean === null ? '—' : s.failoversPerYear.mean.toFixed(s.failoversPerYear.mean < 10 ? 2 : 1);
      return [
        `${s.name} (${s.kind})`,
        percentInterval(s.writeAvailability),
        percentInterval(s.readAvailability),
        msCell(s.commitLatencyMs.p50),
        msCell(s.commitLatencyMs.p99),
        failovers,
        `${s.rtoS.p99 === null ? '—' : humanDuration(s.rtoS.p99)}${notBack}`,
        rpoCell(s.rpoS.p99),
        bytesCell(s.rpoBytes.p99),
        usd(replicationUsd(d, s.name)),
      ];
    });
    const notes = [STATE_NOTE];
    const split = stores.filter((s) => s.failovers.splitBrain > 0).map((s) => `${s.name}: ${s.failovers.splitBrain} failover(s) with two primaries taking writes (fencing: none); the losing side's writes are in the RPO.`);
    const stale = stores.filter((s) => (s.readStalenessS.mean ?? 0) > 0).map((s) => `${s.name}: reads ${humanDuration(s.readStalenessS.mean)} stale on average (served by members that trail the primary).`);
    return [{ title: `State: ${d.name}`, header: STATE_HEADER, rows, notes: [...notes, ...split, ...stale], numericFrom: 1 }];
  });
}

const FLOW_HEADER = ['design', 'data class', 'via', 'from', 'to', 'allowed', 'per year'];

/** "Data flows": every design's flows, violations first (across designs), then the rest; null when no design has any. */
export function dataFlowSection(r: Results): TrafficSection | null {
  const all = r.designs.flatMap((d) => (d.dataFlows ?? []).map((f) => ({ d, f })));
  if (all.length === 0) return null;
  const ordered = [...all.filter((x) => x.f.violation), ...all.filter((x) => !x.f.violation)];
  const end = (e: { region: string; cluster: string; name: string }) => (e.cluster === '' ? `${e.name} (${e.region})` : `${e.name} in ${e.cluster} (${e.region})`);
  const rows = ordered.map(({ d, f }) => [d.name, f.dataClass, f.via, end(f.from), end(f.to), f.violation ? 'VIOLATION' : f.leavesFleet ? 'to its user' : 'yes', bytesCell(f.bytesPerYear)]);
  const violations = ordered.filter((x) => x.f.violation).length;
  return {
    title: 'Data flows',
    header: FLOW_HEADER,
    rows,
    numericFrom: 6,
    notes: [
      `${violations} flow(s) take data to a region its class does not allow. Flows of a data class across region boundaries at the scenario's mean demand through the healthy fleet: call responses, store reads and writes, replication (docs/residency.md).`,
    ],
  };
}

/** The state sections for a terminal: title, table, notes; empty when there is nothing to show. Terminal-safe (names come from the scenario). */
export function stateTextLines(r: Results): string[] {
  const flows = dataFlowSection(r);
  return [...stateSections(r), ...(flows !== null ? [flows] : [])].flatMap((s) => [terminalSafe(`${s.title}:`), table(s.header, s.rows), ...s.notes.map(terminalSafe), '']);
}
