// Startup: a fresh Node process imports the package, runs loadPromokit() and loads a 1,000-offer
// catalog (pk.createEngine where it exists, else pk.validate). Each run is its own process, so
// every figure is a cold start. "promokit snapshot" loads the same catalog's pk.catalogSnapshot,
// made beforehand in another process and read from a file before the clock starts (as the
// catalog object is built before it); "promokit snapshot, one compile task" the same in a Node
// started with --wasm-num-compilation-tasks=1; "promokit/shopper" and "promokit/shopper snapshot"
// the same through the shopper module. Peers for context, also cold: sql.js (initSqlJs + a table of
// 1,000 rows in one transaction) and GrowthBook (an instance given 1,000 features).
//   node bench/js/startup.mjs [--runs N]       prints JSON of medians
//   node bench/js/startup.mjs --one <subject>  one measurement (used by the above)
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { makeCatalog } from './catalog.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const self = fileURLToPath(import.meta.url);

// The snapshot of the bench catalog for this package, made in a process of its own so the
// measured ones stay cold.
const snapshotFile = join(tmpdir(), `promokit-startup-snapshot-${process.pid}.bin`);
function makeSnapshot() {
  execFileSync(process.execPath, [self, '--make-snapshot', snapshotFile], { cwd: root });
}

// loadPromokit() then `load(pk)` in a fresh process, timed; `catalog` was made before the clock.
async function timePromokit(load, entry = 'dist/promokit.node.mjs') {
  const t0 = performance.now();
  const { loadPromokit } = await import(pathToFileURL(join(root, entry)).href);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const pk = await loadPromokit();
  const t2 = performance.now();
  const how = load(pk);
  const t3 = performance.now();
  // CPU time of the whole process (V8's compile threads included): less at the mercy of
  // other load than the wall clock.
  const c = process.cpuUsage(c1);
  return { import: t1 - t0, load: t2 - t1, catalog: t3 - t2, startup: t3 - t1, total: t3 - t0, cpu: (c.user + c.system) / 1000, how };
}

const SHOPPER = 'dist/shopper/promokit.node.mjs';
const subjects = {
  async promokit(entry) {
    const catalog = makeCatalog(1000);
    return timePromokit((pk) => {
      if (typeof pk.createEngine === 'function') {
        pk.createEngine(catalog, { now: 1767225600000 }).dispose();
        return 'createEngine';
      }
      const r = pk.validate('catalog', catalog);
      if (!r.ok) throw new Error(`the bench catalog is invalid: ${JSON.stringify(r.errors[0])}`);
      return 'validate';
    }, entry);
  },
  async 'promokit snapshot'(entry) {
    const file = readFileSync(process.env.PROMOKIT_SNAPSHOT);
    const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length);
    return timePromokit((pk) => {
      pk.createEngine(bytes, { now: 1767225600000 }).dispose();
      return `createEngine from a ${(bytes.length / 1024).toFixed(0)} KB snapshot`;
    }, entry);
  },
  async 'promokit/shopper'() {
    return subjects.promokit(SHOPPER);
  },
  async 'promokit/shopper snapshot'() {
    return subjects['promokit snapshot'](SHOPPER);
  },
  // The same in a Node started with --wasm-num-compilation-tasks=1 (SUBJECT_FLAGS): V8 then
  // compiles tier-ups on one worker thread at a time, which leaves a core to the main thread
  // on a two-core machine (BENCHMARKS.md, "Cold createEngine: the main thread waits").
  async 'promokit snapshot, one compile task'() {
    return subjects['promokit snapshot']();
  },
  async 'sql.js'() {
    const t0 = performance.now();
    const { default: initSqlJs } = await import('sql.js');
    const t1 = performance.now();
    const SQL = await initSqlJs();
    const t2 = performance.now();
    const db = new SQL.Database();
    db.run('CREATE TABLE offers (id TEXT PRIMARY KEY, doc TEXT)');
    const stmt = db.prepare('INSERT INTO offers VALUES (?, ?)');
    db.run('BEGIN');
    for (const o of makeCatalog(1000).offers) stmt.run([o.id, JSON.stringify(o)]);
    db.run('COMMIT');
    stmt.free();
    db.close();
    const t3 = performance.now();
    return { import: t1 - t0, load: t2 - t1, catalog: t3 - t2, startup: t3 - t1, total: t3 - t0, how: '1,000 rows' };
  },
  async growthbook() {
    const features = {};
    for (let i = 0; i < 1000; i++) features[`f${i}`] = { defaultValue: false, rules: [{ condition: { tier: 'gold' }, force: true }] };
    const t0 = performance.now();
    const { GrowthBook } = await import('@growthbook/growthbook');
    const t1 = performance.now();
    const gb = new GrowthBook({ attributes: { id: 'u1', tier: 'gold' } });
    const t2 = performance.now();
    await gb.setPayload({ features });
    gb.isOn('f999');
    gb.destroy();
    const t3 = performance.now();
    return { import: t1 - t0, load: t2 - t1, catalog: t3 - t2, startup: t3 - t1, total: t3 - t0, how: '1,000 features' };
  },
};

const SUBJECT_FLAGS = { 'promokit snapshot, one compile task': ['--wasm-num-compilation-tasks=1'] };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Median of `runs` cold starts of one subject, each field separately.
export function measure(subject, runs) {
  const samples = [];
  const env = { ...process.env, PROMOKIT_SNAPSHOT: snapshotFile };
  if (/^promokit(\/shopper)? snapshot/.test(subject)) makeSnapshot();
  const flags = SUBJECT_FLAGS[subject] || [];
  for (let i = 0; i < runs; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [...flags, self, '--one', subject], { cwd: root, encoding: 'utf8', env })));
  }
  rmSync(snapshotFile, { force: true });
  const out = { how: samples[0].how, runs };
  for (const k of ['import', 'load', 'catalog', 'startup', 'total', 'cpu']) {
    if (samples[0][k] !== undefined) out[k] = median(samples.map((s) => s[k]));
  }
  return out;
}

if (process.argv[1] === self) {
  const one = process.argv.indexOf('--one');
  const make = process.argv.indexOf('--make-snapshot');
  if (make > 0) {
    const { loadPromokit } = await import(pathToFileURL(join(root, 'dist/promokit.node.mjs')).href);
    const pk = await loadPromokit();
    writeFileSync(process.argv[make + 1], pk.catalogSnapshot(makeCatalog(1000)));
  } else if (one > 0) {
    process.stdout.write(JSON.stringify(await subjects[process.argv[one + 1]]()));
  } else {
    const r = process.argv.indexOf('--runs');
    const runs = r > 0 ? Number(process.argv[r + 1]) : 11;
    const out = {};
    for (const s of Object.keys(subjects)) out[s] = measure(s, runs);
    process.stdout.write(JSON.stringify(out));
  }
}
