import { ristretto255 } from '@noble/curves/ed25519.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
const P = ristretto255.Point;
const L = P.Fn.ORDER;
const rnd = () => { let x = 0n; for (let i=0;i<4;i++) x = (x<<64n) | BigInt(Math.floor(Math.random()*2**52)); return x % L; };
const pts = Array.from({length: 2000}, () => P.BASE.multiply(rnd()+1n));
const bytes = pts.map(p => p.toBytes());
function time(name, n, f) { const t0=performance.now(); for (let i=0;i<n;i++) f(i); const dt=(performance.now()-t0)/n; console.log(name, (dt*1000).toFixed(2), 'µs'); return dt; }
time('decode', 2000, i => P.fromBytes(bytes[i]));
time('encode', 2000, i => pts[i].toBytes());
time('add', 20000, i => pts[i%2000].add(pts[(i+1)%2000]));
const ep = pts.map(p => p.ep ?? p);
console.log('has ep', !!pts[0].ep, Object.keys(pts[0]));
time('ep.add', 20000, i => ep[i%2000].add(ep[(i+1)%2000]));
time('ep.double', 20000, i => ep[i%2000].double());
time('multiplyUnsafe', 300, i => pts[i].multiplyUnsafe(rnd()));
time('multiply', 300, i => pts[i].multiply(rnd()+1n));
for (const n of [40, 200, 1000, 2000]) {
  const sc = Array.from({length:n}, rnd);
  const dt = time('pippenger '+n, 3, () => pippenger(P, pts.slice(0,n), sc));
  console.log('  per point µs', (dt*1000/n).toFixed(1));
}
const a = rnd(), b = rnd(); const p = 2n**255n-19n;
time('bigint mulmod', 200000, () => (a*b)%p);
