import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import type { FleetFacts } from './fleetFacts.js';
import { escapeHtml, htmlTable } from './htmlParts.js';

/**
 * The fleet map: regions at their coordinates (no coastline: a graticule only, so the page stays
 * offline and small), each with its clusters, and the links between regions labelled with their
 * round-trip times. Regions without coordinates are left off the map (the RTT table lists them).
 */
/** Up to this many regions the map draws and labels every link and lists each region's clusters. */
export const MAX_LABELLED_REGIONS = 6;

export function fleetMapChart(facts: FleetFacts | null, why: string): Chart {
  const title = 'Fleet map: regions, clusters and round-trip times';
  if (facts === null) return { id: 'fleet-map', title, spec: null, missingReason: `No fleet map: ${why}.` };
  const placed = facts.regions.filter((r) => r.latDeg !== null && r.lonDeg !== null);
  if (placed.length === 0) return { id: 'fleet-map', title, spec: null, missingReason: 'No region has coordinates (custom regions without location), so there is nothing to place on a map; the tables below list the fleet.' };
  const at = new Map(placed.map((r) => [r.name, r]));
  const regions = placed.map((r) => ({
    region: r.name,
    lon: r.lonDeg!,
    lat: r.latDeg!,
    clusters: r.clusters.map((c) => c.name).join(', ') || 'no cluster',
    detail: r.clusters.map((c) => `${c.name}: ${c.nodes} nodes (${c.pools}), zones ${c.zones.join(' ')}`).join(' | ') || 'no cluster',
    clusterCount: r.clusters.length,
  }));
  const links = facts.links
    .filter((l) => at.has(l.a) && at.has(l.b))
    .map((l) => {
      const a = at.get(l.a)!;
      const b = at.get(l.b)!;
      return { link: `${l.a} ↔ ${l.b}`, lon: a.lonDeg!, lat: a.latDeg!, lon2: b.lonDeg!, lat2: b.latDeg!, midLon: (a.lonDeg! + b.lonDeg!) / 2, midLat: (a.latDeg! + b.latDeg!) / 2, rtt: `${Math.round(l.rttMs)} ms${l.source === 'builtin-estimate' ? '*' : ''}`, rttMs: l.rttMs };
    });
  // Corners a margin beyond the regions: the projection fits them, so labels have room.
  const lons = regions.map((r) => r.lon);
  const lats = regions.map((r) => r.lat);
  const padLon = Math.max(3, (Math.max(...lons) - Math.min(...lons)) * 0.25);
  const padLat = Math.max(2, (Math.max(...lats) - Math.min(...lats)) * 0.25);
  // Past a handful of regions, n(n−1)/2 labelled links and per-region cluster lists are a smudge:
  // the map then shows the regions only, and the RTT table below carries the links.
  const busy = placed.length > MAX_LABELLED_REGIONS;
  const corners = [
    { lon: Math.max(-180, Math.min(...lons) - padLon), lat: Math.max(-85, Math.min(...lats) - padLat) },
    { lon: Math.min(180, Math.max(...lons) + padLon), lat: Math.min(85, Math.max(...lats) + padLat) },
  ];
  const geo = (lon: string, lat: string) => ({ longitude: { field: lon, type: 'quantitative' }, latitude: { field: lat, type: 'quantitative' } });
  return {
    id: 'fleet-map',
    title,
    caption: busy
      ? `Regions at their coordinates (a plain longitude/latitude grid, no coastlines). With ${placed.length} regions the ${links.length} links are left off the map: the round-trip table below lists them. Hover a region for its clusters, node pools and zones.`
      : 'Regions at their coordinates (a plain longitude/latitude grid, no coastlines), each labelled with its clusters; lines are the network links between regions with their round-trip times (* an estimate fleetsim made from distance, not a figure from the scenario). Hover a region for its clusters, node pools and zones.',
    spec: {
      $schema: SCHEMA,
      title: 'Fleet: regions, clusters and inter-region RTT',
      config: { ...CONFIG, view: { stroke: null } },
      width: CHART_WIDTH,
      height: 300,
      projection: { type: 'equirectangular', fit: { type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: corners.map((c) => [c.lon, c.lat]) } } },
      layer: [
        { data: { graticule: { step: [15, 15] } }, mark: { type: 'geoshape', stroke: '#e6e6e6', strokeWidth: 0.6, filled: false, clip: true } },
        ...(busy
          ? []
          : [
              { data: { values: links }, mark: { type: 'rule', color: '#888', strokeWidth: 1.5 }, encoding: { ...geo('lon', 'lat'), longitude2: { field: 'lon2' }, latitude2: { field: 'lat2' }, tooltip: [{ field: 'link' }, { field: 'rtt', title: 'RTT' }] } },
              { data: { values: links }, mark: { type: 'text', fontSize: 11, dy: -7, color: '#555' }, encoding: { ...geo('midLon', 'midLat'), text: { field: 'rtt' } } },
            ]),
        { data: { values: regions }, mark: { type: 'point', filled: true, color: '#222', size: 90 }, encoding: { ...geo('lon', 'lat'), tooltip: [{ field: 'region' }, { field: 'detail', title: 'clusters' }] } },
        { data: { values: regions }, mark: { type: 'text', fontSize: busy ? 10 : 12, fontWeight: 'bold', dy: 14 }, encoding: { ...geo('lon', 'lat'), text: { field: 'region' } } },
        ...(busy ? [] : [{ data: { values: regions }, mark: { type: 'text', fontSize: 11, dy: 28, color: '#444' }, encoding: { ...geo('lon', 'lat'), text: { field: 'clusters' } } }]),
      ],
    } as unknown as TopLevelSpec,
    missingReason: null,
  };
}

/** The RTT matrix (regions and user regions against regions) and the clusters of each region. */
export function fleetTablesHtml(facts: FleetFacts): string {
  const names = facts.regions.map((r) => r.name);
  const rtt = (a: string, b: string) => {
    if (a === b) return '—';
    const l = facts.links.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    return l ? `${l.rttMs.toFixed(l.rttMs < 10 ? 1 : 0)} ms${l.source === 'builtin-estimate' ? '*' : ''}` : '?';
  };
  const rows = [
    ...names.map((a) => [a, ...names.map((b) => rtt(a, b))]),
    ...facts.userRegions.map((u) => [`users: ${u.name} (${Math.round(u.ratePerS).toLocaleString('en-US')} req/s)`, ...names.map((b) => (u.rttMsByRegion[b] === undefined ? '?' : `${u.rttMsByRegion[b].toFixed(0)} ms`))]),
  ];
  const clusters = facts.regions.flatMap((r) => r.clusters.map((c) => [c.name, r.name, c.zones.join(', '), String(c.nodes), c.pools]));
  return `<div class="rtt">${htmlTable(['round trip from \\ to', ...names], rows)}</div>
<p class="foot">Round-trip times between regions and from each user region (* estimated by fleetsim from the distance between the regions; others from the scenario).</p>
${htmlTable(['cluster', 'region', 'zones', 'nodes', 'node pools'], clusters, 3)}
<p class="foot">Clusters as the scenario file declares them; a design that sizes or overrides its infrastructure runs its own node pools (listed under the placement).</p>
`;
}

/** Services × clusters per design: the replicas each design assigns each service at the start. */
export function placementHtml(facts: FleetFacts): string {
  const blocks = facts.placement.map((p) => {
    const header = ['service', ...p.clusters];
    const rows = p.services.map((s) => [s.service, ...p.clusters.map((c) => (s.replicasByCluster[c] ? String(s.replicasByCluster[c]) : '·'))]);
    const pending = p.services.filter((s) => s.pending > 0).map((s) => `${s.service} ${s.pending}`);
    return `<div class="matrix"><h3>${escapeHtml(p.design)}</h3>\n${htmlTable(header, rows)}${pending.length > 0 ? `\n<p class="foot warn">Pending at the start (no node fits): ${escapeHtml(pending.join(', '))}.</p>` : ''}</div>`;
  });
  return `<div class="matrices">\n${blocks.join('\n')}\n</div>
<p class="foot">Replicas of each service per cluster at the start, as each design's placement assigns them (before any fault; autoscaling and failover move them during the run). ·: none. Clusters: those the design uses and is billed for.</p>
`;
}
