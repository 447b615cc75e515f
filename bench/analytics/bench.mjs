// Analytics benchmark, wasm and JS side. Each contender runs in its own Node process so its
// peak memory is its own. Usage (from run.sh):
//   node bench.mjs --table native76.json native1m.json|- small.csv big.csv|- [--smoke]
//   node bench.mjs --one wasm|wasm-bytes|wasm-stream|js FILE ITERATIONS   (a child: one JSON line;
//   with ITERATIONS > 1, two warm-up runs first and the median of the rest, the first call apart)
import { execFileSync } from 'node:child_process';
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { analyzeJs } from './reference.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const OPTIONS = { utcOffset: '+03:00' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Wall time and process CPU time (user + system): on a shared, loaded machine the CPU time is
// the fair figure for this single-threaded work.
function timed(fn, times, cpus) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const out = fn();
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1000);
  return out;
}
const segmentsOf = (report) => Object.fromEntries(report.segments.map((s) => [s.id, s.count]));

async function child(kind, file, iterations) {
  const times = [], cpus = [];
  let segments = null, heapMB = null, messages = null, first = null;
  // The input is read before timing (the admin app has the file in memory already): a string
  // for segment(text) and the JS reference, bytes for segment(bytes). The streamed run reads
  // its chunks inside the timing, as the native bench does.
  const text = kind === 'js' || kind === 'wasm' ? readFileSync(file, 'utf8') : null;
  const bytes = kind === 'wasm-bytes' ? readFileSync(file) : null;
  let once;
  if (kind === 'js') {
    once = () => analyzeJs(text, { utcOffsetMinutes: 180 });
  } else {
    const { loadPromokit } = await import(join(root, 'dist', 'promokit.node.mjs'));
    const pk = await loadPromokit();
    once = () => {
      // the whole text in one call, the report with every customer (what the admin app does)
      if (kind === 'wasm') return pk.analytics.segment(text, OPTIONS);
      if (kind === 'wasm-bytes') return pk.analytics.segment(bytes, OPTIONS);
      // streamed in 1 MB byte chunks, no per-customer rows (what a 1M-row file needs)
      const a = pk.analytics.createAnalyzer({ ...OPTIONS, includeCustomers: false });
      const fd = openSync(file, 'r');
      const buf = Buffer.allocUnsafe(1 << 20);
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) a.feed(buf.subarray(0, n));
      closeSync(fd);
      const r = a.finish();
      a.dispose();
      return r;
    };
    globalThis.__pk = pk;
  }
  // Steady state: two warm-up runs first (the first call of a process also pays for V8's
  // optimizing compiler, in the background on another core; it is reported on its own).
  const warm = iterations > 1 ? 2 : 0;
  for (let i = 0; i < warm + iterations; i++) {
    const t = [], c = [];
    const report = timed(once, t, c);
    if (i === 0) first = { ms: t[0], cpuMs: c[0] };
    if (i >= warm) {
      times.push(t[0]);
      cpus.push(c[0]);
    }
    if (kind === 'js') {
      segments = report.segments;
    } else {
      segments = segmentsOf(report);
      messages = report.summary.messages;
    }
  }
  if (kind !== 'js') heapMB = globalThis.__pk.memory().heapSize / 2 ** 20;  // wasm memory only grows: this is its peak
  const rssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms: median(times), cpuMs: median(cpus), first, heapMB, rssMB, segments, messages }));
}

function run(kind, file, iterations) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--one', kind, file, String(iterations)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

async function table(nativeSmall, nativeBig, small, big, smoke) {
  const iterations = smoke ? 1 : 5;
  const rows = [];
  const fmt = (x, d = 1) => (x === null || x === undefined ? '-' : x.toFixed(d));
  const add = (workload, contender, r, target) =>
    rows.push({ workload, contender, ms: r.ms, cpuMs: r.cpuMs, first: r.first, heapMB: r.heapMB, rssMB: r.rssMB ?? r.peakRssMB, target });
  const n = JSON.parse(nativeSmall);
  const label = `${n.messages.toLocaleString('en')} messages`;
  const w = run('wasm', small, iterations), wb = run('wasm-bytes', small, iterations), j = run('js', small, iterations);
  add(label, 'promokit wasm, segment(text)', w, smoke ? '' : '<= 150 ms');
  add(label, 'promokit wasm, segment(bytes)', wb, smoke ? '' : '<= 150 ms');
  add(label, 'promokit native', n, '');
  add(label, 'plain JS reference', j, '');
  // Key order differs (the native JSON sorts keys): compare with sorted keys.
  const canon = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
  const same = canon(w.segments) === canon(j.segments) && canon(w.segments) === canon(n.segments) && canon(wb.segments) === canon(w.segments);
  let ratios = `CPU time: wasm vs JS reference ${(j.cpuMs / w.cpuMs).toFixed(2)}x faster; native vs wasm ${(w.cpuMs / n.cpuMs).toFixed(2)}x`;
  if (big) {
    const nb = JSON.parse(nativeBig);
    const labelBig = `${nb.messages.toLocaleString('en')} messages`;
    const ws = run('wasm-stream', big, 1), jb = run('js', big, 1);
    add(labelBig, 'promokit wasm, streamed', ws, '<= 2 s, <= 64 MB');
    add(labelBig, 'promokit native, streamed', nb, '<= 2 s, <= 64 MB');
    add(labelBig, 'plain JS reference', jb, '');
    ratios += `\n1M, CPU time: wasm vs JS reference ${(jb.cpuMs / ws.cpuMs).toFixed(2)}x faster, ${(jb.rssMB / ws.rssMB).toFixed(1)}x less peak RSS`;
  }
  console.log('| workload | contender | CPU time (ms) | wall time (ms) | first call CPU / wall (ms) | wasm heap (MB) | peak RSS (MB) | target |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const first = r.first ? `${fmt(r.first.cpuMs)} / ${fmt(r.first.ms)}` : '-';
    console.log(`| ${r.workload} | ${r.contender} | ${fmt(r.cpuMs)} | ${fmt(r.ms)} | ${first} | ${fmt(r.heapMB)} | ${fmt(r.rssMB)} | ${r.target} |`);
  }
  console.log(`\nload average when measured: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (${(await import('node:os')).cpus().length} cores)`);
  console.log(`\n${ratios}`);
  console.log(`segment counts identical across contenders: ${same ? 'yes' : 'NO'} ${JSON.stringify(w.segments)}`);
  if (!same) process.exitCode = 1;
  if (smoke) console.log('smoke: analytics bench ran');
}

const args = process.argv.slice(2);
if (args[0] === '--one') await child(args[1], args[2], Number(args[3]));
else await table(readFileSync(args[1], 'utf8'), args[2] === '-' ? null : readFileSync(args[2], 'utf8'), args[3], args[4] === '-' ? null : args[4], args.includes('--smoke'));
