// Cold createEngine, where its wall time goes: each run is a fresh process that loads a package
// and creates an engine over the 1,000-offer catalog of startup.mjs (the object, or its
// pk.catalogSnapshot read from a file before the clock). Besides the wall time it reads the main
// thread's own CPU time and run-queue wait (Linux: /proc/thread-self/schedstat), and the whole
// process's CPU over the call and until 400 ms after it: V8 compiles wasm tier-ups on worker
// threads, and on a small machine those compete with the main thread.
//   node bench/js/cold-create.mjs [--runs N] [--input snapshot|object] [--node-flags "F ..."] DIST...
// Packages alternate run by run (DIST defaults to dist); prints medians with quartiles. "load" is
// the import plus loadPromokit().
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCatalog } from './catalog.mjs';

const self = fileURLToPath(import.meta.url);
const NOW = 1767225600000;

async function loadFrom(dist) {
  const { loadPromokit } = await import(pathToFileURL(join(dist, 'promokit.node.mjs')).href);
  return loadPromokit;
}

// One cold measurement in this process.
async function one(dist, input, snapshotFile) {
  let catalog;
  if (input === 'snapshot') {
    const f = readFileSync(snapshotFile);
    catalog = new Uint8Array(f.buffer, f.byteOffset, f.length);
  } else {
    catalog = makeCatalog(1000);
  }
  const sched = () => readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map((n) => Number(n) / 1e6);
  const t0 = performance.now();
  const pk = await (await loadFrom(dist))();
  const t1 = performance.now();
  const [run0, wait0] = sched();
  const c0 = process.cpuUsage();
  const t2 = performance.now();
  const engine = pk.createEngine(catalog, { now: NOW });
  const t3 = performance.now();
  const [run1, wait1] = sched();
  const c1 = process.cpuUsage(c0);
  await new Promise((r) => setTimeout(r, 400));
  const c2 = process.cpuUsage(c0);
  engine.dispose();
  const ms = (c) => (c.user + c.system) / 1000;
  return { load: t1 - t0, create: t3 - t2, total: t3 - t0, mainCpu: run1 - run0, runQueue: wait1 - wait0, processCpu: ms(c1), settledCpu: ms(c2) };
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  console.log(JSON.stringify(await one(args[1], args[2], args[3])));
} else if (args[0] === '--make-snapshot') {
  const pk = await (await loadFrom(args[1]))();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(args[2], pk.catalogSnapshot(makeCatalog(1000)));
} else {
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const runs = Number(opt('--runs', 15));
  const input = opt('--input', 'snapshot');
  const nodeFlags = opt('--node-flags', '').split(' ').filter(Boolean);
  if (!['snapshot', 'object'].includes(input)) throw new Error('--input: snapshot or object');
  const dists = (args.length ? args : ['dist']).map((d) => resolve(d));
  const snapshotFile = join(tmpdir(), `promokit-cold-create-${process.pid}.bin`);
  const results = new Map(dists.map((d) => [d, []]));
  try {
    if (input === 'snapshot') execFileSync(process.execPath, [self, '--make-snapshot', dists[0], snapshotFile]);
    for (let r = 0; r < runs; r++)
      for (const d of dists)
        results.get(d).push(JSON.parse(execFileSync(process.execPath, [...nodeFlags, self, '--one', d, input, snapshotFile]).toString()));
  } finally {
    rmSync(snapshotFile, { force: true });
  }
  const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * q)];
  const keys = Object.keys(results.get(dists[0])[0]);
  console.log(`cold createEngine from the ${input}, ${runs} alternating runs${nodeFlags.length ? `, node ${nodeFlags.join(' ')}` : ''}; ms, median (quartiles)\n`);
  console.log(`| package | ${keys.join(' | ')} |\n|---|${keys.map(() => '---|').join('')}`);
  for (const [d, rs] of results) {
    const cells = keys.map((k) => {
      const xs = rs.map((x) => x[k]);
      return `${quantile(xs, 0.5).toFixed(1)} (${quantile(xs, 0.25).toFixed(1)}–${quantile(xs, 0.75).toFixed(1)})`;
    });
    console.log(`| ${d} | ${cells.join(' | ')} |`);
  }
}
