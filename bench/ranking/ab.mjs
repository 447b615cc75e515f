// A/B of two builds of the package on issue 5's wasm speed targets, in one process: blocks of
// recommend (top 20 of 1,000 offers) and track() run in turn for each package, so both see the
// same machine load (this machine's noise between separate runs is larger than the changes).
// Usage: node bench/ranking/ab.mjs DIR DIST_A DIST_B   (DIR from bench_ranking_speed --write;
// a DIST is a folder holding promokit.node.mjs, e.g. dist/ or a copy of an older one)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [dir, ...dists] = process.argv.slice(2);
if (!dir || dists.length < 2) throw new Error('usage: node bench/ranking/ab.mjs DIR DIST_A DIST_B');
const read = (f) => readFileSync(resolve(dir, f), 'utf8');
const now = JSON.parse(read('now.json'));
const catalog = JSON.parse(read('catalog-1000.json'));
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)];

const sides = [];
for (const d of dists) {
  const { loadPromokit } = await import(resolve(d, 'promokit.node.mjs'));
  const pk = await loadPromokit();
  const rec = pk.ranking.createRecommender(catalog, { zone: 'Asia/Shanghai', seed: 'bench' });
  rec.setProfile(JSON.parse(read('profile.json')));
  rec.track(JSON.parse(read('events.json')));
  const tracker = pk.ranking.createRecommender(catalog, { zone: 'Asia/Shanghai' });
  tracker.setProfile({ id: 'u1' });
  const engine = pk.createEngine(catalog, { now, zone: 'Asia/Shanghai' });
  engine.setProfile({ id: 'u1' });
  sides.push({ d, rec, tracker, engine, recommend: [], track: [], engineTrack: [] });
}
const types = ['view', 'click', 'claim', 'redeem', 'purchase', 'dismiss', 'share'];
const blocks = 12, warm = 4, n = 20000;
for (let block = 0; block < blocks; block++) {
  for (const s of sides) {
    const t = [];
    for (let i = 0; i < 100; i++) {
      const t0 = cpuUs();
      s.rec.recommend({ limit: 20, seed: 'bench', now: now + i * 1000 });
      t.push(cpuUs() - t0);
    }
    s.recommend.push(median(t));
    const events = Array.from({ length: n }, (_, i) => ({ id: `b${block}-${i}`, type: types[i % 7], offerId: `o${(i * 13) % 1000}`, time: now + (block * n + i) * 1000 }));
    let t0 = cpuUs();
    for (const e of events) s.tracker.track(e);
    s.track.push((cpuUs() - t0) / n);
    t0 = cpuUs();
    for (const e of events) s.engine.track(e);
    s.engineTrack.push((cpuUs() - t0) / n);
  }
}
console.log(`ranking A/B, ${blocks - warm} blocks after ${warm} warm-up blocks (CPU time; medians of block figures)`);
console.log('| package | recommend top 20 of 1,000 (p50 of 100) | recommender.track() one event (mean of 20,000) | engine.track() one event |\n|---|---|---|---|');
for (const s of sides) {
  const figure = (list) => median(list.slice(warm)).toFixed(2);
  console.log(`| ${s.d} | ${(median(s.recommend.slice(warm)) / 1000).toFixed(3)} ms | ${figure(s.track)} µs | ${figure(s.engineTrack)} µs |`);
}
