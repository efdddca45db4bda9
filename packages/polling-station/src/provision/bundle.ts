/**
 * The provisioning bundle (spec/stations.md §4, spec/server-api.md §11) and its checks: the
 * station trusts nothing in it that the pinned log key does not vouch for. The tree head must be
 * signed by the pinned key, the `setup` entry (index 0) must be in it, and that entry's text
 * must name the pinned key and the bundle's manifest (with its hash H_M). The bundle's station
 * key must be this station's own key. Never throws on bad data: a finding names the field.
 * @module
 */
import {
  canonicalJsonString,
  decodeLogHash,
  fromHex,
  leafHash,
  manifestDigest,
  toHex,
  utf8Bytes,
  verifyInclusion,
  verifyTreeHead,
} from '@evident/e2e-crypto';

import type { RollVoter, StationBundle } from '@evident/record';
export type { RollVoter, StationBundle };

/** A reason a bundle is refused. */
export interface BundleFinding {
  /** the bundle field at fault (`treeHead`, `setup.entry`, `roll[3].voterId`…) */
  readonly field: string;
  readonly message: string;
}

/** What the bundle is checked against. */
export interface BundleExpectations {
  readonly electionId: string;
  readonly station: string;
  /** this station's public key, hex */
  readonly stationKey: string;
  /** the log key the administrator gave (hex); absent: the bundle's, to be compared by a person */
  readonly logKey?: string;
}

const HEX32 = /^[0-9A-Fa-f]{64}$/;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function shapeFindings(b: Record<string, unknown>): BundleFinding[] {
  const out: BundleFinding[] = [];
  const need = (ok: boolean, field: string, message: string) => ok || out.push({ field, message });
  need(typeof b.electionId === 'string', 'electionId', 'a string expected');
  need(typeof b.station === 'string', 'station', 'a string expected');
  need(isObj(b.manifest), 'manifest', 'an object expected');
  need(
    typeof b.logPublicKey === 'string' && HEX32.test(b.logPublicKey),
    'logPublicKey',
    '32 bytes of hex expected',
  );
  need(
    isObj(b.setup) && b.setup.index === 0 && typeof b.setup.entry === 'string',
    'setup',
    '{index: 0, entry: text} expected',
  );
  need(isObj(b.treeHead), 'treeHead', 'a signed tree head expected');
  need(
    Array.isArray(b.setupProof) && b.setupProof.every((h) => typeof h === 'string'),
    'setupProof',
    'an array of hashes expected',
  );
  need(
    b.stationKey === null || (typeof b.stationKey === 'string' && HEX32.test(b.stationKey)),
    'stationKey',
    '32 bytes of hex or null expected',
  );
  need(
    b.printingKey === null || (typeof b.printingKey === 'string' && HEX32.test(b.printingKey)),
    'printingKey',
    '32 bytes of hex or null expected',
  );
  need(typeof b.timeZone === 'string', 'timeZone', 'a string expected');
  need(typeof b.countingStart === 'string', 'countingStart', 'a string expected');
  need(Number.isSafeInteger(b.countingStartInstant), 'countingStartInstant', 'an integer (ms) expected');
  need(Number.isSafeInteger(b.serverTime), 'serverTime', 'an integer (ms) expected');
  if (!Array.isArray(b.roll)) out.push({ field: 'roll', message: 'an array expected' });
  else {
    const seen = new Set<string>();
    b.roll.forEach((v, i) => {
      if (!isObj(v) || typeof v.voterId !== 'string' || v.voterId === '' || typeof v.name !== 'string')
        out.push({ field: `roll[${i}]`, message: '{voterId, name} strings expected' });
      else if (seen.has(v.voterId))
        out.push({ field: `roll[${i}].voterId`, message: `voter ${v.voterId} is listed twice` });
      else seen.add(v.voterId);
    });
  }
  return out;
}

/**
 * What the log does not bind in the bundle and a person should look at: a counting start or a
 * time zone other than the setup entry's (a later `schedule` entry may have changed them; the
 * bundle does not carry it).
 */
function setupWarnings(b: StationBundle): string[] {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(b.setup.entry) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (entry.timeZone !== undefined && entry.timeZone !== b.timeZone)
    out.push(
      `time zone ${b.timeZone} is not the setup entry's (${String(entry.timeZone)}): check the election's schedule`,
    );
  if (entry.countingStartInstant !== undefined && entry.countingStartInstant !== b.countingStartInstant)
    out.push(
      `counting start ${b.countingStart} is not the setup entry's (${String(entry.countingStart)}): check the election's schedule`,
    );
  return out;
}

/** The log's signature and the setup entry's inclusion and text (findings; empty = good). */
function logFindings(b: StationBundle, pinned: string): BundleFinding[] {
  const key = fromHex(pinned, 'logKey');
  if (b.treeHead.logId !== b.electionId || !verifyTreeHead(b.treeHead, key))
    return [{ field: 'treeHead', message: 'not signed by the pinned log key for this election' }];
  let proof: Uint8Array[];
  let root: Uint8Array;
  try {
    proof = b.setupProof.map((h, i) => decodeLogHash(h, `setupProof[${i}]`));
    root = decodeLogHash(b.treeHead.rootHash, 'treeHead.rootHash');
  } catch (e) {
    return [{ field: 'setupProof', message: (e as Error).message }];
  }
  if (!verifyInclusion(leafHash(utf8Bytes(b.setup.entry)), 0, b.treeHead.treeSize, proof, root))
    return [{ field: 'setupProof', message: 'the setup entry is not entry 0 of the signed tree' }];
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(b.setup.entry) as Record<string, unknown>;
  } catch {
    return [{ field: 'setup.entry', message: 'not JSON' }];
  }
  const out: BundleFinding[] = [];
  if (entry.type !== 'setup' || entry.electionId !== b.electionId)
    out.push({ field: 'setup.entry', message: `not the setup entry of election ${b.electionId}` });
  if (typeof entry.logPublicKey !== 'string' || entry.logPublicKey.toUpperCase() !== pinned.toUpperCase())
    out.push({ field: 'setup.entry.logPublicKey', message: 'does not name the pinned log key' });
  if (canonicalJsonString(entry.manifest ?? null) !== canonicalJsonString(b.manifest))
    out.push({ field: 'manifest', message: 'is not the manifest of the setup entry' });
  else {
    try {
      const hM = toHex(manifestDigest(fromHex(String(entry.parameterHash), 'parameterHash'), b.manifest));
      if (String(entry.manifestHash).toUpperCase() !== hM)
        out.push({ field: 'setup.entry.manifestHash', message: 'is not the hash of the manifest' });
    } catch (e) {
      out.push({ field: 'setup.entry.parameterHash', message: (e as Error).message });
    }
  }
  return out;
}

/** The manifest's polling station of that label, with its ballot style. */
function stationFindings(b: StationBundle): BundleFinding[] {
  const stations = (b.manifest as { pollingStations?: unknown }).pollingStations;
  const st = Array.isArray(stations)
    ? (stations as { label?: unknown; ballotStyle?: unknown }[]).find(
        (s) => isObj(s) && s.label === b.station,
      )
    : undefined;
  if (st === undefined) return [{ field: 'station', message: `station ${b.station} is not in the manifest` }];
  const style = isObj(b.ballotStyle) ? b.ballotStyle.label : b.ballotStyle;
  if (style !== st.ballotStyle)
    return [
      {
        field: 'ballotStyle',
        message: `is not the manifest's style of station ${b.station} (${String(st.ballotStyle)})`,
      },
    ];
  return [];
}

/**
 * Checks a downloaded bundle.
 * @returns the findings (empty when the bundle is good), the pinned log key (upper-case hex)
 *   and warnings for a person to read
 */
export function checkBundle(
  bundle: unknown,
  want: BundleExpectations,
): { findings: BundleFinding[]; pinnedLogKey?: string; warnings?: string[] } {
  if (!isObj(bundle)) return { findings: [{ field: '(bundle)', message: 'a JSON object expected' }] };
  const shape = shapeFindings(bundle);
  if (shape.length > 0) return { findings: shape };
  const b = bundle as unknown as StationBundle;
  const out: BundleFinding[] = [];
  if (b.electionId !== want.electionId)
    out.push({ field: 'electionId', message: `${b.electionId}, not ${want.electionId}` });
  if (b.station !== want.station)
    out.push({ field: 'station', message: `${b.station}, not ${want.station}` });
  if (want.logKey !== undefined && want.logKey.toUpperCase() !== b.logPublicKey.toUpperCase())
    out.push({ field: 'logPublicKey', message: 'is not the log key given with --log-key' });
  const pinned = (want.logKey ?? b.logPublicKey).toUpperCase();
  if (b.stationKey === null)
    out.push({
      field: 'stationKey',
      message: 'no station key is registered for this station: the administrator must register it',
    });
  else if (b.stationKey.toUpperCase() !== want.stationKey.toUpperCase())
    out.push({ field: 'stationKey', message: 'the registered station key is not this station’s key' });
  if (out.length === 0) out.push(...logFindings(b, pinned), ...stationFindings(b));
  return { findings: out, pinnedLogKey: pinned, warnings: out.length === 0 ? setupWarnings(b) : [] };
}
