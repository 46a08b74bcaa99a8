/**
 * fleetsim completion: the scripts parse in their shells, the completion server answers from
 * COMP_LINE/COMP_POINT as the bash script calls it, and a real bash with the script sourced completes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { complete, wordsBeforeCursor } from '../../src/cli/completion.js';
import { bundledScenarioNames } from '../../src/cli/scenarioSource.js';
import { describeWithPrograms, realProgram } from '../support/realProgram.js';
import { cliCommand } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-completion-'));
const bin = join(tmp, 'bin');
const work = join(tmp, 'work');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A `fleetsim` on PATH that runs this checkout (as the global install's bin would). */
beforeAll(() => {
  mkdirSync(bin);
  mkdirSync(join(work, 'scenarios-mine'), { recursive: true });
  writeFileSync(join(work, 'defaults.yaml'), 'x: 1\n');
  writeFileSync(join(work, 'a.json'), '{}');
  writeFileSync(join(work, 'notes.txt'), '');
  const { command, args } = cliCommand();
  const argv = args.map((a) => (a === 'tsx' ? import.meta.resolve('tsx') : a));
  writeFileSync(join(bin, 'fleetsim'), `#!/bin/sh\nexec ${[command, ...argv].map((a) => `'${a}'`).join(' ')} "$@"\n`);
  chmodSync(join(bin, 'fleetsim'), 0o755);
});

const env = () => ({ ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' });

function script(shell: string): string {
  const r = spawnSync(join(bin, 'fleetsim'), ['completion', shell], { encoding: 'utf8', env: env(), timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The server as the bash script calls it: COMP_* in the environment, the words after "--". */
function server(line: string): string[] {
  const words = line.split(' ').filter((w) => w !== '');
  const r = spawnSync(join(bin, 'fleetsim'), ['completion-server', '--', ...words], {
    cwd: work,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...env(), COMP_CWORD: String(line.endsWith(' ') ? words.length : words.length - 1), COMP_LINE: line, COMP_POINT: String(line.length), SHELL: 'bash' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('completion scripts', () => {
  it('bash: passes bash -n and calls fleetsim completion-server', () => {
    const s = script('bash');
    expect(s).toContain('fleetsim completion-server --');
    expect(s).toContain('complete -o default -F _fleetsim_completion fleetsim');
    const r = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  for (const shell of ['zsh', 'fish'] as const) {
    // The real shells parse the scripts fleetsim prints (the bash script is also exercised end to end
    // below). Skipped with the reason where the shell is not installed; CI installs both (.ci/run).
    const prog = realProgram({ program: shell, install: `apt-get install -y ${shell}` });
    describeWithPrograms([prog], `${shell} script`, () => {
      it(`passes ${shell} -n`, () => {
        // From a file: fish -n does not read a piped script ("Unable to read input file").
        const dir = mkdtempSync(join(tmpdir(), 'fleetsim-completion-'));
        try {
          const file = join(dir, `fleetsim.${shell}`);
          writeFileSync(file, script(shell));
          const r = spawnSync(prog.path!, ['-n', file], { encoding: 'utf8' });
          expect(r.status, r.stderr).toBe(0);
          // The check can fail: a script with a syntax error is refused.
          writeFileSync(file, `${script(shell)}\n${shell === 'zsh' ? 'fi' : 'end'}\n`);
          expect(spawnSync(prog.path!, ['-n', file], { encoding: 'utf8' }).status).not.toBe(0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }

  it('an unknown shell is exit 2 with the choices', () => {
    const r = spawnSync(join(bin, 'fleetsim'), ['completion', 'tcsh'], { encoding: 'utf8', env: env(), timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});

describe('the completion server, called as the bash script calls it', () => {
  it.each([
    ['fleetsim ru', ['run']],
    ['fleetsim run --out', ['--output']],
    ['fleetsim run -o ', ['table', 'json', 'yaml', 'md']],
    ['fleetsim plan -o ', ['table', 'json', 'yaml', 'md']],
    ['fleetsim run def', ['default', 'defaults.yaml']],
    ['fleetsim prices update --provider ', ['aws', 'gcp', 'azure']],
    ['fleetsim diff ', ['a.json', 'scenarios-mine/']],
    ['fleetsim completion ', ['bash', 'zsh', 'fish']],
  ])('%j → %j', (line, expected) => {
    expect(server(line)).toEqual(expected);
  });
});

describe('complete() from the command tree', () => {
  const program = buildProgram();
  it('the words before the cursor and the one being typed', () => {
    expect(wordsBeforeCursor('fleetsim run -o ', 16)).toEqual({ done: ['run', '-o'], current: '' });
    expect(wordsBeforeCursor('fleetsim run de xyz', 15)).toEqual({ done: ['run'], current: 'de' });
  });
  it('every registered command, hidden ones aside; subcommands; a scenario after a value-taking option', () => {
    const names = complete(program, 'fleetsim ', 9, work);
    expect(names).toEqual(expect.arrayContaining(['run', 'check', 'diff', 'init', 'completion', 'validate']));
    expect(names).not.toContain('completion-server');
    expect(complete(program, 'fleetsim validate ', 18, work)).toEqual(expect.arrayContaining(['etcd', 'proxy']));
    const line = 'fleetsim run --seed 7 ';
    expect(complete(program, line, line.length, work)).toEqual([...bundledScenarioNames(), 'defaults.yaml', 'scenarios-mine/']);
  });
});

describeWithPrograms([realProgram({ program: 'bash', install: 'apt-get install -y bash' })], 'a real bash with the script sourced', () => {
  /** Source the script, set COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT as readline does, call the function. */
  function tab(words: string[]): string[] {
    const line = words.join(' ');
    const sh = [
      'source <(fleetsim completion bash)',
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'`,
      'COMP_POINT=${#COMP_LINE}',
      'complete -p fleetsim >/dev/null || exit 9',
      '_fleetsim_completion',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', sh], { cwd: work, encoding: 'utf8', env: env(), timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }
  it('completes commands, options, -o values and bundled names end to end', () => {
    expect(tab(['fleetsim', 'ru'])).toEqual(['run']);
    expect(tab(['fleetsim', 'run', '--out'])).toEqual(['--output']);
    expect(tab(['fleetsim', 'run', '-o', ''])).toEqual(['table', 'json', 'yaml', 'md']);
    expect(tab(['fleetsim', 'run', 'def'])).toEqual(['default', 'defaults.yaml']);
  });
});
