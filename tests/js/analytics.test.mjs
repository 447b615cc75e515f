// pk.analytics through the built package: the demo's ground truth, the same report as the
// native CLI on the same file, streaming in chunks, exports, and errors as PromokitError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { pk, PromokitError, root } from './load-dist.mjs';

const cli = join(root, 'build/native/promokit');
const demo = pk.analytics.generateDemo({ seed: 11, customers: 5143 });
const options = { ...demo.truth.options, maxExamples: 1000 };
const report = pk.analytics.segment(demo.csv, options);

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err;
  }
  assert.fail('no error');
}

test('the demo: segment counts, languages, cities and faults as the generator recorded them', () => {
  const t = demo.truth;
  assert.ok(t.messages > 74000 && t.messages < 80000, `${t.messages} messages`);
  assert.equal(report.summary.customers, t.customers);
  assert.equal(report.summary.messages, t.messages);
  assert.equal(report.summary.revenue, t.revenue);
  for (const s of report.segments) assert.equal(s.count, t.segments[s.id], s.id);
  assert.deepEqual(report.distributions.languages, t.languages);
  assert.deepEqual(report.distributions.cities, t.cities);
  for (const k of ['badRows', 'duplicates', 'clockSkew', 'unparseableAmounts']) {
    const lines = report.quality[k].examples.map((e) => e.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [...t.quality[k].lines].sort((a, b) => a - b), k);
  }
  assert.deepEqual(
    report.quality.outliers.map((o) => o.customer),
    t.quality.outliers,
  );
});

test('the CLI and the wasm API give the same report for the same file and options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-analytics-'));
  try {
    writeFileSync(join(dir, 'demo.csv'), demo.csv);
    writeFileSync(join(dir, 'options.json'), JSON.stringify(options));
    const out = execFileSync(cli, ['analyze', join(dir, 'demo.csv'), '--options', join(dir, 'options.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.deepEqual(JSON.parse(out), report);
    execFileSync(cli, ['analyze', join(dir, 'demo.csv'), '--options', join(dir, 'options.json'), '--format', 'csv', '--out', join(dir, 'out.csv')]);
    assert.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), pk.analytics.export(report, 'csv'));
    execFileSync(cli, ['analyze', join(dir, 'demo.csv'), '--options', join(dir, 'options.json'), '--format', 'html', '--out', join(dir, 'out.html')]);
    assert.equal(readFileSync(join(dir, 'out.html'), 'utf8'), pk.analytics.export(report, 'html'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an analyzer fed in chunks (strings or bytes) gives the same report', () => {
  const bytes = new TextEncoder().encode(demo.csv);
  for (const size of [4096, 1 << 20]) {
    const a = pk.analytics.createAnalyzer(options);
    for (let i = 0; i < bytes.length; i += size) a.feed(bytes.subarray(i, i + size));
    assert.deepEqual(a.finish(), report);
    a.dispose();
  }
  const s = pk.analytics.createAnalyzer(options);
  s.feed(demo.csv.slice(0, 1000)).feed(demo.csv.slice(1000));
  assert.deepEqual(s.finish(), report);
  assert.equal(codeOf(() => s.finish()).code, 'PK_INVALID_ARGUMENT');
  s.dispose();
  assert.equal(codeOf(() => s.feed('x')).code, 'PK_DISPOSED');
});

test('segment() takes bytes too, and frees the buffer the CSV and the report crossed in', () => {
  const bytes = new TextEncoder().encode(demo.csv);
  assert.deepEqual(pk.analytics.segment(bytes, options), report);
  assert.deepEqual(pk.analytics.segment(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), options), report);
  // another realm's bytes (a frame, a vm context): not instanceof this realm's classes
  const foreign = runInNewContext('new Uint8Array(n)', { n: bytes.length });
  foreign.set(bytes);
  assert.deepEqual(pk.analytics.segment(foreign, options), report);
  assert.deepEqual(pk.analytics.segment(foreign.buffer, options), report);
  assert.equal(codeOf(() => pk.analytics.segment({ [Symbol.toStringTag]: 'ArrayBuffer', byteLength: 3 })).code, 'PK_INVALID_ARGUMENT');
  assert.equal(codeOf(() => pk.analytics.segment({ [Symbol.toStringTag]: 'Uint8Array', length: 3 })).code, 'PK_INVALID_ARGUMENT');
  // megabytes in and out of the scratch buffer on every call: none of it may stay allocated
  const used = pk.memory().used;
  for (let i = 0; i < 3; i++) pk.analytics.segment(i % 2 ? bytes : demo.csv, options);
  assert.ok(pk.memory().used - used < 64 << 10, `${pk.memory().used - used} bytes kept`);
  // a failure in the core leaves nothing behind either, and the next call works
  assert.equal(codeOf(() => pk.analytics.segment(bytes, { thresholds: { loyalLoyalty: 3 } })).code, 'PK_ANALYTICS_OPTION');
  assert.equal(codeOf(() => pk.analytics.segment(new TextEncoder().encode('id,when\n1,2\n'))).code, 'PK_CSV_COLUMN_MISSING');
  assert.ok(pk.memory().used - used < 64 << 10, `${pk.memory().used - used} bytes kept after errors`);
  assert.deepEqual(pk.analytics.segment(bytes, options), report);
});

test('a string crosses in slices: a surrogate pair across a slice boundary stays one character', () => {
  // io.js packSlices encodes 2^18 UTF-16 units a slice: a name starting with an emoji (two
  // units) at every offset around the first boundary.
  const head = 'customer_id,timestamp,direction,text,amount,name\n';
  const row1 = 'a,2025-06-01 10:00,in,';
  for (let shift = -3; shift <= 3; shift++) {
    const pad = 'x'.repeat((1 << 18) - head.length - row1.length - 2 + shift);
    const csv = head + row1 + pad + ',,\u{1F600}Ann\nb,2025-06-02 10:00,in,hi,,Bo \u{1F600}\n';
    assert.equal(csv.indexOf('\u{1F600}'), (1 << 18) + shift);
    const r = pk.analytics.segment(csv, { now: '2025-06-30T00:00:00Z' });
    assert.deepEqual(
      r.customers.map((c) => c.name),
      ['\u{1F600}Ann', 'Bo \u{1F600}'],
      `shift ${shift}`,
    );
    assert.deepEqual(pk.analytics.segment(new TextEncoder().encode(csv), { now: '2025-06-30T00:00:00Z' }), r);
  }
});

test('exports: a CSV per customer and a standalone HTML page with charts', () => {
  const csv = pk.analytics.export(report, 'csv');
  const lines = csv.trimEnd().split('\r\n');
  assert.ok(lines[0].startsWith('customer_id,name,segments,recommended_offer'));
  // rows can hold quoted line breaks (names never do; messages do not either), so count ids
  assert.equal(lines.length - 1, report.customers.length);
  const html = pk.analytics.export(report, 'html');
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.ok((html.match(/<svg /g) || []).length >= 8, 'charts');
  assert.doesNotMatch(html, /<script|src=|href=|url\(/i);
  assert.ok(html.includes('TZS 1,960,000,000'));
  assert.equal(JSON.parse(pk.analytics.export(report, 'json')).summary.customers, report.summary.customers);
});

test('errors are PromokitErrors with a path, and the module stays usable', () => {
  const missing = codeOf(() => pk.analytics.segment('id,when\n1,2\n'));
  assert.equal(missing.code, 'PK_CSV_COLUMN_MISSING');
  assert.equal(missing.path, 'columns.customer');
  const bad = codeOf(() => pk.analytics.segment(demo.csv, { thresholds: { loyalLoyalty: 3 } }));
  assert.equal(bad.code, 'PK_ANALYTICS_OPTION');
  assert.equal(bad.path, 'thresholds.loyalLoyalty');
  assert.equal(codeOf(() => pk.analytics.segment(42)).code, 'PK_INVALID_ARGUMENT');
  assert.equal(codeOf(() => pk.analytics.export({}, 'csv')).code, 'PK_INVALID_ARGUMENT');
  const small = pk.analytics.segment('customer_id,timestamp,direction,text\nx,2025-01-01 10:00,in,Habari\n');
  assert.equal(small.summary.customers, 1);
});

test('A/B: assignment is deterministic, weighted, and evaluated per arm', () => {
  const arms = [0, 0, 0];
  for (let i = 0; i < 3000; i++) arms[pk.analytics.assignArm('spring', `c${i}`, [2, 1, 1])]++;
  assert.ok(Math.abs(arms[0] / 3000 - 0.5) < 0.04, `${arms}`);
  assert.equal(pk.analytics.assignArm('spring', 'c1', [2, 1, 1]), pk.analytics.assignArm('spring', 'c1', [2, 1, 1]));
  // the demo history before 1 June 2025 as the baseline, June as the outcome window
  const start = Date.parse('2025-06-01T00:00:00+03:00');
  const r = pk.analytics.segment(demo.csv, { ...options, experiment: { id: 'june', arms: ['control', 'winback'], start } });
  assert.equal(r.experiment.arms.length, 2);
  const total = r.experiment.arms.reduce((n, a) => n + a.customers, 0);
  assert.equal(total, r.experiment.population);
  for (const a of r.experiment.arms) {
    assert.ok(a.conversionRate.low <= a.conversionRate.value && a.conversionRate.value <= a.conversionRate.high);
  }
  assert.match(r.experiment.verdict, /control/);
});
