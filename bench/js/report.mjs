// Prints the JS layer's benchmark table (bench/js/run.sh): sizes against the budgets and the
// peers, cold startup against the budget and the peers, the memory soak.
//   node bench/js/report.mjs [--smoke]
import { measureSizes } from './sizes.mjs';
import { measure } from './startup.mjs';
import { soak } from './soak.mjs';

const smoke = process.argv.includes('--smoke');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;

const s = measureSizes();
console.log('| artifact | raw | gzip | brotli | budget |');
console.log('|---|---|---|---|---|');
console.log(`| promokit.wasm (release, full) | ${kb(s.wasm.raw)} | ${kb(s.wasm.gzip)} | ${kb(s.wasm.brotli)} | ≤ 256 KB raw, ≤ 100 KB brotli |`);
console.log(`| shopper/promokit.wasm (release, shopper) | ${kb(s.shopper.raw)} | ${kb(s.shopper.gzip)} | ${kb(s.shopper.brotli)} | ≤ 256 KB raw, ≤ 100 KB brotli |`);
for (const [f, z] of Object.entries(s.glue)) console.log(`| ${f.replace('dist/', '')} (minified) | ${kb(z.raw)} | ${kb(z.gzip)} | ${kb(z.brotli)} | ≤ 40 KB gzip |`);
for (const [f, z] of Object.entries(s.peers)) console.log(`| peer: ${f} | ${kb(z.raw)} | ${kb(z.gzip)} | ${kb(z.brotli)} | |`);
const gb = s.peers['GrowthBook JS SDK (index.min.js)'].gzip;
const glue = s.glue['dist/promokit.browser.mjs'].gzip;
const shopperGlue = s.glue['dist/shopper/promokit.browser.mjs'].gzip;
console.log(`\nbrowser download (glue gzip + wasm brotli): ${kb(glue + s.wasm.brotli)} full, ${kb(shopperGlue + s.shopper.brotli)} shopper; GrowthBook JS SDK gzip ${kb(gb)} (×${((glue + s.wasm.brotli) / gb).toFixed(1)}, ×${((shopperGlue + s.shopper.brotli) / gb).toFixed(1)})`);
console.log(`mini program package share (index.js + promokit.wasm.br): ${kb(s.miniprogram)} of 2048 KB (${((s.miniprogram / 2048 / 1024) * 100).toFixed(1)} %)`);

const runs = smoke ? 3 : 11;
console.log(`\ncold start, median of ${runs} fresh processes each:\n`);
console.log('| subject | import | instantiate | 1,000 items | instantiate + items | budget |');
console.log('|---|---|---|---|---|---|');
const results = {};
for (const subject of ['promokit', 'promokit snapshot', 'promokit snapshot, one compile task', 'promokit/shopper', 'promokit/shopper snapshot', 'sql.js', 'growthbook']) {
  const r = (results[subject] = measure(subject, runs));
  console.log(`| ${subject} (${r.how}) | ${ms(r.import)} | ${ms(r.load)} | ${ms(r.catalog)} | ${ms(r.startup)} | ${subject.startsWith('promokit') ? '≤ 30 ms' : ''} |`);
}
const ratio = (peer) => (results.promokit.startup / results[peer].startup).toFixed(2);
console.log(`promokit's startup ÷ peer's: sql.js ${ratio('sql.js')}, GrowthBook ${ratio('growthbook')}`);
console.log(`promokit instantiate + catalog, process CPU time (all threads): ${ms(results.promokit.cpu)}`);

const calls = smoke ? 20_000 : 1_000_000;
const k = soak(calls);
console.log(`\nsoak: ${calls.toLocaleString('en')} API calls, heap bounded, ${k.seconds.toFixed(1)} s (${k.callsPerSecond.toLocaleString('en')} calls/s)`);
console.log(`${smoke ? 'smoke' : 'bench'}: js ${smoke ? 'smoke ' : ''}run complete`);
