import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAndAggregate } from '../run/fixture.js';
import { summaryMarkdown } from '../../src/report/markdown.js';
import { indexHtml } from '../../src/report/html.js';
import { originSections, originTextLines } from '../../src/report/origins.js';

/**
 * A run that replays two incidents: results.json gains byOrigin per design and the reports an
 * "Incidents" section. The Azure Front Door replay fails half of the users' requests at an anycast
 * ingress for 8 h 20 min (15:45–00:05 UTC): every minute of it is outside a 99.9% SLO, so the anycast
 * design's users spend 500 minutes outside it (±2 min: the window need not start on a minute); the
 * DNS-routed design is spared and has no row for it.
 */
const TEXT = readFileSync(new URL('../fixtures/incident-replay.yaml', import.meta.url), 'utf8');

describe('incident replays in the results and the report', async () => {
  const r = await runAndAggregate({ text: TEXT, fileName: 'incident-replay.yaml', workers: 0 });
  const dns = r.designs.find((d) => d.name === 'dns')!;
  const anycast = r.designs.find((d) => d.name === 'anycast')!;

  it('each design has its fate per incident; the front-door incident costs the anycast design 500 min a replication and the DNS design nothing', () => {
    const afd = anycast.byOrigin!.find((o) => o.origin === 'azure-front-door-2025-10-29')!;
    // Two episodes a replication (one per region's ingress), their overlapping bad minutes counted once.
    expect(afd).toMatchObject({ category: 'incident', faults: 4, usersHit: 4 });
    expect(afd.usersOutS!.mean! / 60).toBeGreaterThan(498);
    expect(afd.usersOutS!.mean! / 60).toBeLessThan(502);
    expect(dns.byOrigin!.map((o) => o.origin)).toEqual(['aws-us-east-1-2025-10-20']);
    // Three episodes a replication (two launch blocks, the NLB errors), the same in both designs. With
    // fixed nodes only the NLB errors reach users: 10% of the US half of the traffic fails, 95% < 99.9%,
    // so users are outside the SLO for its whole window, 12:30–21:09 UTC = 519 min (±2 min).
    for (const d of [dns, anycast]) {
      const aws = d.byOrigin!.find((o) => o.origin === 'aws-us-east-1-2025-10-20')!;
      expect(aws.faults).toBe(6);
      expect(aws.usersOutS!.mean! / 60).toBeGreaterThan(517);
      expect(aws.usersOutS!.mean! / 60).toBeLessThan(521);
    }
  });

  it('summary.md, index.html and the terminal text show an Incidents section naming the source, and no "Changes and dependencies" without them', () => {
    const md = summaryMarkdown(r);
    expect(md).toContain('## Incidents');
    expect(md).toContain('https://azure.status.microsoft/en-us/status/history/');
    expect(md).not.toContain('## Changes and dependencies');
    expect(indexHtml(r, [])).toContain('<h2>Incidents</h2>');
    const text = originTextLines(r).join('\n');
    expect(text).toMatch(/^Incidents:/);
    expect(text).toMatch(/anycast\s+│?\s*azure-front-door-2025-10-29/);
  });

  it('results without origins: no byOrigin field, no section', () => {
    const plain = { ...r, designs: r.designs.map(({ byOrigin: _b, ...d }) => d) };
    expect(originSections(plain)).toEqual([]);
    expect(summaryMarkdown(plain)).not.toContain('## Incidents');
  });
});

describe('origin names reach the terminal safely', () => {
  it('a change stream named with an escape sequence is shown escaped in the terminal lines', async () => {
    const { originTextLines: lines } = await import('../../src/report/origins.js');
    const r = await runAndAggregate({ text: TEXT, fileName: 'incident-replay.yaml', workers: 0, overrides: { replications: 1 } });
    const evil = { ...r, designs: r.designs.map((d) => ({ ...d, byOrigin: d.byOrigin!.map((o) => ({ ...o, origin: 'deploy\u001b[2J', category: 'change' as const })) })) };
    const text = lines(evil).join('\n');
    expect(text).toContain('Changes and dependencies:');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('deploy\\x1b[2J');
  });
});
