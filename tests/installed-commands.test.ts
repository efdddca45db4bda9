/**
 * The commands as a user gets them: through the links npm makes in node_modules/.bin when
 * it installs the workspace. Each answers `--help`, refuses bad usage with its usage exit code,
 * and `evident-verify` run through its link gives the verdict (0 valid, 1 invalid, 2 unreadable)
 * that an auditor's `evident-verify RECORD && echo valid` relies on. Needs `npm run build` (the
 * launchers load dist/); `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleManifest, simulateElection } from '@evident/record';

const root = fileURLToPath(new URL('..', import.meta.url));
const COMMANDS = [
  { name: 'evident-server', pkg: 'server', usageExit: 1 },
  { name: 'evident-trustee', pkg: 'trustee-cli', usageExit: 2 },
  { name: 'evident-verify', pkg: 'verifier-cli', usageExit: 2 },
  { name: 'evident-station', pkg: 'polling-station', usageExit: 2 },
  { name: 'evident-track', pkg: 'ballot-tracker', usageExit: 2 },
  { name: 'evident-report', pkg: 'report', usageExit: 2 },
] as const;

const linkOf = (name: string): string => join(root, 'node_modules', '.bin', name);
const binTarget = (pkg: string, name: string): string => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
  };
  const target = manifest.bin?.[name];
  if (target === undefined) throw new Error(`packages/${pkg}/package.json has no bin ${name}`);
  return target;
};
/** Runs a command through its npm link, as a shell would (the link is executable). */
const run = (name: string, args: string[]) =>
  spawnSync(linkOf(name), args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

describe.each(COMMANDS)('$name as installed', ({ name, pkg, usageExit }) => {
  it('its bin is a committed file, not a build output npm cannot link before the build', () => {
    const target = binTarget(pkg, name);
    expect(target.replace(/^\.\//, '').startsWith('dist/')).toBe(false);
    expect(existsSync(join(root, 'packages', pkg, target))).toBe(true);
  });

  it('npm linked it into node_modules/.bin (run `npm install` if this fails)', () => {
    expect(existsSync(linkOf(name))).toBe(true);
    expect(realpathSync(linkOf(name))).toBe(realpathSync(join(root, 'packages', pkg, binTarget(pkg, name))));
  });

  it('answers --help through the link with its usage and exit 0', () => {
    const r = run(name, ['--help']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split(`Usage: ${name}`)).toHaveLength(2); // once: the launcher runs main, not the module too
    expect(r.status).toBe(0);
  });

  it('refuses an unknown option with its usage exit code and a message naming the option', () => {
    const r = run(name, ['--no-such-option']);
    expect(r.stderr).toContain('--no-such-option');
    expect(r.status).toBe(usageExit);
  });

  it('also runs as `node dist/cli.js` and through a link to that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-link-'));
    try {
      const built = join(root, 'packages', pkg, 'dist', 'cli.js');
      symlinkSync(built, join(dir, name));
      for (const file of [built, join(dir, name)]) {
        const r = spawnSync(process.execPath, [file, '--help'], { encoding: 'utf8', timeout: 60_000 });
        expect(r.stdout).toContain(`Usage: ${name}`);
        expect(r.status).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says to build, exit 2, when dist/ is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-unbuilt-'));
    try {
      const target = binTarget(pkg, name);
      const copy = join(dir, target);
      mkdirSync(join(copy, '..'), { recursive: true });
      copyFileSync(join(root, 'packages', pkg, target), copy);
      const r = spawnSync(process.execPath, [copy, '--help'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toContain('npm run build');
      expect(r.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('evident-verify through its link', () => {
  let valid: string;
  let changed: string;
  const scratch = mkdtempSync(join(tmpdir(), 'evident-installed-'));

  beforeAll(async () => {
    valid = join(scratch, 'valid');
    changed = join(scratch, 'changed');
    await simulateElection(valid, {
      manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 2 }),
      guardians: 3,
      quorum: 2,
      ballots: 4,
      devices: 1,
      challengeEvery: 0,
    });
    cpSync(valid, changed, { recursive: true });
    // one decrypted count raised by one: the tally no longer matches its proofs
    const tally = join(changed, 'tally.json');
    const text = readFileSync(tally, 'utf8');
    const edited = text.replace(
      /("value"\s*:\s*)(\d+)/,
      (_m, k: string, v: string) => `${k}${Number(v) + 1}`,
    );
    expect(edited).not.toBe(text);
    writeFileSync(tally, edited);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exits 0 and says VALID on a valid record', () => {
    const r = run('evident-verify', [valid, '--workers', '0']);
    expect(r.stdout).toContain('VALID');
    expect(r.stdout).not.toContain('INVALID');
    expect(r.status).toBe(0);
  });

  it('exits 1 and says INVALID on a changed copy', () => {
    const r = run('evident-verify', [changed, '--workers', '0']);
    expect(r.stdout).toContain('INVALID');
    expect(r.status).toBe(1);
  });

  it('gives the same verdicts as `node dist/cli.js` and through a link to that file', () => {
    const built = join(root, 'packages', 'verifier-cli', 'dist', 'cli.js');
    const link = join(scratch, 'evident-verify');
    symlinkSync(built, link);
    for (const file of [built, link]) {
      const verdict = (record: string) =>
        spawnSync(process.execPath, [file, record, '--workers', '0'], { encoding: 'utf8', timeout: 60_000 })
          .status;
      expect([verdict(valid), verdict(changed)]).toEqual([0, 1]);
    }
  });

  it('exits 2 with a message naming a missing folder', () => {
    const missing = join(scratch, 'no-such-record');
    const r = run('evident-verify', [missing]);
    expect(r.stderr).toContain(missing);
    expect(r.status).toBe(2);
  });
});
