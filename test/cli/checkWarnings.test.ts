import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

// `fleetsim check`'s warnings (docs/scenario.md, Warnings) and `run`'s copy of them, end to end through
// the CLI entry point, on small edits of the two-design fixture (which itself warns about nothing).
const FIXED = readFileSync(fileURLToPath(new URL('../fixtures/two-regions-fixed.yaml', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let out = '';
let err = '';
let files = 0;

beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** The fixture with each [from, to] replaced once (each must match). */
function edit(...pairs: [string | RegExp, string][]): string {
  let text = FIXED;
  for (const [from, to] of pairs) {
    const next = text.replace(from, to);
    expect(next, String(from)).not.toBe(text);
    text = next;
  }
  return text;
}
function file(text: string): string {
  const f = join(dir, `s${files++}.yaml`);
  writeFileSync(f, text);
  return f;
}
/** "file:line:col" of the n-th (0-based) line holding `needle`, the column where `value` starts on it. */
function at(f: string, text: string, needle: string, value: string, n = 0): string {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i] : []));
  const i = hits[n];
  expect(i, needle).toBeDefined();
  return `${f}:${i + 1}:${lines[i].indexOf(value) + 1}`;
}
const warningLines = () => err.split('\n').filter((l) => l.includes(': warning: '));

/** 300 and 200 users/s become 3000 and 2000: web (6 pods × 8) is past its capacity at the European peak. */
const overloaded = (): [string, string][] => [['rate: 300/s', 'rate: 3000/s'], ['rate: 200/s', 'rate: 2000/s']];

describe('check warns about offered load above capacity', () => {
  it('at the peak: the service, cluster and design, by how much, at the replicas it has', async () => {
    const text = edit(...overloaded());
    const f = file(text);
    expect(await main(['check', f])).toBe(0);
    const web = warningLines().filter((l) => l.includes('design replicated: web in eu-1'));
    expect(web).toHaveLength(1);
    expect(web[0]).toMatch(new RegExp(`^${at(f, text, 'replicas: 6', '6')}: warning: workload\\.services\\[0\\]\\.replicas: design replicated: web in eu-1 is offered 1\\d\\d% of its capacity at its peak: .* it has 48 \\(6 pods × 8; over by \\d+%\\)`));
    expect(web[0]).toMatch(/hint: run at least \d+ pods of web in eu-1/);
  });

  it('names the worst pool, not the first cluster over, and then the others over', async () => {
    // Both clusters past capacity with everything up; us-1 (listed second) far more than eu-1.
    const text = edit(['rate: 300/s', 'rate: 3000/s'], ['rate: 200/s', 'rate: 6000/s']);
    expect(await main(['check', file(text)])).toBe(0);
    const web = warningLines().filter((l) => l.includes('design replicated: web in'));
    expect(web).toHaveLength(1);
    expect(web[0]).toMatch(/design replicated: web in us-1 is offered 2\d\d% of its capacity at its peak: .*; also over capacity at its peak in eu-1 hint: run at least \d+ pods of web in us-1/);
  });

  it('after the worst single cluster failure, when the peak alone fits', async () => {
    const text = edit(['rate: 300/s', 'rate: 2000/s'], ['rate: 200/s', 'rate: 1500/s']);
    const f = file(text);
    expect(await main(['check', f])).toBe(0);
    const web = warningLines().filter((l) => l.includes('design replicated: web'));
    expect(web).toHaveLength(1);
    expect(web[0]).toContain(`${at(f, text, 'replicas: 6', '6')}: warning: workload.services[0].replicas: design replicated: web in us-1 is offered`);
    // Duplicated: the surviving copy is all there is, nothing is rebuilt.
    expect(web[0]).toMatch(/at its peak with cluster eu-1 lost: /);
  });

  it('counts an autoscaled service at its maximum, and then says to raise the maximum', async () => {
    const hpa = (max: number): [string, string] => ['      replicas: 6\n', `      replicas: 6\n      autoscaling: { minReplicas: 2, maxReplicas: ${max}, targetCpuUtilization: 70% }\n`];
    expect(await main(['check', file(edit(...overloaded(), hpa(6)))])).toBe(0);
    const web = warningLines().filter((l) => l.includes('design replicated: web in eu-1'));
    expect(web).toHaveLength(1);
    expect(web[0]).toMatch(/hint: raise autoscaling\.maxReplicas of web to at least \d+,/);
    err = '';
    expect(await main(['check', file(edit(...overloaded(), hpa(30)))])).toBe(0);
    expect(err).not.toMatch(/design \S+: web in .* is offered/);
  });

  it('run warns about the load of its own horizon: a spike after --horizon is not in it', async () => {
    // A tenfold European spike on day 20: web in eu-1 is past its capacity only then.
    const f = file(edit(['      rate: 300/s\n', '      rate: 300/s\n      spikes: [{ at: 20d, for: 2h, multiplier: 10 }]\n']));
    const overloadedWeb = () => warningLines().filter((l) => l.includes('design active-active: web in eu-1 is offered'));
    const args = ['--replications', '1', '--workers', '0', '--no-report', '--output', 'json'];
    expect(await main(['check', f])).toBe(0);
    expect(overloadedWeb()).toHaveLength(1);
    err = '';
    out = '';
    expect(await main(['run', f, ...args, '--horizon', '10d'])).toBe(0);
    expect(overloadedWeb()).toEqual([]);
    expect(JSON.parse(out)).toHaveProperty('designs');
    err = '';
    out = '';
    expect(await main(['run', f, ...args, '--horizon', '21d'])).toBe(0);
    expect(overloadedWeb()).toHaveLength(1);
  }, 60_000);

  it('is absent once the replicas carry the load', async () => {
    const f = file(edit(...overloaded(), ['      replicas: 6', '      replicas: 24'], ['      replicas: 6', '      replicas: 24']));
    expect(await main(['check', f])).toBe(0);
    expect(err).not.toMatch(/offered/);
  });
});

describe('check warns about single pods and unreachable callees', () => {
  const onePod = (): [string, string] => ['      replicas: 4', '      replicas: 1'];

  it('one cart pod: a SPOF in the divided design only, and web in the other cluster cannot reach it without a mesh', async () => {
    const text = edit(onePod());
    const f = file(text);
    expect(await main(['check', f])).toBe(0);
    const lines = warningLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${at(f, text, 'replicas: 1', '1')}: warning: workload.services[2].replicas: design active-active: cart runs a single pod (in eu-1): a node failure, a drain or a rollout takes it down, and every request that needs it fails meanwhile hint: give cart at least 2 replicas (spread over zones), or duplicate it over clusters`);
    expect(lines[1]).toMatch(new RegExp(`^${at(f, text, '      ingress:', 'ingress', 1)}: warning: designs\\[1\\]\\.traffic: design active-active: web in us-1 calls cart, which has no pod there \\(it runs in eu-1\\); without a mesh calls stay in the caller's cluster`));
    expect(lines[1]).toContain('hint: add traffic.mesh');
  });

  it('a mesh makes the callee reachable (the SPOF stays); two pods fix both', async () => {
    const meshed = edit(onePod(), [/(  - name: active-active[\s\S]*?    traffic:\n)/, '$1      mesh: { localityOrder: [zone, region, any] }\n']);
    expect(await main(['check', file(meshed)])).toBe(0);
    expect(warningLines()).toHaveLength(1);
    expect(err).toContain('cart runs a single pod');
    err = '';
    expect(await main(['check', file(edit(['      replicas: 4', '      replicas: 2']))])).toBe(0);
    expect(err).toBe('');
  });

  it('--strict turns the warnings into errors: exit code 2, and ok: false in JSON', async () => {
    const f = file(edit(onePod()));
    expect(await main(['check', f, '--strict'])).toBe(2);
    expect(err).toMatch(/2 warnings, errors with --strict\n$/);
    out = '';
    expect(await main(['check', f, '--strict', '--output', 'json'])).toBe(2);
    const json = JSON.parse(out) as { ok: boolean; warnings: { path: string; line: number }[] };
    expect(json.ok).toBe(false);
    expect(json.warnings.map((w) => w.path)).toEqual(['workload.services[2].replicas', 'designs[1].traffic']);
  });

  it('--strict on a scenario with nothing to warn about still exits 0', async () => {
    expect(await main(['check', file(FIXED), '--strict'])).toBe(0);
    expect(err).toBe('');
  });
});

describe('faults past the horizon', () => {
  const scripted = (atS: string): [string, string] => ['faults:\n', `faults:\n  scripted:\n    - { at: ${atS}, kind: cluster, target: eu-1, for: 1h }\n`];

  it('check: a scripted fault at or after run.horizon, at its `at`', async () => {
    const text = edit(scripted('365d'));
    const f = file(text);
    expect(await main(['check', f])).toBe(0);
    expect(warningLines()).toEqual([`${at(f, text, 'at: 365d', '365d')}: warning: faults.scripted[0].at: this fault starts at 1y, at or after the end of the run (run.horizon 1y): it is not simulated hint: start it before 1y, or lengthen run.horizon`]);
  });

  it('run --horizon: the faults the shorter horizon drops, on stderr before the simulation', async () => {
    const text = edit(scripted('20d'));
    const f = file(text);
    expect(await main(['run', f, '--replications', '1', '--horizon', '10d', '--workers', '0', '--no-report', '--output', 'json'])).toBe(0);
    expect(err).toContain(`${at(f, text, 'at: 20d', '20d')}: warning: faults.scripted[0].at: this cluster fault starts at 20d, at or after the end of the run (--horizon 10d): it is not simulated hint: start it before 10d, or give a longer --horizon`);
    expect(JSON.parse(out)).toHaveProperty('designs');
  }, 60_000);
});

describe('residency globs that read as the EU but let data out of it', () => {
  // eu-1 moves to London (eu-west-2, GB); the class allows "eu-*", which also matches it.
  const london = (allowed: string): [string, string][] => [
    ['    - name: eu-west-1            # well-known', '    - name: eu-west-2            # well-known'],
    ['between: [eu-west-1, us-east-1]', 'between: [eu-west-2, us-east-1]'],
    ['    region: eu-west-1', '    region: eu-west-2'],
    ['workload:\n', `workload:\n  dataClasses:\n    - { name: personal-eu, allowedRegions: ${allowed}, enforcement: audit }\n`],
  ];

  it('check: "eu-*" with a London cluster, at the glob, naming the region and its country', async () => {
    const text = edit(...london('["eu-*"]'));
    const f = file(text);
    expect(await main(['check', f])).toBe(0);
    expect(warningLines()).toEqual([
      `${at(f, text, 'allowedRegions: ["eu-*"]', '"eu-*"')}: warning: workload.dataClasses[0].allowedRegions[0]: data class "personal-eu": "eu-*" reads as the EU, but it also matches eu-west-2 (London, GB), outside the EU and EEA, where this scenario runs clusters: data of this class may be placed there hint: if the data must stay in the EU, list the EU regions instead of the glob (docs/residency.md lists them); if eu-west-2 is allowed (an adequacy decision), name it in the list as well`,
    ]);
    expect(await main(['check', f, '--strict'])).toBe(2);
  });

  it('no warning when London is named explicitly, when the glob is not meant for the EU, or with no cluster outside the EEA', async () => {
    for (const allowed of ['["eu-*", "eu-west-2"]', '["*"]', '["eu-west-2", "us-*"]']) {
      err = '';
      expect(await main(['check', file(edit(...london(allowed)))])).toBe(0);
      expect(warningLines(), allowed).toEqual([]);
    }
    // Dublin (the fixture as written) is in the EU: "eu-*" lets nothing out.
    err = '';
    expect(await main(['check', file(edit(['workload:\n', 'workload:\n  dataClasses:\n    - { name: personal-eu, allowedRegions: ["eu-*"], enforcement: audit }\n']))])).toBe(0);
    expect(warningLines()).toEqual([]);
  });
});
