/**
 * The OpenSSL-accelerated eg-4096 group computes exactly what the core's BigInt group computes,
 * and its membership test accepts Z_p^r and nothing else. Also egk's contest-data plaintext
 * parser.
 */
import { EG_P, eg4096, randomScalar } from '@evident/e2e-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContestData, sameContestData } from './contest-data.js';
import { acceleratedEg4096, isGroupMember } from './openssl-group.js';

const G = acceleratedEg4096();

describe('acceleratedEg4096', () => {
  it('keeps the group identity (name, version, parameters)', () => {
    expect(G.name).toBe('eg-4096');
    expect(G.version).toBe(eg4096.version);
    expect(G.parameterBytes).toEqual(eg4096.parameterBytes);
  });

  it('exp and multiExp agree with the BigInt group', () => {
    const x = eg4096.gExp(randomScalar(eg4096.q));
    const y = eg4096.gExp(randomScalar(eg4096.q));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: eg4096.q - 1n }),
        fc.bigInt({ min: 0n, max: eg4096.q - 1n }),
        (e1, e2) => {
          expect(G.exp(x, e1)).toBe(eg4096.exp(x, e1));
          expect(G.multiExp([x, y, G.g], [e1, e2, e1])).toBe(eg4096.multiExp([x, y, eg4096.g], [e1, e2, e1]));
        },
      ),
      { numRuns: 8 },
    );
    expect(G.exp(x, 0n)).toBe(1n);
    expect(G.exp(x, 5n)).toBe(eg4096.exp(x, 5n));
    expect(G.exp(1n, 12345678901234567890n)).toBe(1n);
    expect(G.exp(x, eg4096.q)).toBe(1n);
  });

  it('encodes as eg4096 and decodes with a membership check', () => {
    const x = eg4096.gExp(randomScalar(eg4096.q));
    expect(G.encode(x)).toEqual(eg4096.encode(x));
    expect(G.decode(eg4096.encode(x), 'x')).toBe(x);
    expect(() => G.decode(eg4096.encode(EG_P - 1n), 'x')).toThrow(/not an element/);
    expect(() => G.decode(new Uint8Array(10), 'x')).toThrow(/512 bytes/);
  });

  it('isGroupMember accepts Z_p^r and rejects everything else', () => {
    expect(isGroupMember(1n)).toBe(true);
    expect(isGroupMember(eg4096.g)).toBe(true);
    expect(isGroupMember(eg4096.gExp(randomScalar(eg4096.q)))).toBe(true);
    for (const bad of [0n, 2n, EG_P - 1n, EG_P, EG_P + 1n, -1n])
      expect(isGroupMember(bad), String(bad)).toBe(false);
    expect(isGroupMember((eg4096.g * 2n) % EG_P)).toBe(false);
  });
});

describe('parseContestData (egk ContestData protobuf)', () => {
  const pad = (n: number): number[] => [0x22, n, ...new Array<number>(n).fill(0x2a)];

  it('reads status, over-votes (packed or not) and write-ins, ignoring the padding', () => {
    expect(parseContestData(new Uint8Array(pad(62)))).toEqual({
      status: 'normal',
      overVotes: [],
      writeIns: [],
    });
    expect(parseContestData(new Uint8Array([0x08, 0x01, ...pad(60)]))?.status).toBe('null_vote');
    const packed = parseContestData(
      new Uint8Array([0x08, 0x02, 0x12, 0x02, 0x03, 0x05, 0x1a, 0x02, 0x68, 0x69]),
    );
    expect(packed).toEqual({ status: 'over_vote', overVotes: [3, 5], writeIns: ['hi'] });
    const unpacked = parseContestData(
      new Uint8Array([0x08, 0x02, 0x10, 0x03, 0x10, 0x05, 0x1a, 0x02, 0x68, 0x69]),
    );
    expect(sameContestData(packed!, unpacked!)).toBe(true);
  });

  it('rejects what is not such a message', () => {
    expect(parseContestData(new Uint8Array([0x22, 0x05, 0x2a]))).toBeUndefined(); // truncated
    expect(parseContestData(new Uint8Array([0x08, 0x09]))).toBeUndefined(); // unknown status
    expect(parseContestData(new Uint8Array([0x0f]))).toBeUndefined(); // bad wire type
    expect(parseContestData(new Uint8Array([0x1a, 0x01, 0xff]))).toBeUndefined(); // bad UTF-8
  });
});
