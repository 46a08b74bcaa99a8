/**
 * What `npm pack` would ship: the compiled program, the bundled scenarios and the docs; never the tests,
 * the benchmarks or the sources' build leftovers. Read from npm's own dry run, so the `files` field and
 * .npmignore rules are judged as npm applies them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('npm package contents', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files: string[] = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);

  it('ships the scenarios, the docs, the README and the schema', () => {
    expect(files).toContain('scenarios/default.yaml');
    expect(files).toContain('scenarios/scenario.schema.json');
    expect(files).toContain('docs/scenario.md');
    expect(files).toContain('README.md');
  });

  it('ships nothing from test/, bench/ or src/ (TypeScript sources), and no plan journals', () => {
    expect(files.filter((f) => /^(test|bench|src|dist\/test|dist\/bench|\.fleetsim|reports)\//.test(f))).toEqual([]);
  });

  it('the bin entry is inside what is shipped', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bin: Record<string, string>; files: string[] };
    for (const target of Object.values(pkg.bin)) expect(pkg.files.some((f) => target.startsWith(f))).toBe(true);
  });
});
