import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, expectGolden } from './harness.js';

const SCENARIO = 'scenarios/default.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--help shows the options and examples', () => {
  it.each([['run'], ['merge'], ['k8s-job']])('%s --help', async (command) => {
    const r = await cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expectGolden(`${command}-help.txt`, r.stdout);
  });
});

describe('bad input exits 2 with a message and no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown flag', ['run', SCENARIO, '--bogus'], /unknown option '--bogus'/],
    ['bad --output', ['run', SCENARIO, '--output', 'xml'], /'-o, --output <format>' argument 'xml' is invalid\. expected one of table, json, yaml, md, got "xml"/],
    ['bad -o', ['run', SCENARIO, '-o', 'markdown'], /expected one of table, json, yaml, md, got "markdown" \(markdown is "md"\)/],
    // Read through the loader's limit: /dev/zero reports a size of 0 and never ends.
    ['endless device', ['run', '/dev/zero'], /\/dev\/zero:1:1: the file is larger than 4194304 bytes \(reading stopped there\)/],
    ['missing file', ['run', 'nope.yaml'], /nope\.yaml: no such file, and not a bundled scenario\n\s+expected: .*bundled scenarios: .*default.*\n\s+hint: /],
    ['bad --replications', ['run', SCENARIO, '--replications', 'many'], /expected an integer from 1 to 1000, got "many"/],
    ['zero replications', ['run', SCENARIO, '--replications', '0'], /'--replications <n>' argument '0' is invalid\. expected an integer from 1 to 1000/],
    ['bad --horizon', ['run', SCENARIO, '--horizon', '10'], /--horizon: expected a positive duration/],
    ['bad --shard', ['run', SCENARIO, '--shard', '3/3'], /--shard: the index must be below the count/],
    ['--shard with a table', ['run', SCENARIO, '--shard', '0/2', '--output', 'table'], /--shard prints a partial results file/],
    ['bad --target-ci', ['run', SCENARIO, '--target-ci', 'speed:1'], /unknown metric "speed"/],
    ['--target-ci with --shard', ['run', SCENARIO, '--target-ci', 'availability:0.001', '--shard', '0/2'], /cannot be combined/],
    ['--gate on an unknown design', ['run', SCENARIO, '--gate', 'hybrid'], /--gate: no design "hybrid".*designs: replicated, segmented, active-active/],
    ['merge of no such file', ['merge', 'missing.json'], /missing\.json: cannot read \(no such file\)/],
    ['k8s-job without --image', ['k8s-job', SCENARIO, '--shards', '2'], /required option '--image <image>' not specified/],
    ['k8s-job with more shards than replications', ['k8s-job', SCENARIO, '--shards', '11', '--image', 'x'], /--shards 11 is more than the 10 replications/],
  ];
  it.each(cases)('%s', async (_, argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });

  it('a scenario error names file, line and column', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: fleetsim/v1\nkind: Scenario\nmetadata: { name: x }\nrun: { horizon: 10 }\n');
    const r = await cli('run', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it('merge refuses a file that is not a shard', async () => {
    const f = join(tmp, 'x.json');
    writeFileSync(f, '{"hello": 1}');
    const r = await cli('merge', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.json: not a fleetsim partial results file/);
  });
});

describe('fleetsim run on the default scenario', () => {
  it('prints the comparison table and the verdict (golden)', async () => {
    const r = await cli('run', SCENARIO, '--no-report', '--workers', '0');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^two-regions: 3 designs, 10 replications × 365\.0 d, seed 42\n/);
    expectGolden('run-default.txt', r.stdout);
  });

  it('writes a report folder and says where', async () => {
    const r = await cli('run', SCENARIO, '--workers', '0', '--replications', '2', '--horizon', '30d', '--report-dir', join(tmp, 'reports'));
    expect(r.code).toBe(0);
    const [folder] = readdirSync(join(tmp, 'reports'));
    expect(folder).toMatch(/^two-regions-\d{8}-\d{6}$/);
    expect(r.stdout).toContain(`Report: ${join(tmp, 'reports', folder)}/index.html\n`);
  });

  it('json, yaml and md outputs carry the same results', async () => {
    const base = ['run', SCENARIO, '--no-report', '--workers', '0', '--replications', '3', '--horizon', '30d'];
    const json = JSON.parse((await cli(...base, '--output', 'json')).stdout);
    expect(json.schema).toBe('fleetsim/results');
    expect(json.schemaVersion).toBe(1);
    expect(json.run.replications).toBe(3);
    const yaml = (await cli(...base, '--output', 'yaml')).stdout;
    expect(yaml).toMatch(/^schema: fleetsim\/results\nschemaVersion: 1\n/);
    const md = (await cli(...base, '--output', 'md')).stdout;
    expect(md).toMatch(/^# two-regions: design comparison\n/);
    expect(md).toContain(`**${json.verdict.headline}**`);
  });

  it('--gate exits 0 when a design meets the SLO and 3 when none is shown to', async () => {
    const base = ['--no-report', '--workers', '0', '--replications', '3', '--horizon', '30d', '--output', 'json'];
    const ok = await cli('run', SCENARIO, ...base, '--gate');
    const met = JSON.parse(ok.stdout).designs.filter((d: { slo: { status: string } }) => d.slo.status === 'met');
    expect(ok.code).toBe(met.length > 0 ? 0 : 3);
    // The same scenario with an SLO of seven nines, which a few minutes of outage a year cannot meet.
    const strict = join(tmp, 'strict.yaml');
    writeFileSync(strict, readFileSync(SCENARIO, 'utf8').replace('availability: 99.95%', 'availability: 99.99999%'));
    const r = await cli('run', strict, ...base, '--gate');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SLO gate failed: no design meets the SLO with 95% confidence/);
    const one = await cli('run', strict, ...base, '--gate', 'active-active');
    expect(one.code).toBe(3);
    expect(one.stderr).toMatch(/SLO gate failed: active-active is (not met|uncertain) on the SLO/);
  });

  it('two shards merged by the CLI print the same results.json as one run', async () => {
    const base = ['--workers', '0', '--replications', '4', '--horizon', '30d'];
    const files: string[] = [];
    for (const i of [0, 1]) {
      const r = await cli('run', SCENARIO, ...base, '--shard', `${i}/2`);
      expect(r.code).toBe(0);
      files.push(join(tmp, `shard-${i}.json`));
      writeFileSync(files[i], r.stdout);
    }
    const merged = await cli('merge', files[1], files[0], '--output', 'json', '--no-report');
    const single = await cli('run', SCENARIO, ...base, '--output', 'json', '--no-report');
    const strip = (s: string) => ({ ...JSON.parse(s), createdAt: null });
    expect(merged.code).toBe(0);
    expect(strip(merged.stdout)).toEqual(strip(single.stdout));
    const incomplete = await cli('merge', files[0]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/replications 1, 3 are missing \(shards not given: 1\/2\)/);
  });

  it('k8s-job prints four manifests in apply order', async () => {
    const r = await cli('k8s-job', SCENARIO, '--shards', '5', '--image', 'ghcr.io/acme/fleetsim:0.1.0', '--output', 'json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.items.map((o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/fleetsim-two-regions-scenario',
      'PersistentVolumeClaim/fleetsim-two-regions-results',
      'Job/fleetsim-two-regions-shards',
      'Job/fleetsim-two-regions-merge',
    ]);
    expect(list.items[2].spec).toMatchObject({ completionMode: 'Indexed', completions: 5, parallelism: 5 });
  });
});
