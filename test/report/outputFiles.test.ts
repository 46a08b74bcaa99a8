import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputPathError, checkOutputFile, writeFileAtomic } from '../../src/report/atomicFile.js';
import { checkReportDir, ensureDir } from '../../src/report/outputDir.js';
import { removeStaleTemporaries, writeReport } from '../../src/report/write.js';
import { fullResults } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'fleetsim-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `case-${n++}`);
  mkdirSync(d);
  return d;
};
const hoursAgo = (path: string, h: number) => {
  const t = new Date(Date.now() - h * 3600_000);
  utimesSync(path, t, t);
};

describe('report folder checks (before the run)', () => {
  it('a file, a path under a file, and /proc are refused with the reason; nothing is created', () => {
    const d = fresh();
    writeFileSync(join(d, 'file'), 'x');
    expect(() => checkReportDir(join(d, 'file'))).toThrow(OutputPathError);
    expect(() => checkReportDir(join(d, 'file'))).toThrow(/file is a file, not a folder/);
    expect(() => checkReportDir(join(d, 'file', 'sub', 'dir'))).toThrow(/file is a file, so nothing can go under it/);
    // mkdirSync(…, { recursive: true }) never returns here: the check must answer at once.
    expect(() => checkReportDir('/proc/fleetsim-x/y')).toThrow(/cannot create folders under \/proc/);
    expect(() => ensureDir('/proc/fleetsim-x/y')).toThrow(/cannot create \/proc\/fleetsim-x/);
    expect(readdirSync(d)).toEqual(['file']);
  });

  it('a missing folder is fine and is not created by the check (nor is a probe left behind)', () => {
    const d = fresh();
    checkReportDir(join(d, 'a', 'b'));
    expect(readdirSync(d)).toEqual([]);
    ensureDir(join(d, 'a', 'b'));
    expect(lstatSync(join(d, 'a', 'b')).isDirectory()).toBe(true);
    ensureDir(join(d, 'a', 'b')); // existing: fine
  });
});

describe('stale temporary report folders', () => {
  it('a killed run\'s hidden folder older than an hour is removed by the next report; recent ones and other files stay', async () => {
    const d = fresh();
    const stale = join(d, '.tmp-two-regions-20250101-000000-4242-AbC123');
    const live = join(d, '.tmp-two-regions-20250101-000000-4343-XyZ789');
    const notOurs = join(d, '.tmp-notes');
    const userFolder = join(d, 'two-regions-20250101-000000');
    for (const p of [stale, live, notOurs, userFolder]) mkdirSync(p);
    writeFileSync(join(stale, 'index.html'), 'half');
    for (const p of [stale, notOurs, userFolder]) hoursAgo(p, 2);
    hoursAgo(live, 0.5);
    const folder = await writeReport(fullResults(), d);
    expect(readdirSync(d).sort()).toEqual(['.tmp-notes', '.tmp-two-regions-20250101-000000-4343-XyZ789', 'synthetic-20250101-000000', 'two-regions-20250101-000000']);
    expect(folder).toBe(join(d, 'synthetic-20250101-000000'));
  });

  it('only fleetsim\'s pattern matches, and a file with that name is left alone', () => {
    const d = fresh();
    writeFileSync(join(d, '.tmp-x-20250101-000000-1-abcdef'), 'a file, not our folder');
    mkdirSync(join(d, '.tmp-x-2025-1-abcdef'));
    for (const name of readdirSync(d)) hoursAgo(join(d, name), 5);
    expect(removeStaleTemporaries(d)).toEqual([]);
    expect(readdirSync(d)).toHaveLength(2);
  });
});

describe('atomic single-file writes', () => {
  it('writes a new file, and refuses an existing one without force', () => {
    const d = fresh();
    const f = join(d, 'out.json');
    expect(writeFileAtomic(f, 'one')).toBe(f);
    expect(readFileSync(f, 'utf8')).toBe('one');
    expect(() => writeFileAtomic(f, 'two')).toThrow(/exists: add --force/);
    writeFileAtomic(f, 'two', { force: true });
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(d)).toEqual(['out.json']); // no temporary left
  });

  it('never writes through a symbolic link without force; with force writes the target and keeps the link', () => {
    const d = fresh();
    const target = join(d, 'target.txt');
    writeFileSync(target, 'precious');
    const link = join(d, 'link.txt');
    symlinkSync(target, link);
    expect(() => writeFileAtomic(link, 'x')).toThrow(/symbolic link: add --force/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(writeFileAtomic(link, 'new', { force: true })).toBe(target);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('refuses a pipe or device even with force (a rename would replace it), and a dangling link', () => {
    const d = fresh();
    const fifo = join(d, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x', { force: true })).toThrow(/not a regular file/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    symlinkSync(join(d, 'nowhere', 'x'), join(d, 'dangling'));
    expect(() => checkOutputFile(join(d, 'dangling'), { force: true })).toThrow(/symbolic link to nothing/);
    expect(() => checkOutputFile(join(d, 'no-such-dir', 'f'))).toThrow(/does not exist/);
    expect(() => checkOutputFile(d)).toThrow(/is a folder/);
  });

  it('removes its own temporaries of the same file left by a killed writer, if older than an hour', () => {
    const d = fresh();
    const f = join(d, 'schema.json');
    const old = join(d, '.schema.json.tmp-999-abc123');
    const recent = join(d, '.schema.json.tmp-998-def456');
    const other = join(d, '.other.json.tmp-997-ghi789');
    for (const p of [old, recent, other]) writeFileSync(p, 'partial');
    hoursAgo(old, 3);
    hoursAgo(other, 3);
    writeFileAtomic(f, '{}');
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
