// The wasm half of bench/ranking/run.sh: the speed targets of issue 5 through the JS API of the
// built dist/ under Node, on the workload bench_ranking_speed --write made (the same catalogs,
// model, profile and events as the native half). Times are process CPU time per call; p50/p90.
// Usage: node bench/ranking/wasm.mjs DIR [--smoke]
import { pk, smoke, reader } from '../wasm-lib.mjs';

const read = reader(process.argv[2]);
const now = JSON.parse(read('now.json'));
const profile = JSON.parse(read('profile.json'));
const events = JSON.parse(read('events.json'));

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
function timeRuns(runs, fn) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuUs();
    fn(i);
    t.push(cpuUs() - t0);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor((t.length - 1) * 0.5)], p90: t[Math.floor((t.length - 1) * 0.9)] };
}
const rows = [];
const row = (name, { p50, p90 }, budgetUs, unit = 'ms') => {
  const f = (us) => (unit === 'ms' ? `${(us / 1000).toFixed(3)} ms` : `${us.toFixed(2)} µs`);
  const budget = budgetUs === null ? '—' : unit === 'ms' ? `${budgetUs / 1000} ms` : `${budgetUs} µs`;
  const verdict = budgetUs === null ? '' : p50 <= budgetUs ? 'met' : 'MISSED';
  rows.push(`| ${name} | ${f(p50)} | ${p90 === undefined ? '—' : f(p90)} | ${budget} | ${verdict} |`);
};

let top20 = 0;
for (const n of [1000, 10000]) {
  const catalog = JSON.parse(read(`catalog-${n}.json`));
  const rec = pk.ranking.createRecommender(catalog, { zone: 'Asia/Shanghai', seed: 'bench' });
  rec.setProfile(profile);
  rec.track(events);
  let got = 0;
  const runs = smoke ? (n > 1000 ? 10 : 50) : 400;
  for (let i = 0; i < Math.min(runs, 30); i++) got += rec.recommend({ limit: 20, seed: 'bench', now: now + i * 1000 }).length; // tier-up
  const t = timeRuns(runs, (i) => { got += rec.recommend({ limit: 20, seed: 'bench', now: now + i * 1000 }).length; });
  if (n === 1000) top20 = t.p50;
  row(`recommend top 20 of ${n.toLocaleString('en')} offers (wasm, JSON out)`, t, n === 1000 ? 500 : 5000);
  if (!got) throw new Error('recommend returned nothing');
  rec.dispose();
}
// track() of one event, steady state: rounds of n events (fresh ids each round); the first
// round of the process also measures V8 tiering the JS layer and the wasm functions up (in
// background threads that process CPU time counts), so it is printed on its own row and the
// figure is the median of the rounds after it: one round slowed by other load on the machine
// does not move a median. Events name offers round the 1,000-offer catalog.
function trackRows(label, target) {
  const n = smoke ? 5000 : 20000;
  const types = ['view', 'click', 'claim', 'redeem', 'purchase', 'dismiss', 'share'];
  const rounds = [];
  // Every round's events are made before any is timed: made between rounds, the young objects
  // were copied by the garbage collector during the timed loop, and that was counted.
  const lists = Array.from({ length: smoke ? 3 : 10 }, (_, round) =>
    Array.from({ length: n }, (_, i) => ({ id: `r${round}-${i}`, type: types[i % 7], offerId: `o${(i * 13) % 1000}`, time: now + (round * n + i) * 1000 })),
  );
  for (const list of lists) {
    const t0 = cpuUs();
    for (const e of list) target.track(e);
    rounds.push((cpuUs() - t0) / n);
  }
  const after = rounds.slice(1).sort((a, b) => a - b);
  const steady = after[Math.floor((after.length - 1) / 2)];
  const shown = rounds.map((x) => x.toFixed(2)).join(', ');
  row(`${label} one event (median of ${after.length} rounds of ${n.toLocaleString('en')} after the first; plain events cross packed to a raw export)`, { p50: steady, p90: after[Math.floor((after.length - 1) * 0.9)] }, 2, 'µs');
  row(`${label} one event, the first ${n.toLocaleString('en')} of the process (tier-up included; all rounds: ${shown} µs)`, { p50: rounds[0] }, null, 'µs');
  target.dispose();
}
{
  const rec = pk.ranking.createRecommender(JSON.parse(read('catalog-1000.json')), { zone: 'Asia/Shanghai' });
  rec.setProfile({ id: 'u1' });
  trackRows('recommender.track()', rec);
  // The engine learns the same way from its events, and also keeps every event id (idempotence).
  const engine = pk.createEngine(JSON.parse(read('catalog-1000.json')), { now, zone: 'Asia/Shanghai' });
  engine.setProfile({ id: 'u1' });
  trackRows('engine.track()', engine);
}
{
  const text = read('model-2p20.json');
  const doc = JSON.parse(text);
  const t = timeRuns(smoke ? 3 : 15, () => pk.ranking.createRecommender(doc, { zone: 'Asia/Shanghai' }).dispose());
  row(`load a model of 2^20 weights (createRecommender over a 10-offer catalog carrying it, ${(text.length / 1e6).toFixed(1)} MB JSON)`, t, 20000);
}
console.log(`ranking (wasm release, Node ${process.version}, CPU time per call)`);
console.log('| operation | p50 | p90 | budget | |\n|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`${smoke ? 'smoke' : 'bench'}: ranking speed, wasm top 20 of 1,000 in ${(top20 / 1000).toFixed(3)} ms (p50)`);
