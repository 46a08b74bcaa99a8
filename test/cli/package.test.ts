/**
 * What ships: the npm tarball (package.json "files") and the Docker image k8s-job needs. Docker
 * cannot run here, so the Dockerfile is checked as text: its stages, that everything it copies exists,
 * and that its entrypoint is the package's bin.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };

describe('the npm package', () => {
  it('npm pack holds dist/src, the bundled scenarios and the starter template, docs and the README, and no tests or benchmarks', () => {
    // --ignore-scripts: "prepare" would rebuild dist/, which other processes may be using.
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    expect(files).toContain('scenarios/default.yaml');
    expect(files).toContain('scenarios/templates/starter.yaml');
    expect(files).toContain('docs/cli.md');
    expect(files).toContain(pkg.bin.fleetsim);
    expect(files.filter((f) => /^(test|bench|src|scripts|dist\/bench|dist\/test)\//.test(f))).toEqual([]);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/src/', 'scenarios/', 'docs/', 'README.md']));
  });
});

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly lines: string[];
}

/** The Dockerfile's instructions by stage (continuation lines joined, comments dropped). */
function stages(text: string): Stage[] {
  const out: Stage[] = [];
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  for (const l of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(l);
    if (from) out.push({ from: from[1], name: from[2], lines: [] });
    else out[out.length - 1].lines.push(l);
  }
  return out;
}

describe('the Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const [build, runtime, ...rest] = stages(text);

  it('has a build stage and a runtime stage on a pinned node 20 slim tag', () => {
    expect(rest).toEqual([]);
    for (const s of [build, runtime]) expect(s.from).toMatch(/^node:20\.\d+-slim$/);
    expect(build.lines).toContain('RUN npm run build');
    expect(runtime.lines.some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
    // The runtime stage compiles nothing: no TypeScript, no devDependencies.
    expect(runtime.lines.some((l) => /npm run build|npm ci(?!.*--omit=dev)/.test(l))).toBe(false);
  });

  it('copies only paths that exist in the repository (or the build stage\'s dist/src)', () => {
    for (const s of [build, runtime]) {
      for (const l of s.lines.filter((x) => x.startsWith('COPY'))) {
        const parts = l.split(/\s+/).slice(1);
        const fromStage = parts.find((p) => p.startsWith('--from='));
        const sources = parts.filter((p) => !p.startsWith('--')).slice(0, -1);
        for (const src of sources) {
          if (fromStage !== undefined) {
            expect(fromStage).toBe(`--from=${build.name}`);
            // What the build stage makes: dist/ is the tsc output of tsconfig.build.json.
            expect(src).toBe('/app/dist/src');
          } else expect(existsSync(join(ROOT, src)), `${l}: ${src}`).toBe(true);
        }
      }
    }
  });

  it('runs the package\'s bin as its entrypoint', () => {
    expect(runtime.lines).toContain('ENTRYPOINT ["fleetsim"]');
    const link = runtime.lines.find((l) => l.includes('/usr/local/bin/fleetsim'));
    expect(link).toContain(`/app/${pkg.bin.fleetsim}`);
    expect(readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('.dockerignore keeps node_modules, dist and the tests out of the context, and nothing the Dockerfile copies', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'test']));
    const copied = [build, runtime].flatMap((s) => s.lines.filter((l) => l.startsWith('COPY') && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1)));
    for (const c of copied) expect(ignored, c).not.toContain(c);
  });
});
