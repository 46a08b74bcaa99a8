import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatError, parseScenario, type ScenarioError } from '../../src/scenario/index.js';
import { PROGRESS_DEADLINE_S, WORKBOOK_ALERTS } from '../../src/scenario/changes.js';
import type { Scenario } from '../../src/scenario/types.js';

/** faults.changes and designs[].rollouts: defaults as docs/changes.md states them, and mistakes reported at file:line:col. */

const BASE = readFileSync('test/fixtures/changes-waves.yaml', 'utf8');
const STREAMS = '  changes:\n    - name: web-deploys\n      kind: deploy\n      rate: 1/w\n      badRatio: 100%\n      services: [web]\n      bad: { errors: 100% }\n';

function withStreams(streams: string, text = BASE): string {
  if (!text.includes(STREAMS)) throw new Error('fixture changed: streams block not found');
  return text.replace(STREAMS, streams);
}

function ok(text: string): Scenario {
  const r = parseScenario(text, 'changes.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

function problems(text: string): readonly ScenarioError[] {
  const r = parseScenario(text, 'changes.yaml');
  return r.ok ? r.warnings : r.errors;
}

/** The 1-based line of the first occurrence of `marker` (after `after`, when given). */
function lineOf(text: string, marker: string, after = ''): number {
  const at = text.indexOf(marker, text.indexOf(after));
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return text.slice(0, at).split('\n').length;
}

describe('change streams: resolution and defaults', () => {
  it('the fixture: 1/w is 52.14 a year, bad changes fail every web request', () => {
    const s = ok(BASE).faults.changes[0];
    expect(s.perYear).toBeCloseTo(365 / 7, 9);
    expect(s).toMatchObject({ kind: 'deploy', badRatio: 1, services: ['web'], bad: { errorRatio: 1, extraLatencyMs: 0, capacityLostRatio: 0, scope: 'pods' }, durationS: 0 });
  });

  it('per-kind defaults: DORA 10% bad for deploys; upgrades 3 a year, 5% bad, 1 h per cluster; certificate rotations every 60 days at the ingress', () => {
    const s = ok(withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 100 }\n    - { name: k, kind: kubernetesUpgrade }\n    - { name: c, kind: certificateRotation }\n'));
    const [d, k, c] = s.faults.changes;
    expect(d).toMatchObject({ perYear: 100, badRatio: 0.1, services: undefined, bad: { errorRatio: 1, scope: 'pods' } });
    expect(k).toMatchObject({ perYear: 3, badRatio: 0.05, durationS: 3600, services: undefined });
    expect(c).toMatchObject({ perYear: 365 / 60, badRatio: 0.01, bad: { errorRatio: 1, scope: 'ingress' } });
  });

  it('a crash-looping deploy loses at most maxUnavailable of its pods (25% by default), and says so', () => {
    const text = withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 10, bad: { capacityLost: 60% } }\n');
    expect(ok(text).faults.changes[0].bad).toMatchObject({ capacityLostRatio: 0.25, errorRatio: 0 });
    const w = problems(text).find((e) => /stops at maxUnavailable \(25%\)/.test(e.message));
    expect(w?.severity).toBe('warning');
    expect(w?.path).toBe('faults.changes[0].bad.capacityLost');
    // A config push reloads in place: no rolling update caps it.
    expect(ok(withStreams('  changes:\n    - { name: web-deploys, kind: config, perYear: 10, bad: { capacityLost: 60% } }\n')).faults.changes[0].bad.capacityLostRatio).toBe(0.6);
  });
});

describe('rollouts: resolution and defaults', () => {
  it('the waves design: named canary, a count, the rest; burn-rate detection with the Workbook alerts; SLO left to run.slo', () => {
    const r = ok(BASE).designs[1].rollouts[0];
    expect(r).toMatchObject({ stream: 'web-deploys', strategy: 'waves', bakeS: 3600, rollback: { kind: 'constant', valueS: 600 } });
    expect(r.waves).toEqual([{ kind: 'clusters', names: ['eu-2'] }, { kind: 'count', count: 1 }, { kind: 'rest' }]);
    expect(r.detection).toEqual({ burnRate: { sloRatio: undefined, alerts: WORKBOOK_ALERTS }, after: undefined });
  });

  it('a stream a design does not name is rolled out all at once, with the default detection (plus the progress deadline for a crash-looping deploy)', () => {
    const text = withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 10 }\n    - { name: crashy, kind: deploy, perYear: 10, bad: { capacityLost: 20% } }\n');
    const [plain, crashy] = ok(text).designs[0].rollouts;
    expect(plain).toMatchObject({ stream: 'web-deploys', strategy: 'allAtOnce', waves: [{ kind: 'rest' }] });
    expect(crashy).toMatchObject({ stream: 'crashy', strategy: 'allAtOnce', detection: { after: { kind: 'constant', valueS: PROGRESS_DEADLINE_S } } });
  });
});

describe('mistakes, at file:line:col', () => {
  const cases: { name: string; text: string; message: RegExp; path: string; marker: string; after?: string }[] = [
    { name: 'rollout of an unknown stream', text: BASE.replace('- stream: web-deploys\n        waves', '- stream: web-deploy\n        waves'), message: /unknown change stream "web-deploy"/, path: 'designs[1].rollouts[0].stream', marker: 'web-deploy\n' },
    { name: 'a wave naming an unknown cluster', text: BASE.replace('waves: [[eu-2], 1, all]', 'waves: [[eu-3], 1, all]'), message: /unknown cluster "eu-3"/, path: 'designs[1].rollouts[0].waves[0][0]', marker: 'eu-3' },
    { name: 'a cluster in two waves', text: BASE.replace('waves: [[eu-2], 1, all]', 'waves: [[eu-2], [eu-2, us-1], all]'), message: /cluster "eu-2" is in two waves/, path: 'designs[1].rollouts[0].waves[1][0]', marker: 'eu-2, us-1' },
    { name: '"all" before the last wave', text: BASE.replace('waves: [[eu-2], 1, all]', 'waves: [all, 1]'), message: /waves after it are empty/, path: 'designs[1].rollouts[0].waves[0]', marker: 'all, 1' },
    { name: 'a wave of zero clusters', text: BASE.replace('waves: [[eu-2], 1, all]', 'waves: [0, all]'), message: /./, path: 'designs[1].rollouts[0].waves[0]', marker: '0, all' },
    { name: 'waves on an allAtOnce rollout', text: BASE.replace('strategy: allAtOnce, rollback', 'strategy: allAtOnce, waves: [1], rollback'), message: /allAtOnce rollout has no waves/, path: 'designs[0].rollouts[0].waves', marker: '[1], rollback' },
    { name: 'two rollouts of one stream', text: BASE.replace('      - { stream: web-deploys, strategy: allAtOnce, rollback: 10m }\n', '      - { stream: web-deploys, strategy: allAtOnce, rollback: 10m }\n      - { stream: web-deploys }\n'), message: /rolls out stream "web-deploys" twice/, path: 'designs[0].rollouts[1].stream', marker: 'web-deploys }' },
    { name: 'empty detection', text: BASE.replace('detection: { burnRate: {} }', 'detection: {}'), message: /detection says nothing/, path: 'designs[1].rollouts[0].detection', marker: '{}\n        rollback' },
    { name: 'duplicate stream names', text: withStreams(STREAMS + '    - { name: web-deploys, kind: config, perYear: 3 }\n'), message: /duplicate change stream name "web-deploys"/, path: 'faults.changes[1].name', marker: 'web-deploys, kind: config' },
    { name: 'a deploy stream without a rate', text: withStreams('  changes:\n    - { name: web-deploys, kind: deploy }\n'), message: /needs how often changes come/, path: 'faults.changes[0]', marker: '{ name: web-deploys, kind: deploy }' },
    { name: 'both perYear and rate', text: withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 3, rate: 1/w }\n'), message: /perYear or rate, not both/, path: 'faults.changes[0].rate', marker: '1/w' },
    { name: 'an unknown service', text: withStreams(STREAMS.replace('services: [web]', 'services: [wbe]')), message: /unknown service "wbe"/, path: 'faults.changes[0].services[0]', marker: 'wbe' },
    { name: 'services on an upgrade', text: withStreams('  changes:\n    - { name: web-deploys, kind: kubernetesUpgrade, services: [web] }\n'), message: /changes whole clusters, not services/, path: 'faults.changes[0].services', marker: '[web] }' },
    { name: 'duration on a deploy', text: withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 3, duration: 1h }\n'), message: /duration applies to kubernetesUpgrade/, path: 'faults.changes[0].duration', marker: '1h }' },
    { name: 'an empty maintenance window', text: withStreams('  changes:\n    - { name: web-deploys, kind: deploy, perYear: 3, window: { startHourUtc: 4, endHourUtc: 4 } }\n'), message: /maintenance window is empty/, path: 'faults.changes[0].window', marker: '{ startHourUtc' },
    { name: 'an unknown kind', text: withStreams(STREAMS.replace('kind: deploy', 'kind: deploys')), message: /./, path: 'faults.changes[0].kind', marker: 'kind: deploys' },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const errors = problems(c.text).filter((e) => e.severity !== 'warning');
      const hit = errors.find((e) => e.path === c.path && c.message.test(e.message));
      expect(hit, `got:\n${errors.map(formatError).join('\n')}`).toBeDefined();
      expect(hit!.line).toBe(lineOf(c.text, c.marker, c.after));
      expect(hit!.file).toBe('changes.yaml');
    });
  }
});
