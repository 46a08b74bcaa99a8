import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { world, type World } from '../runtime/fixture.js';
import { incidentEpisodes } from '../../../src/model/faults/incidents.js';
import type { UnnumberedEpisode } from '../../../src/model/faults/episode.js';
import { INCIDENT_LIBRARY } from '../../../src/scenario/incidentLibrary/index.js';
import { generateFaultSchedule, withDesignEpisodes } from '../../../src/model/faults/schedule.js';
import { runReplication } from '../../../src/model/replication/replication.js';

/**
 * Each library incident replayed by the generator alone reproduces its published timeline. The
 * expected times are the sources' clock times (UTC, converted from PDT/PST where the source uses
 * them), written here independently of the library's offsets; tolerance: exact to the second (the
 * sources give minutes, and both sides count whole minutes).
 */
const FIXTURE = readFileSync(new URL('../../fixtures/incident-fleet.yaml', import.meta.url), 'utf8');
const AT_S = 2 * 86400;

function replay(incidents: string, design = 0): { w: World; eps: UnnumberedEpisode[] } {
  const w = world(FIXTURE.replace('incidents: []', `incidents:\n${incidents}`));
  const eps = incidentEpisodes({ fleet: w.fleet, scenario: w.scenario, design, resolved: w.designs[design], horizonS: w.scenario.run.horizonS, seed: 'x', replication: 0 });
  return { w, eps };
}

/** Seconds from the incident's published start to a published clock time. */
const since = (startUtc: string, utc: string) => (Date.parse(utc) - Date.parse(startUtc)) / 1000;

/** Each episode as "kind target start→end", times from the replay start in seconds. */
const lines = (eps: readonly UnnumberedEpisode[]) => eps.map((e) => `${e.kind} ${e.targetName} ${e.startS - AT_S}→${e.endS - AT_S}`).sort();

describe('incident replays reproduce their published timelines', () => {
  it('AWS us-east-1 2021-12-07: control planes and launches in us-east-1 from 15:30 to 22:22 UTC (7:30 AM–2:22 PM PST); nothing elsewhere', () => {
    const { eps } = replay('    - { name: aws-us-east-1-2021-12-07, at: 2d }');
    const end = since('2021-12-07T15:30:00Z', '2021-12-07T22:22:00Z');
    expect(lines(eps)).toEqual([`controlPlane aws-us 0→${end}`, `nodeLaunches us-east-1 0→${end}`]);
    expect(eps.every((e) => e.origin === 'aws-us-east-1-2021-12-07' && e.source === 'scripted')).toBe(true);
  });

  it('AWS us-east-1 2025-10-20: EC2 launches 09:25–17:36 UTC, new instances without network 17:37–20:50, NLB errors 12:30–21:09 (PDT + 7 h)', () => {
    const start = '2025-10-20T06:48:00Z';
    const s = (utc: string) => since(start, utc);
    const { eps } = replay('    - { name: aws-us-east-1-2025-10-20, at: 2d, regions: { us-east-1: us-east-1 } }');
    expect(lines(eps)).toEqual(
      [
        `nodeLaunches us-east-1 ${s('2025-10-20T09:25:00Z')}→${s('2025-10-20T17:36:00Z')}`,
        `nodeLaunches us-east-1 ${s('2025-10-20T17:37:00Z')}→${s('2025-10-20T20:50:00Z')}`,
        `brownout us-east-1 ${s('2025-10-20T12:30:00Z')}→${s('2025-10-20T21:09:00Z')}`,
      ].sort(),
    );
    const nlb = eps.find((e) => e.kind === 'brownout')!;
    expect(nlb.impairment).toMatchObject({ scope: 'ingress', clusters: [0] });
  });

  it('AWS us-east-1 2025-10-20 with cloudApis: DynamoDB errors 06:48–09:40 UTC reach the pods of us-east-1', () => {
    const { eps } = replay('    - { name: aws-us-east-1-2025-10-20, at: 2d, cloudApis: true }');
    const ddb = eps.filter((e) => e.kind === 'brownout' && e.impairment?.scope === 'pods');
    expect(ddb.map((e) => [e.targetName, e.startS - AT_S, e.endS - AT_S])).toEqual([['us-east-1', 0, since('2025-10-20T06:48:00Z', '2025-10-20T09:40:00Z')]]);
  });

  it('Google Cloud 2025-06-12: every GCP region 40 min from 17:51 UTC, us-central1 until 20:31 (2 h 40 min); AWS and Azure untouched', () => {
    const { eps } = replay('    - { name: gcp-service-control-2025-06-12, at: 2d }');
    const uc1 = since('2025-06-12T17:51:00Z', '2025-06-12T20:31:00Z');
    expect(lines(eps)).toEqual([`controlPlane gcp-eu 0→2400`, `controlPlane gcp-us 0→${uc1}`, `nodeLaunches europe-west1 0→2400`, `nodeLaunches us-central1 0→${uc1}`]);
  });

  it('Azure Front Door 2025-10-29: users entering through an anycast front door, 15:45 UTC to 00:05 UTC; a DNS-routed design is spared', () => {
    const end = since('2025-10-29T15:45:00Z', '2025-10-30T00:05:00Z');
    expect(replay('    - { name: azure-front-door-2025-10-29, at: 2d }', 0).eps).toEqual([]);
    const { eps } = replay('    - { name: azure-front-door-2025-10-29, at: 2d }', 1);
    expect(lines(eps)).toEqual([`brownout eastus 0→${end}`]);
    expect(eps[0].impairment).toMatchObject({ scope: 'ingress', clusters: [4] });
  });

  it('Endpoint agent 2024-07-19: every node of the named clusters down at 04:09 UTC; none back before the 05:27 revert; repaired one by one', () => {
    const { eps } = replay('    - { name: endpoint-agent-2024-07-19, at: 2d, clusters: [aws-us, gcp-eu] }');
    const revert = since('2024-07-19T04:09:00Z', '2024-07-19T05:27:00Z');
    expect(eps.map((e) => e.targetName)).toEqual(['aws-us/general#0', 'aws-us/general#1', 'aws-us/general#2', 'gcp-eu/general#0', 'gcp-eu/general#1']);
    expect(eps.every((e) => e.kind === 'node' && e.startS === AT_S)).toBe(true);
    const backs = eps.map((e) => e.endS - AT_S);
    expect(Math.min(...backs)).toBeGreaterThan(revert);
    expect(backs).toEqual([...backs].sort((a, b) => a - b));
    // Evenly over the 12 h after the revert (the library's modelling choice): the k-th of 5 at revert + k/5 × 12 h.
    [1, 2, 3, 4, 5].forEach((k, i) => expect(backs[i]).toBeCloseTo(revert + (k / 5) * 12 * 3600, 6));
  });

  it('a region mapping moves the incident: us-east-1 played on eu-west-1', () => {
    const { eps } = replay('    - { name: aws-us-east-1-2021-12-07, at: 2d, regions: { us-east-1: eu-west-1 } }');
    expect(eps.map((e) => e.targetName).sort()).toEqual(['aws-eu', 'eu-west-1']);
  });

  it('a replay at another time shifts every episode by the same amount', () => {
    const a = replay('    - { name: aws-us-east-1-2025-10-20, at: 2d }').eps;
    const b = replay('    - { name: aws-us-east-1-2025-10-20, at: 3d }').eps;
    expect(b.map((e) => e.startS - a[b.indexOf(e)].startS)).toEqual(b.map(() => 86400));
  });

  it('every library incident names a source, a start and a published duration its timeline does not contradict', () => {
    for (const i of INCIDENT_LIBRARY) {
      expect(i.citation.url).toMatch(/^https:\/\//);
      expect(Number.isNaN(Date.parse(i.startUtc))).toBe(false);
      expect(i.startUtc.startsWith(i.date)).toBe(true);
      // Published steps end within the published incident (the node crash's remediation is modelled on top).
      for (const s of i.timeline.filter((x) => x.timing === 'published')) expect(s.startS + s.forS).toBeLessThanOrEqual(i.publishedDurationS);
    }
  });
});

describe('replayed incidents in the fault records of a simulated replication', () => {
  it('AWS us-east-1 2025-10-20: each record keeps the published window, its target and the incident as origin', () => {
    const { w, eps } = replay('    - { name: aws-us-east-1-2025-10-20, at: 2d }');
    const horizonS = 4 * 86400;
    const base = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS, seed: 'x', replication: 0 });
    const faults = withDesignEpisodes(base, eps);
    const result = runReplication({ fleet: w.fleet, clusters: w.scenario.clusters, design: w.scenario.designs[0], resolved: w.designs[0], faults, seed: 'x', replication: 0, horizonS, warmupS: 0 });
    const start = '2025-10-20T06:48:00Z';
    const s = (utc: string) => AT_S + since(start, utc);
    const records = result.faults.filter((f) => f.origin === 'aws-us-east-1-2025-10-20').map((f) => [f.kind, f.target, f.startS, f.endS]);
    expect(records).toEqual([
      ['nodeLaunches', 'us-east-1', s('2025-10-20T09:25:00Z'), s('2025-10-20T17:36:00Z')],
      ['brownout', 'us-east-1', s('2025-10-20T12:30:00Z'), s('2025-10-20T21:09:00Z')],
      ['nodeLaunches', 'us-east-1', s('2025-10-20T17:37:00Z'), s('2025-10-20T20:50:00Z')],
    ]);
  });
});
