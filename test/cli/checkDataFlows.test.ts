import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataFlowReport, setDataFlowReport } from '../../src/cli/commands/check.js';
import { gbPerYearText } from '../../src/cli/dataFlowLines.js';
import { main } from '../../src/cli/main.js';
import { dataFlows } from '../../src/model/residency/dataFlows.js';
import { resolveScenario } from '../../src/run/pipeline.js';
import type { Scenario } from '../../src/scenario/index.js';

// `fleetsim check`'s data-flow section (docs/residency.md), end to end through the CLI entry point
// with the model's dataFlows() installed as the hook (as main.ts is to install it through run/).
const YEAR_S = 365 * 24 * 3600;
let out = '';
let err = '';
let before: typeof dataFlowReport;

const modelFlows = (s: Scenario) => resolveScenario(s).views.map((v, i) => ({ design: v.resolved.name, flows: dataFlows(v.scenario, v.scenario.designs[i], v.resolved, v.fleet) }));

beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  before = dataFlowReport;
  setDataFlowReport(modelFlows);
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  setDataFlowReport(before);
  process.exitCode = undefined;
});

describe('fleetsim check: data flows', () => {
  it('warns, per design, of each flow taking a data class out of its regions, with the hop and GB a year; counts the compliant ones; exits 0', async () => {
    expect(await main(['check', 'scenarios/gdpr-eu-us.yaml'])).toBe(0);
    const section = out.slice(out.indexOf('Data flows ('));
    // Compliant: eu-pinned's replication Frankfurt → Dublin and Dublin's writes to the Frankfurt primary;
    // replicated-audit's the same two (its US replica is the flagged one).
    expect(section).toMatch(/^ {2}eu-pinned: 2 flows out of a data class's allowed regions, 2 compliant cross-region flows$/m);
    expect(section).toMatch(/^ {2}replicated-audit: 3 flows out of a data class's allowed regions, 2 compliant cross-region flows$/m);
    // 250 US requests/s × ½ of the profile pods in eu-fra × 0.6 calls × 3 KiB × a year = 7265.9 GB.
    const gb = (250 * 0.5 * 0.6 * 3072 * YEAR_S) / 1e9;
    expect(gbPerYearText(gb * 1e9)).toBe('~7270 GB/yr');
    expect(section).toContain('warning: eu-pinned: personal-eu flows from profile in eu-fra (eu-central-1) to gateway in us-iad (us-east-1) by call responses, ~7270 GB/yr\n');
    expect(section).toContain('warning: eu-pinned: personal-eu flows from profile in eu-dub (eu-west-1) to gateway in us-iad (us-east-1) by call responses, ~7270 GB/yr\n');
    expect(section).toContain('warning: replicated-audit: personal-eu flows from profile in us-iad (us-east-1) to gateway in us-iad (us-east-1) by call responses, ~14500 GB/yr\n');
    // The profile store (profile-db, scenarios/gdpr-eu-us.yaml): replicated-audit replicates it to, and reads it in, us-iad.
    expect(section).toContain('warning: replicated-audit: personal-eu flows from profile-db in us-iad (us-east-1) to profile in us-iad (us-east-1) by reads, ~14500 GB/yr\n');
    expect(section).toContain('warning: replicated-audit: personal-eu flows from profile-db in eu-fra (eu-central-1) to profile-db in us-iad (us-east-1) by replication, ~');
    expect(section.match(/^warning: /gm)).toHaveLength(5);
    // The placement check is still there: the US profile copy is flagged by placement.
    expect(out.slice(0, out.indexOf('Data flows ('))).toMatch(/replicated-audit: .*profile.*us-iad/);
  });

  it('a store fixture: a US reader and a US replica are warned of; a US writer to the EU primary and users served from the EU are counted compliant', async () => {
    expect(await main(['check', 'test/fixtures/residency-flows.yaml'])).toBe(0);
    const section = out.slice(out.indexOf('Data flows ('));
    expect(section).toContain('warning: eu-primary: personal-eu flows from accounts-db in eu-1 (eu-west-1) to account in us-1 (us-east-1) by reads, ~');
    expect(section).toContain('warning: us-replica: personal-eu flows from accounts-db in eu-1 (eu-west-1) to accounts-db in us-1 (us-east-1) by replication, ~');
    // The US writer's writes to the EU primary comply: counted, never warned of.
    expect(section).not.toMatch(/by writes.*accounts-db in eu-1/);
    expect(section).toMatch(/^ {2}eu-primary: \d+ flows out of a data class's allowed regions, 1 compliant cross-region flow$/m);
    expect(section).toMatch(/^ {2}eu-only: 0 flows out of a data class's allowed regions, 1 compliant cross-region flow$/m);
    expect(section).not.toMatch(/^warning: eu-only/m);
  });

  it('puts the flows in JSON output', async () => {
    expect(await main(['check', 'scenarios/gdpr-eu-us.yaml', '--output', 'json'])).toBe(0);
    const json = JSON.parse(out) as { dataFlows: { design: string; flows: { violation: boolean; to: { cluster: string } }[] }[] };
    expect(json.dataFlows.map((d) => [d.design, d.flows.filter((f) => f.violation).map((f) => f.to.cluster)])).toEqual([
      ['eu-pinned', ['us-iad', 'us-iad']],
      ['replicated-audit', ['us-iad', 'us-iad', 'us-iad']],
    ]);
  });

  it('is installed by the program itself (no test hook needed), and prints nothing for a scenario without data classes', async () => {
    setDataFlowReport(undefined);
    expect(await main(['check', 'scenarios/gdpr-eu-us.yaml'])).toBe(0);
    expect(out).not.toContain('not computed');
    expect(out).toMatch(/eu-pinned: personal-eu flows from profile in eu-\w+ \(eu-[a-z]+-1\) to gateway in us-iad \(us-east-1\) by call responses/);
    out = '';
    setDataFlowReport(modelFlows);
    expect(await main(['check', 'test/fixtures/two-regions-fixed.yaml'])).toBe(0);
    expect(out).not.toMatch(/Data flows/);
  });
});
