import { afterEach, describe, expect, it, vi } from 'vitest';
import { benchProgram, benchTable, runDecodeBench } from './decode-bench.js';
import { DEGRADATIONS } from './degrade.js';

afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  await benchProgram().exitOverride().parseAsync(args, { from: 'user' });
  return out;
}

describe('decode bench', () => {
  it('answers --help', async () => {
    await expect(run(['--help'])).rejects.toMatchObject({ exitCode: 0 });
  });

  it('refuses an unknown decoder and a bad count', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(run(['--decoders', 'zbar'])).rejects.toThrow(/unknown decoder zbar/);
    await expect(run(['--per-kind', '0'])).rejects.toThrow(/positive integer/);
  });

  it('prints per decoder a rate and a share per degradation (--json)', async () => {
    const r = JSON.parse(await run(['--per-kind', '1', '--decoders', 'zxing', '--json']));
    expect(r.photos).toBe(DEGRADATIONS.length);
    expect(r.decoders).toHaveLength(1);
    const z = r.decoders[0];
    expect(z.decoder).toBe('zxing');
    expect(z.cleanRate).toBeGreaterThan(0);
    expect(Object.keys(z.readShare)).toEqual([...DEGRADATIONS]);
    expect(z.readShare.clean).toBe(1);
  });

  it('tables the figures', async () => {
    const r = await runDecodeBench({ seed: 3, perKind: 1, decoders: ['jsqr'] });
    const t = benchTable(r);
    expect(t).toMatch(/clean img\/s/);
    expect(t.split('\n')).toHaveLength(DEGRADATIONS.length + 5);
  });
});
