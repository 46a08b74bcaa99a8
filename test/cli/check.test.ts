import { existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

// `fleetsim check` and `fleetsim schema` end to end through the CLI entry point (in-process).
const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
/** Two designs on fixed pools (the default scenario before sizing): overrides are read against it. */
const FIXED = fileURLToPath(new URL('../fixtures/two-regions-fixed.yaml', import.meta.url));
let out = '';
let err = '';

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

function tmpFile(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'fleetsim-check-')), 'bad.yaml');
  writeFileSync(f, text);
  return f;
}

describe('fleetsim check', () => {
  it("prints a design's own infrastructure (overrides) before its placement, and bills its own pools at the start", async () => {
    const text = readFileSync(FIXED, 'utf8').replace(
      "    traffic:\n      ingress:\n        dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s }\n\nfaults:",
      "    traffic:\n      ingress:\n        dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s }\n    overrides:\n      clusters: [{ name: us-1, nodePools: [{ name: general, count: 6, instanceType: m6i.2xlarge }] }]\n      services: [{ name: cart, replicas: 2 }]\n\nfaults:",
    );
    expect(text).toMatch(/overrides:/);
    expect(await main(['check', tmpFile(text)])).toBe(0);
    const section = out.slice(out.indexOf('Design active-active'));
    expect(section).toMatch(/Its own infrastructure:\ncluster +pool +instance/);
    expect(section).toMatch(/us-1 +general +m6i\.2xlarge +onDemand +6 +3–8 +1\.31 +this design/);
    expect(section).toMatch(/eu-1 +general +m6i\.xlarge +onDemand +4 +3–8 +1\.31 +scenario/);
    expect(section).toMatch(/replicas: web 6, catalog 6, cart 2 \(file: 4\)/);
    // Nodes at the start: 4 × $0.214 (eu-1) + 6 × 2 × $0.192 (us-1) = $3.16/h; the replicated design keeps $1.62/h.
    expect(section).toMatch(/Design active-active: uses eu-1, us-1 \(billed for nodes \$3\.16\/h at the start\)/);
    expect(out).toMatch(/Design replicated: uses eu-1, us-1 \(billed for nodes \$1\.62\/h at the start\)/);
    expect(out.slice(0, out.indexOf('Design active-active'))).not.toMatch(/Its own infrastructure/);
  });

  it('summarizes a valid scenario and exits 0', async () => {
    expect(await main(['check', DEFAULT])).toBe(0);
    expect(out).toMatch(/valid scenario "two-regions"/);
    expect(out).toMatch(/eu-1 +eu-west-1 +3 +1\.34 +eks-standard \(SLA 99\.95%, \$0\.1000\/h\)/);
    expect(out).toMatch(/replicated: DNS \(check 30s × 3, TTL 1m\)/);
    // Per design, how fleetsim sized it and where each service runs: replicated puts 13 web pods in each
    // cluster (each carries both regions' peak), segmented 13 in us-1 only, active-active splits them.
    expect(out).toMatch(/Design replicated: uses eu-1, us-1 \(billed for nodes \$[\d.]+\/h at the start\)\n(?:Rollouts: .*\n)?Sized by fleetsim \(docs\/sizing\.md\):\n  replicated: sized for its peak with 20% headroom/);
    expect(out).toMatch(/Design replicated[\s\S]*web +eu-1 +eu-west-1 +13 +13 +0[\s\S]*Design segmented/);
    const segmented = out.slice(out.indexOf('Design segmented'), out.indexOf('Design active-active'));
    expect(segmented).toMatch(/web +us-1 +us-east-1 +13 +13 +0/);
    expect(segmented).not.toMatch(/web +eu-1/);
    expect(segmented).toMatch(/cart +eu-1 +eu-west-1 +3 +3 +0/);
    expect(out).toMatch(/Design active-active[\s\S]*web +eu-1 +eu-west-1 +9 +9 +0\nweb +us-1 +us-east-1 +8 +8 +0/);
  });

  it('says per design which clusters it uses and pays for, and what their nodes cost an hour at the start', async () => {
    const retail = fileURLToPath(new URL('../../scenarios/retail-segmented.yaml', import.meta.url));
    expect(await main(['check', retail])).toBe(0);
    const line = (design: string) => out.split('\n').find((l) => l.startsWith(`Design ${design}:`))!;
    expect(line('one-cluster')).toMatch(/^Design one-cluster: uses shared \(billed for nodes \$\d+\.\d\d\/h at the start\); not used, not billed: storefront, pci$/);
    expect(line('pci-segmented')).toMatch(/^Design pci-segmented: uses storefront, pci \(billed for nodes \$\d+\.\d\d\/h at the start\); not used, not billed: shared$/);
    // The hourly figure is the used clusters' pools at their starting counts, from the same prices as the cluster table.
    const perHour = (design: string) => Number(/\$(\d+\.\d\d)\/h/.exec(line(design))![1]);
    const clusterRate = (name: string) => Number(new RegExp(String.raw`^${name} .*\$([\d.]+)$`, 'm').exec(out)![1]);
    expect(perHour('one-cluster')).toBeCloseTo(clusterRate('shared'), 2);
    expect(perHour('pci-segmented')).toBeCloseTo(clusterRate('storefront') + clusterRate('pci'), 2);
    // The headroom table lists only the clusters the design uses.
    const oneCluster = out.slice(out.indexOf('Design one-cluster:'), out.indexOf('Design pci-segmented:'));
    expect(oneCluster).toMatch(/^shared +\d+/m);
    expect(oneCluster).not.toMatch(/^(storefront|pci) +\d+ +\d+m/m);
    const oneClusterPerHour = perHour('one-cluster');
    out = '';
    expect(await main(['check', retail, '--output', 'json'])).toBe(0);
    const designs = JSON.parse(out).placement as { design: string; usedClusters: string[]; nodesUsdPerHourAtStart: number }[];
    expect(designs.map((d) => [d.design, d.usedClusters])).toEqual([['one-cluster', ['shared']], ['pci-segmented', ['storefront', 'pci']]]);
    expect(designs[0].nodesUsdPerHourAtStart).toBeCloseTo(oneClusterPerHour, 2);
  });

  it('lists every error as file:line:col: path: message, exits 2, prints no stack trace', async () => {
    const text = readFileSync(DEFAULT, 'utf8').replace('rtt: 70ms', 'rtt: 70').replace('entryService: web', 'entryService: wbe');
    const f = tmpFile(text);
    expect(await main(['check', f])).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines.at(-1)).toBe('2 errors');
    expect(lines[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: topology\\.links\\[0\\]\\.rtt: invalid duration 70`));
    expect(err).toMatch(/workload\.userRegions\[0\]\.entryService: unknown service "wbe" .* hint: did you mean "web"\?/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('--output json gives structured errors', async () => {
    const f = tmpFile('apiVersion: fleetsim/v1\nkind: Scenario\n');
    expect(await main(['check', f, '--output', 'json'])).toBe(2);
    const j = JSON.parse(out);
    expect(j.ok).toBe(false);
    expect(j.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['metadata', 'topology', 'clusters', 'workload', 'designs']));
  });

  it('shows control characters from the file escaped, never raw: in the summary and in errors', async () => {
    const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
    const text = readFileSync(DEFAULT, 'utf8').replace(/description: .*\n/, 'description: "\\e[2J\\rOK \\u202e"\n');
    expect(await main(['check', tmpFile(text)])).toBe(0);
    expect(out).toContain('valid scenario "two-regions" — \\x1b[2J\\x0dOK \\u202e');
    expect(out).not.toMatch(RAW);
    out = '';
    // An unknown entry service: the error message quotes the hostile name.
    expect(await main(['check', tmpFile(text.replace('entryService: web', 'entryService: "w\\e]0;pwned\\a"'))])).toBe(2);
    expect(err).toContain('w\\x1b]0;pwned\\x07');
    expect(err + out).not.toMatch(RAW);
  });

  it('a missing file is a user error (exit 2), not a crash', async () => {
    expect(await main(['check', '/nonexistent/scenario.yaml'])).toBe(2);
    expect(err).toMatch(/\/nonexistent\/scenario\.yaml: no such file, and not a bundled scenario/);
    expect(err).toMatch(/hint: /);
  });
});

describe('fleetsim schema', () => {
  it('prints a JSON Schema', async () => {
    expect(await main(['schema'])).toBe(0);
    const j = JSON.parse(out);
    expect(j.title).toBe('fleetsim scenario');
    expect(Object.keys(j.properties)).toEqual(expect.arrayContaining(['topology', 'clusters', 'workload', 'designs', 'faults', 'run']));
  });

  describe('--out', () => {
    const dir = () => mkdtempSync(join(tmpdir(), 'fleetsim-schema-'));

    it('writes a new file', async () => {
      const f = join(dir(), 'scenario.schema.json');
      expect(await main(['schema', '--out', f])).toBe(0);
      expect(JSON.parse(readFileSync(f, 'utf8')).title).toBe('fleetsim scenario');
    });

    it('refuses to replace an existing file without --force (exit 2, file untouched), replaces it with --force', async () => {
      const f = join(dir(), 'scenario.schema.json');
      writeFileSync(f, 'keep me');
      expect(await main(['schema', '--out', f])).toBe(2);
      expect(err).toMatch(/exists: add --force to replace it/);
      expect(err).not.toMatch(/\n\s+at /);
      expect(readFileSync(f, 'utf8')).toBe('keep me');
      expect(await main(['schema', '--out', f, '--force'])).toBe(0);
      expect(JSON.parse(readFileSync(f, 'utf8')).title).toBe('fleetsim scenario');
    });

    it('refuses a symbolic link without --force; with --force writes where it points and keeps the link', async () => {
      const d = dir();
      const target = join(d, 'real.json');
      const link = join(d, 'link.json');
      writeFileSync(target, 'old');
      symlinkSync(target, link);
      expect(await main(['schema', '--out', link])).toBe(2);
      expect(err).toMatch(/is a symbolic link: add --force/);
      expect(readFileSync(target, 'utf8')).toBe('old');
      expect(await main(['schema', '--out', link, '--force'])).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(JSON.parse(readFileSync(target, 'utf8')).title).toBe('fleetsim scenario');
    });

    it('a missing folder is a user error (exit 2) naming the folder, and creates nothing', async () => {
      const d = join(dir(), 'no-such-folder');
      expect(await main(['schema', '--out', join(d, 'x.json')])).toBe(2);
      expect(err).toMatch(/the folder .*no-such-folder does not exist/);
      expect(err).not.toMatch(/\n\s+at /);
      expect(existsSync(d)).toBe(false);
    });
  });
});

describe('fleetsim check reads what run reads', () => {
  it('a bundled scenario by name and - for stdin, -o yaml the same object as -o json', async () => {
    const { spawnSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { input, encoding: 'utf8' });
    const byName = cli(['check', 'default', '-o', 'json']);
    expect(byName.status).toBe(0);
    const fromStdin = cli(['check', '-', '-o', 'yaml'], readFileSync('scenarios/default.yaml', 'utf8'));
    expect(fromStdin.status).toBe(0);
    const a = JSON.parse(byName.stdout) as { file: string; scenario: { sourceFile: string } };
    const b = parse(fromStdin.stdout) as { file: string; scenario: { sourceFile: string } };
    expect(b.file).toBe('-');
    // The same scenario, read from the package's file and from stdin.
    expect(a.scenario.sourceFile).toMatch(/scenarios\/default\.yaml$/);
    expect(b.scenario.sourceFile).toBe('<stdin>');
    expect({ ...b.scenario, sourceFile: '' }).toEqual({ ...a.scenario, sourceFile: '' });
  });

  it('-o on a command that writes a file points at --out (exit 2)', async () => {
    expect(await main(['schema', '-o', 'x.json'])).toBe(2);
    expect(err).toMatch(/-o is the output format on fleetsim's commands; this one writes a file: use --out x\.json/);
  });
});
