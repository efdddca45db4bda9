/**
 * Evident's own known-answer vectors for the ristretto255 profile (spec/vectors/ristretto255/),
 * computed from fixed inputs and nonces. `npm run vectors:ristretto` (UPDATE_VECTORS=1) rewrites the
 * file; the test checks that the code still reproduces it byte for byte.
 */
import {
  ristretto,
  parameterBaseHash,
  manifestHash,
  baseHash,
  extendedBaseHash,
  publicKey,
  encrypt,
  proveRange,
  proveSchnorr,
  proveChaumPedersen,
  hashedEncrypt,
  contestDataContext,
  selectionNonce,
  contestHash,
  confirmationCode,
  H,
  domain,
  int4,
  toHex,
  utf8Bytes,
  hashToScalar,
} from '../src/index.js';

const G = ristretto;
/** Deterministic "random" scalars for the vectors: hashToScalar of a label. */
const fixed = (label: string): bigint => hashToScalar(G, H(new Uint8Array(32), utf8Bytes(label)));
const hex = (x: bigint): string => x.toString(16).toUpperCase().padStart(64, '0');
const el = (x: Parameters<typeof G.encode>[0]): string => toHex(G.encode(x));

/** Computes every vector from its fixed inputs. */
export function computeRistrettoVectors(): Record<string, unknown> {
  const hP = parameterBaseHash(G);
  const manifest = utf8Bytes('{"name":"vector election"}');
  const hM = manifestHash(hP, manifest);
  const hB = baseHash(hP, hM, 5, 3);
  const s = fixed('secret key s');
  const K = G.gExp(s);
  const hE = extendedBaseHash(G, hB, K);
  const pk = publicKey(G, K);

  const ballotNonce = fixed('ballot nonce');
  const xi = selectionNonce(G, hE, ballotNonce, 1, 2);
  const ct = encrypt(G, pk, 1, xi);
  const range = proveRange(G, hE, pk, ct, 1, xi, 1, {
    u: [fixed('u0'), fixed('u1')],
    c: [fixed('c0'), fixed('c1')],
  });

  const a = fixed('coefficient a_1,0');
  const A = G.gExp(a);
  const schnorr = proveSchnorr(
    G,
    a,
    (h) => H(hP, domain(0x10), int4(1), int4(0), G.encode(A), G.encode(h)),
    fixed('schnorr u'),
  );

  const M = G.exp(ct.alpha, s);
  const cp = proveChaumPedersen(
    G,
    { g1: G.g, X1: K, g2: ct.alpha, X2: M },
    s,
    (ca, cb) =>
      H(
        hE,
        domain(0x30),
        G.encode(K),
        G.encode(ct.alpha),
        G.encode(ct.beta),
        G.encode(ca),
        G.encode(cb),
        G.encode(M),
      ),
    fixed('cp u'),
  );
  const data = new Uint8Array(32);
  data.set(utf8Bytes('undervote'));
  const hashed = hashedEncrypt(G, hE, pk, data, fixed('contest data nonce'), contestDataContext(1));
  const chi = contestHash(G, hE, 1, K, [ct]);
  const code = confirmationCode(hE, [chi], utf8Bytes('device-1'));

  return {
    description:
      'Evident ristretto255 profile known-answer vectors (spec/crypto.md §10). Scalars are hex big-endian; elements are RFC 9496 encodings; hashes are hex.',
    profile: G.name,
    version: G.version,
    parameter_base_hash: toHex(hP),
    manifest: '{"name":"vector election"}',
    manifest_hash: toHex(hM),
    base_hash: { n: 5, k: 3, expected: toHex(hB) },
    secret_key: hex(s),
    public_key: el(K),
    extended_base_hash: toHex(hE),
    selection_nonce: { ballot_nonce: hex(ballotNonce), ind_c: 1, ind_o: 2, expected: hex(xi) },
    encryption: { vote: 1, nonce: hex(xi), alpha: el(ct.alpha), beta: el(ct.beta) },
    range_proof: {
      R: 1,
      u: [hex(fixed('u0')), hex(fixed('u1'))],
      c_nonces: [hex(fixed('c0')), hex(fixed('c1'))],
      a: range.a!.map(el),
      b: range.b!.map(el),
      c: range.c.map(hex),
      v: range.v.map(hex),
    },
    schnorr: {
      i: 1,
      j: 0,
      secret: hex(a),
      public: el(A),
      u: hex(fixed('schnorr u')),
      h: el(schnorr.h!),
      v: hex(schnorr.v),
    },
    chaum_pedersen: { M: el(M), u: hex(fixed('cp u')), a: el(cp.a!), b: el(cp.b!), v: hex(cp.v) },
    hashed_elgamal: {
      ind_c: 1,
      data: toHex(data),
      nonce: hex(fixed('contest data nonce')),
      c0: el(hashed.c0),
      c1: toHex(hashed.c1),
      c2: toHex(hashed.c2),
    },
    contest_hash: toHex(chi),
    confirmation_code: { b_aux: toHex(utf8Bytes('device-1')), expected: toHex(code) },
  };
}
