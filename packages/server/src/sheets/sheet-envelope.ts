/**
 * The envelope of a submitted tally sheet (spec/stations.md §9, check 5): `{sheet, signature,
 * witnesses}` exactly, signatures and keys as hex. The sheet inside is judged by the record's
 * one rule list (`checkTallySheet`, checks 8–9), as the station and the verifier judge it.
 * @module
 */
import { MAX_SHEET_TEXT, type SheetProblem } from '@evident/record';

type Json = Record<string, unknown>;

/** Hex of `digits` digits, either case (the board writes it in upper case). */
const isHex = (v: unknown, digits: number): boolean =>
  typeof v === 'string' && v.length === digits && /^[0-9A-Fa-f]*$/.test(v);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_SHEET_TEXT;

/** Exactly these members, else the first extra or missing one. */
function members(o: Json, keys: readonly string[], at: string): SheetProblem | undefined {
  for (const k of keys) if (!(k in o)) return { field: `${at}.${k}`, message: 'missing' };
  for (const k of Object.keys(o))
    if (!keys.includes(k)) return { field: `${at}.${k.slice(0, 64)}`, message: 'not a member of the format' };
  return undefined;
}

/** The envelope: `{sheet, signature, witnesses}` with hex signatures; the sheet an object. */
export function checkEnvelope(signed: unknown): SheetProblem | undefined {
  const at = 'signed';
  if (!isObj(signed)) return { field: at, message: 'expected an object {sheet, signature, witnesses}' };
  const m = members(signed, ['sheet', 'signature', 'witnesses'], at);
  if (m) return m;
  if (!isObj(signed.sheet)) return { field: `${at}.sheet`, message: 'expected an object' };
  if (!isHex(signed.signature, 128))
    return { field: `${at}.signature`, message: 'expected 128 hex digits (an Ed25519 signature)' };
  if (!Array.isArray(signed.witnesses) || signed.witnesses.length > 32)
    return { field: `${at}.witnesses`, message: 'expected an array of at most 32 co-signatures' };
  for (const [i, w] of signed.witnesses.entries()) {
    const wat = `${at}.witnesses[${i}]`;
    if (!isObj(w)) return { field: wat, message: 'expected {name, publicKey, signature}' };
    const wm = members(w, ['name', 'publicKey', 'signature'], wat);
    if (wm) return wm;
    if (!isText(w.name)) return { field: `${wat}.name`, message: 'expected a name' };
    if (!isHex(w.publicKey, 64)) return { field: `${wat}.publicKey`, message: 'expected 64 hex digits' };
    if (!isHex(w.signature, 128)) return { field: `${wat}.signature`, message: 'expected 128 hex digits' };
  }
  return undefined;
}
