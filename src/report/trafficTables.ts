import type { Interval, Results } from '../run/results.js';

/**
 * The report's traffic tables beyond the comparison: why requests failed (results.json
 * designs[].traffic.failedBy, the `timeout` column only when the results carry it) and, per design
 * with a latency breakdown, where its requests' time goes hop by hop (designs[].latencyBreakdown).
 */
export interface TrafficSection {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
  /** First column right-aligned as a number. */
  readonly numericFrom: number;
}

const CAUSES = [
  ['unroutable', 'unroutable'],
  ['deadEndpoint', 'dead endpoint'],
  ['shed', 'shed'],
  ['noReplica', 'no replica'],
  ['impaired', 'impaired'],
] as const;

/** Requests per replication: whole numbers with thousands separators, a share of one shown as such. */
function count(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  if (x < 1) return x.toPrecision(2);
  return Math.round(x).toLocaleString('en-US');
}

/** "Why requests failed": per design, failed requests per replication by cause; null when no design has the traffic model. */
export function failureSection(r: Results): TrafficSection | null {
  const designs = r.designs.filter((d) => d.traffic !== null);
  if (designs.length === 0) return null;
  const timeouts = designs.some((d) => d.traffic!.failedBy.timeout !== undefined);
  const header = ['design', 'failed requests', ...CAUSES.map(([, label]) => label), ...(timeouts ? ['timeout'] : [])];
  const rows = designs.map((d) => {
    const t = d.traffic!;
    return [d.name, count(t.failedRequests.mean), ...CAUSES.map(([k]) => count(t.failedBy[k])), ...(timeouts ? [count(t.failedBy.timeout)] : [])];
  });
  const notes = ['Mean failed requests per replication, by the cause that ended them (docs/results-schema.md, failedBy).'];
  if (timeouts) notes.push('timeout: a per-try timeout with no attempt left to retry, or the overall timeout of a hop.');
  return { title: 'Why requests failed', header, rows, notes, numericFrom: 1 };
}

const ms = (i: Interval): string => (i.mean === null ? '—' : i.mean < 10 ? i.mean.toFixed(2) : i.mean.toFixed(1));

/** "Where the time goes": one section per design whose results carry a breakdown (none otherwise). */
export function breakdownSections(r: Results): TrafficSection[] {
  return r.designs.flatMap((d) => {
    const b = d.latencyBreakdown;
    if (b === undefined) return [];
    const rows: string[][] = [];
    const total = (h: (typeof b.mean)[number]) => (h.networkMs.mean ?? 0) + (h.queueingMs.mean ?? 0) + (h.serviceMs.mean ?? 0) + (h.retriesMs.mean ?? 0);
    for (const [label, hops] of [['mean', b.mean], ['p99', b.p99]] as const) {
      for (const h of hops) rows.push([h.service, label, ms(h.networkMs), ms(h.queueingMs), ms(h.serviceMs), ms(h.retriesMs), total(h).toFixed(1)]);
      rows.push(['all hops', label, ...sums(hops), hops.reduce((a, h) => a + total(h), 0).toFixed(1)]);
    }
    return [
      {
        title: `Where the time goes: ${d.name}`,
        header: ['hop (service entered)', 'requests', 'network ms', 'queueing ms', 'service ms', 'retries ms', 'total ms'],
        rows,
        numericFrom: 2,
        notes: [
          'Per successful request (mean) and over the requests between p98.5 and p99.5 (p99), means over replications. network: the RTT of the calls into the service (for the entry service, the user\'s); queueing: waits for a pod; service: the pods\' own time; retries: failed attempts and backoff pauses. Of parallel calls only the slowest counts, so the hops add up to the latency.',
        ],
      },
    ];
  });
}

function sums(hops: readonly { readonly networkMs: Interval; readonly queueingMs: Interval; readonly serviceMs: Interval; readonly retriesMs: Interval }[]): string[] {
  const sum = (pick: (h: (typeof hops)[number]) => Interval) => hops.reduce((a, h) => a + (pick(h).mean ?? 0), 0);
  return [sum((h) => h.networkMs), sum((h) => h.queueingMs), sum((h) => h.serviceMs), sum((h) => h.retriesMs)].map((x) => (x < 10 ? x.toFixed(2) : x.toFixed(1)));
}
