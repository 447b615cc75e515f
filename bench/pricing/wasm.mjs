// Pricing and eligibility in wasm (the built dist/ under Node) on the scenario bench_pricing
// wrote: eligibility of 1,000 offers for one profile (engine.eligibleIds, and offers() with the
// card text), and the best combination for a 50-line cart with 200 candidate offers
// (engine.priceCart). Median process CPU time per call against issue 4's budgets.
// Usage: node bench/pricing/wasm.mjs DIR [--smoke]
import { pk, smoke, reader } from '../wasm-lib.mjs';

const read = reader(process.argv[2]);

function medianUs(reps, fn) {
  const t = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    t.push(c.user + c.system);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const NOW = Date.UTC(2026, 0, 6, 4, 0); // Tuesday 12:00 in Shanghai, inside the scenario's windows
const reps = smoke ? 20 : 300;
const elig = pk.createEngine(read('eligibility-catalog.json'), { now: NOW, zone: 'Asia/Shanghai' }).setProfile(read('profile.json'));
const pricing = pk.createEngine(read('pricing-catalog.json'), { now: NOW, zone: 'Asia/Shanghai' });
const cart = read('cart.json');
for (let i = 0; i < 20; i++) { elig.eligibleIds(); pricing.priceCart(cart); } // tier-up first
const eligible = elig.eligibleIds().length;
const r = pricing.priceCart(cart);
const rows = [
  ['eligibility, 1,000 offers, one profile (eligibleIds)', medianUs(reps, () => elig.eligibleIds()), 500, `${eligible} eligible`],
  ['the same with card text (offers())', medianUs(Math.max(5, reps / 10), () => elig.offers()), null, ''],
  ['best combination, 50 lines x 200 offers (priceCart)', medianUs(reps, () => pricing.priceCart(cart)), 1000, `total ${r.total} of ${r.subtotal}, ${r.applied.length} applied`],
];
console.log(`pricing (wasm release, Node ${process.version}, median CPU time of ${reps} calls)`);
console.log('| case | time | budget | ratio to budget | result |\n|---|---|---|---|---|');
for (const [name, us, budget, note] of rows)
  console.log(`| ${name} | ${(us / 1000).toFixed(3)} ms | ${budget ? `${budget / 1000} ms` : '-'} | ${budget ? (us / budget).toFixed(2) + 'x' : '-'} | ${note} |`);
elig.dispose();
pricing.dispose();
if (smoke) console.log('smoke: pricing wasm bench ran');
