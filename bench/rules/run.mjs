// The targeting benchmark (issue 3): 8 typical rules × seeded generated profiles, every
// contender in this one run: promokit ProfileSet in wasm, promokit native (bench_rules, a child
// process), promokit jsonLogic.apply one profile at a time, json-logic-js, json-logic-engine
// (compiled with build) and hand-written JS closures. All contenders must agree on every count.
// Usage: node bench/rules/run.mjs [--smoke] [--profiles N] [--native path/to/bench_rules]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { pk } from '../../tests/js/load-dist.mjs';
import { makeProfiles, NOW, TARGETING_RULES } from './workload.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const n = Number(opt('--profiles', smoke ? 5000 : 100000));
const minSeconds = smoke ? 0.05 : 0.5;
const nativeBin = opt('--native', null);

// Runs fn (one pass over all profiles) until minSeconds of this process's CPU time have passed;
// returns evaluations per CPU second. CPU time, not wall time: the machine is shared, and wall
// time would mostly measure the neighbours.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
function rate(fn, evalsPerCall) {
  let calls = 0;
  const start = cpuSeconds();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = cpuSeconds() - start;
  } while (elapsed < minSeconds);
  return (calls * evalsPerCall) / elapsed;
}

const profiles = makeProfiles(n, 42);
const engine = new LogicEngine();
const set = pk.createProfileSet(profiles);
const results = [];

for (const rule of TARGETING_RULES) {
  const compiled = pk.compileRule(rule.text, { fields: null });  // the workload has an age field
  const built = engine.build(rule.logic);
  const counts = {};
  const row = { name: rule.name };

  row.closures = rate(() => {
    let c = 0;
    for (const p of profiles) if (rule.js(p)) c++;
    counts.closures = c;
  }, n);
  row.engine = rate(() => {
    let c = 0;
    for (const p of profiles) if (built(p)) c++;
    counts.engine = c;
  }, n);
  row.jsonLogicJs = rate(() => {
    let c = 0;
    for (const p of profiles) if (jsonLogic.truthy(jsonLogic.apply(rule.logic, p))) c++;
    counts.jsonLogicJs = c;
  }, n);
  // One profile at a time through the JS boundary: a sample of the profiles, timed the same way.
  const sample = profiles.slice(0, Math.min(n, smoke ? 500 : 5000));
  row.pkApply = rate(() => {
    let c = 0;
    for (const p of sample) if (pk.jsonLogic.truthy(pk.jsonLogic.apply(rule.logic, p))) c++;
    counts.pkApplySample = c;
  }, sample.length);
  counts.closuresSample = sample.filter(rule.js).length;
  row.wasmSet = rate(() => {
    counts.wasmSet = set.count(compiled, { now: NOW });
  }, n);
  compiled.dispose();

  const agree = counts.closures === counts.engine && counts.closures === counts.jsonLogicJs && counts.closures === counts.wasmSet &&
    counts.pkApplySample === counts.closuresSample;
  if (!agree) throw new Error(`contenders disagree on ${rule.name}: ${JSON.stringify(counts)}`);
  row.count = counts.closures;
  results.push(row);
}
set.dispose();

// Native: the same profiles and rules through bench_rules (ProfileSet::count and Rule::matches).
if (nativeBin && existsSync(nativeBin)) {
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-rules-'));
  try {
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify(profiles));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(TARGETING_RULES.map(({ name, text }) => ({ name, text }))));
    const out = execFileSync(nativeBin, [join(dir, 'profiles.json'), join(dir, 'rules.json'), String(NOW), String(minSeconds)], {
      encoding: 'utf8', maxBuffer: 1 << 24,
    });
    out.trim().split('\n').forEach((line, i) => {
      const r = JSON.parse(line);
      if (r.count !== results[i].count) throw new Error(`native disagrees on ${r.rule}: ${r.count} vs ${results[i].count}`);
      results[i].nativeSet = r.setEvalsPerSec;
      results[i].nativeMatches = r.matchesEvalsPerSec;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const M = (x) => (x === undefined ? '-' : (x / 1e6).toFixed(x < 1e6 ? 3 : 1));
const cols = [
  ['wasmSet', 'pk set wasm'], ['nativeSet', 'pk set native'], ['nativeMatches', 'pk matches native'], ['pkApply', 'pk apply (JS)'],
  ['jsonLogicJs', 'json-logic-js'], ['engine', 'json-logic-engine'], ['closures', 'JS closures'],
];
console.log(`targeting rules × ${n} profiles — millions of evaluations per CPU second${smoke ? ' (smoke)' : ''}`);
console.log(['rule'.padEnd(28), 'matches'.padStart(8), ...cols.map(([, h]) => h.padStart(18))].join(' '));
for (const r of results) console.log([r.name.padEnd(28), String(r.count).padStart(8), ...cols.map(([k]) => M(r[k]).padStart(18))].join(' '));
// Whole workload: total evaluations over total time (harmonic mean of the per-rule rates).
const total = (k) => (results.every((r) => r[k]) ? results.length / results.reduce((s, r) => s + 1 / r[k], 0) : undefined);
const all = Object.fromEntries(cols.map(([k]) => [k, total(k)]));
console.log(['all 8 rules'.padEnd(28), ''.padStart(8), ...cols.map(([k]) => M(all[k]).padStart(18))].join(' '));
const ratio = (a, b) => (all[a] && all[b] ? (all[a] / all[b]).toFixed(2) + '×' : '-');
console.log(`ratios (all 8 rules): wasm set / JS closures ${ratio('wasmSet', 'closures')} (target ≥ 2×), ` +
  `/ json-logic-engine ${ratio('wasmSet', 'engine')} (≥ 3×), / json-logic-js ${ratio('wasmSet', 'jsonLogicJs')} (≥ 40×), ` +
  `native set / wasm set ${ratio('nativeSet', 'wasmSet')} (wasm within 1.5× of native)`);
console.log(`bench: rules ok (${results.length} rules, ${n} profiles, all contenders agree)`);
