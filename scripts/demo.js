#!/usr/bin/env node
// Placeholder demo (issue 2): an in-process encrypt → tally → decrypt with one key.
// Replaced by the full election demo (issue 4).
import {
  ristretto,
  randomScalar,
  publicKey,
  encrypt,
  sum,
  decryptToPower,
  discreteLog,
  proveRange,
  verifyRange,
  parameterBaseHash,
} from '../packages/e2e-crypto/dist/index.js';

const G = ristretto;
const s = randomScalar(G.q);
const pk = publicKey(G, G.gExp(s));
const hE = parameterBaseHash(G);
const votes = Array.from({ length: 200 }, () => (Math.random() < 0.4 ? 1 : 0));
const cts = votes.map((v) => {
  const xi = randomScalar(G.q);
  const ct = encrypt(G, pk, v, xi);
  const proof = proveRange(G, hE, pk, ct, v, xi, 1);
  if (!verifyRange(G, hE, pk, ct, 1, proof)) throw new Error('proof failed');
  return ct;
});
const total = discreteLog(G, pk.K, votes.length)(decryptToPower(G, s, sum(G, cts)));
console.log(
  `ballots: ${votes.length}, yes votes counted from the encrypted tally: ${total}, expected: ${votes.reduce((a, b) => a + b, 0)}`,
);
