// The full differential test (issue 3): 100,000 seeded random JsonLogic rules and documents
// through pk.jsonLogic.apply and json-logic-js; exits non-zero on any mismatch.
// Usage: node bench/rules/differential.mjs [--count N] [--seed S]
import jsonLogic from 'json-logic-js';
import { pk } from '../../tests/js/load-dist.mjs';
import { differential } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const count = opt('--count', 100000);
const seed = opt('--seed', 1);
const start = performance.now();
const res = differential((r, d) => jsonLogic.apply(r, d), (r, d) => pk.jsonLogic.apply(r, d), { seed, count, keep: 10 });
const seconds = ((performance.now() - start) / 1000).toFixed(1);
for (const m of res.mismatches.filter(Boolean)) {
  console.log(`mismatch: ${JSON.stringify(m.rule)} on ${JSON.stringify(m.data)}\n  json-logic-js: ${String(m.a)}\n  promokit:      ${String(m.b)}`);
}
console.log(`differential: ${res.total} cases (seed ${seed}), ${res.threw} threw in both, ${res.mismatches.length} mismatches, ${seconds} s`);
process.exit(res.mismatches.length === 0 ? 0 : 1);
