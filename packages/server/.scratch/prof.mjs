// summarize a .cpuprofile: self time by function, and inclusive time for chosen function names
import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const files = readdirSync(dir).filter(f => f.endsWith('.cpuprofile'));
for (const f of files) {
  const p = JSON.parse(readFileSync(dir + '/' + f));
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map(); // self samples
  const counts = new Map();
  for (let i = 0; i < p.samples.length; i++) counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const self = new Map(); const incl = new Map();
  let total = 0;
  for (const [id, t] of counts) {
    total += t;
    const n = byId.get(id);
    const key = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-2).join('/') + ':' + n.callFrame.lineNumber;
    self.set(key, (self.get(key) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const m = byId.get(cur); const k = m.callFrame.functionName + ' ' + m.callFrame.url.split('/').slice(-2).join('/');
      if (seen.has(k)) continue; seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  console.log('==', f, 'total ms', (total/1000).toFixed(0));
  console.log('-- self top');
  for (const [k, t] of [...self].sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[3] ?? 25))) console.log((t/1000).toFixed(0).padStart(7), (100*t/total).toFixed(1).padStart(5)+'%', k);
  console.log('-- inclusive top');
  for (const [k, t] of [...incl].sort((a,b)=>b[1]-a[1]).slice(0, Number(process.argv[4] ?? 40))) console.log((t/1000).toFixed(0).padStart(7), (100*t/total).toFixed(1).padStart(5)+'%', k);
}
