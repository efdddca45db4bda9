const P = 2n**255n - 19n, M = 2n**255n - 1n;
const rnd = () => { let x = 0n; for (let i=0;i<5;i++) x = (x<<52n) | BigInt(Math.floor(Math.random()*2**52)); return x % P; };
const xs = Array.from({length: 1024}, rnd);
function bench(name, f) { let acc = 0n; const n = 2_000_000; const t0 = performance.now(); for (let i = 0; i < n; i++) acc = f(xs[i & 1023], acc | 1n); const dt = performance.now() - t0; console.log(name, (dt*1e6/n).toFixed(0), 'ns', acc & 1n); }
bench('mod %', (a, b) => (a * b) % P);
bench('fold', (a, b) => { const t = a * b; const u = (t & M) + 19n * (t >> 255n); return (u & M) + 19n * (u >> 255n); });
bench('fold1', (a, b) => { const t = a * b; return (t & M) + 19n * (t >> 255n); });
bench('add', (a, b) => (a + b) % P);
bench('add-nomod', (a, b) => (a + b));
