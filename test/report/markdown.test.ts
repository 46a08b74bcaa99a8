import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { RECOVERY_HEADER, recoveryNote, recoveryRows, summaryMarkdown } from '../../src/report/markdown.js';
import { INFO, designSummary, replication, traffic } from '../run/fixture.js';
import type { FaultSummary } from '../../src/run/types.js';
import { fullResults } from './fixture.js';

const fault = (extra: Partial<FaultSummary>): FaultSummary => ({
  kind: 'cluster',
  source: 'scripted',
  target: 'eu',
  startS: 3600,
  detectionS: 30,
  failoverS: null,
  recoveryS: 602,
  censored: false,
  podsLost: 4,
  usersHitS: 0,
  usersBackS: 660,
  usersCensored: false,
  ...extra,
});

describe('the Fault recovery table', () => {
  it('puts "users back within SLO" beside the time to full capacity, per design and fault kind', () => {
    const r = fullResults();
    expect(RECOVERY_HEADER.slice(-2)).toEqual(['recovery', 'users back within SLO']);
    const [row] = recoveryRows(r);
    // The zone fault of the fixture: full capacity after 350 s in every replication, users back after 50 s.
    expect(row.slice(0, 2)).toEqual(['replicated', 'zone']);
    expect(row[6]).toBe('5.8 min / 5.8 min / 5.8 min');
    expect(row[7]).toBe('50 s / 50 s / 50 s');
    const md = summaryMarkdown(r);
    expect(md).toContain('| recovery | users back within SLO |');
    expect(md).toMatch(/"users back within SLO": recovery as users felt it, the time they spent outside the SLO because of the fault.*under 99\.9% of requests succeeded or a latency target of the SLO was missed/);
  });

  it('shows users who never noticed as 0, counts those still outside the SLO, and says which criterion judged them', () => {
    const summaries = [0, 1].map((r) =>
      replication(r, [
        designSummary('a', 1, { traffic: traffic(1, 0.1), faults: [fault({ usersHitS: null, usersBackS: 0 }), fault(r === 1 ? { usersBackS: null, usersCensored: true } : { usersHitS: null, usersBackS: 0 })] }),
        designSummary('b', 1, { traffic: traffic(1, 0.1) }),
      ]),
    );
    const r = aggregate({ info: { ...INFO, slo: null }, summaries, stopping: null, createdAt: 't' });
    expect(recoveryRows(r)[0][7]).toBe('0 / 0 / 0 (1 not back)');
    expect(recoveryNote(r)).toMatch(/under 99\.9% of requests succeeded \(the scenario has no SLO: fleetsim's default\)/);
  });

  it('without the traffic model: a dash, and no note about users', () => {
    const summaries = [replication(0, [designSummary('a', 1, { faults: [fault({ usersHitS: null, usersBackS: null })] }), designSummary('b', 1)])];
    const r = aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' });
    expect(recoveryRows(r)[0][7]).toBe('—');
    expect(recoveryNote(r)).toBeNull();
  });
});
