import { buildApp } from '../dist/app.js';
import { setUpElection } from '../dist/testing/local-election.js';
import { prepareBallots } from '../dist/load/load-generator.js';
import { checkBallot } from '../dist/verify/ballot-check.js';
import { electionContext } from '../dist/verify/election-context.js';
import { contextData } from '../dist/ballots/cast.js';
const app = await buildApp({ dbPath: ':memory:', adminToken: 'evd_x', rateLimit: false });
const call = async (method, url, body, token) => { const r = await app.inject({ method, url, payload: body, headers: token ? { authorization: 'Bearer ' + token } : {} }); return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined }; };
const N = Number(process.argv[2] ?? 100);
let t0 = performance.now();
const el = await setUpElection(call, 'evd_x', { voters: N, options: 5 });
console.log('setup ms', (performance.now()-t0).toFixed(0));
t0 = performance.now();
const subs = prepareBallots(el, N);
console.log('prepare ms/ballot', ((performance.now()-t0)/N).toFixed(1));
const e = await app.evident.store.getElection(el.id);
const ctx = electionContext(contextData(e));
// clone subs to avoid cached decoded stuff? bytes come from JSON hex so fresh
const json = subs.map(s => JSON.stringify(s));
t0 = performance.now();
for (const j of json) { const r = checkBallot(ctx, JSON.parse(j), 'cast'); if (!r.digest) throw new Error(JSON.stringify(r)); }
console.log('checkBallot ms/ballot', ((performance.now()-t0)/N).toFixed(2));
await app.close();
